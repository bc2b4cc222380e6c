//! PostgreSQL: a trigram index on the folded search text of pourvois, so that a search by a
//! party's name reads the matching rows instead of the whole stock (pg_trgm, a standard
//! extension; skipped where the server does not offer it, the search then scans). SQLite
//! scans the narrow column, fast enough at the national volume.

use sea_orm_migration::prelude::extension::postgres::Extension;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_pourvoi_recherche_trgm";

async fn trigrams_available(m: &SchemaManager<'_>) -> Result<bool, DbErr> {
    let query = Query::select()
        .expr(Expr::val(1))
        .from("pg_available_extensions")
        .and_where(Expr::col("name").eq("pg_trgm"))
        .to_owned();
    let conn = m.get_connection();
    Ok(conn
        .query_one_raw(conn.get_database_backend().build(&query))
        .await?
        .is_some())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres || !trigrams_available(m).await? {
            return Ok(());
        }
        let extension = Extension::create()
            .name("pg_trgm")
            .if_not_exists()
            .to_string(PostgresQueryBuilder);
        m.get_connection().execute_unprepared(&extension).await?;
        m.create_index(
            Index::create()
                .name(INDEX)
                .table("pourvoi")
                .col("recherche".into_index_column().with_operator_class("gin_trgm_ops"))
                .index_type(IndexType::Custom("gin".into_iden()))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        m.drop_index(Index::drop().name(INDEX).table("pourvoi").if_exists().to_owned())
            .await
    }
}
