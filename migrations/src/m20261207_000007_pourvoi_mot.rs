//! A search by party or avocat reads a word index (`pourvoi_mot`: juridiction, folded word,
//! then the pourvoi's date and number, the order of the results) by range, on every backend,
//! instead of matching the folded text of every pourvoi of the juridiction: it counts the
//! pourvois found and picks the newest from the index alone. The folded column and
//! PostgreSQL's trigram index on it go. A backfill indexes the pourvois already there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TRIGRAMS: &str = "ix_pourvoi_recherche_trgm";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut mot = string("mot");
        if m.get_database_backend() == DbBackend::Postgres {
            mot.extra("COLLATE \"C\"");
        }
        m.create_table(
            Table::create()
                .table("pourvoi_mot")
                .col(big_integer("juridiction_id"))
                // Compared byte by byte on PostgreSQL too: a search reads the range from a
                // word to the word with its last character moved up (« martinez » to
                // « martine{ »), which a language's collation would sort differently.
                .col(mot)
                .col(date("date_pourvoi"))
                .col(string("numero"))
                .col(string("pourvoi_id"))
                .primary_key(
                    Index::create()
                        .col("juridiction_id")
                        .col("mot")
                        .col("date_pourvoi")
                        .col("numero")
                        .col("pourvoi_id"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("pourvoi_mot", "pourvoi_id")
                        .to("pourvoi", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pourvoi_mot_pourvoi")
                .table("pourvoi_mot")
                .col("pourvoi_id")
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.drop_index(Index::drop().name(TRIGRAMS).table("pourvoi").if_exists().to_owned())
                .await?;
        }
        m.alter_table(Table::alter().table("pourvoi").drop_column("recherche").to_owned())
            .await?;
        m.exec_stmt(
            Query::delete()
                .from_table("backfill")
                .and_where(Expr::col("tache").eq("pourvoi_recherche"))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table("backfill")
                .columns(["tache"])
                .values_panic(["pourvoi_mots".into()])
                .to_owned(),
        )
        .await
    }

    /// The folded column comes back empty (its backfill went with this change): the former
    /// search by name finds nothing until it is filled again.
    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::add_column(m, "pourvoi", text("recherche").default("")).await?;
        m.drop_table(Table::drop().table("pourvoi_mot").to_owned()).await
    }
}
