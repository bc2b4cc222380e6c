//! The word index carries each pourvoi's stade and chambre (`''` when none is designated),
//! kept in step by every save of a pourvoi: a search by name with a stade or a chambre is
//! then read from the index alone, like one without, instead of looking up every pourvoi
//! found by its name (7,900 for a common surname at national volume).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_pourvoi_mot_filtre";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::add_column(m, "pourvoi_mot", string("stade").default("")).await?;
        crate::add_column(m, "pourvoi_mot", string("chambre").default("")).await?;
        let of_pourvoi =
            |col: &str| format!("(SELECT COALESCE(p.{col}, '') FROM pourvoi p WHERE p.id = pourvoi_mot.pourvoi_id)");
        m.get_connection()
            .execute_unprepared(&format!(
                "UPDATE pourvoi_mot SET stade = {}, chambre = {}",
                of_pourvoi("stade"),
                of_pourvoi("chambre")
            ))
            .await?;
        // The key's order, then the filters and the result's order: the whole search is read
        // from this index.
        m.create_index(crate::index(
            INDEX,
            "pourvoi_mot",
            &[
                "juridiction_id",
                "mot",
                "stade",
                "chambre",
                "date_pourvoi",
                "numero",
                "pourvoi_id",
            ],
        ))
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared("ANALYZE pourvoi_mot").await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(INDEX).table("pourvoi_mot").to_owned())
            .await?;
        for col in ["stade", "chambre"] {
            m.alter_table(Table::alter().table("pourvoi_mot").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
