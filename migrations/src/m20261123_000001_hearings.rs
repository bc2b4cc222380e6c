//! Hearings in depth: preparation data on affaires, requalification history, full decisions,
//! renvois with their measure and the affaire they created, versioned notes d'audience.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Affaire: the affaire it continues after a renvoi, preparation checklist and scellés.
        add(m, "affaire", &mut string_null("origine_id")).await?;
        add(m, "affaire", text("checklist").default("{}")).await?;
        add(m, "affaire", text("scelles").default("")).await?;
        m.create_index(
            Index::create()
                .name("uq_affaire_audience_parquet")
                .table("affaire")
                .col("audience_id")
                .col("numero_parquet")
                .unique()
                .to_owned(),
        )
        .await?;
        add(m, "infraction", text("historique").default("[]")).await?;
        add(m, "decision", text("details").default("{}")).await?;
        add(m, "renvoi", string("mesure").default("aucune")).await?;
        add(m, "renvoi", text("observations").default("")).await?;
        add(m, "renvoi", &mut string_null("nouvelle_affaire_id")).await?;
        add(m, "renvoi", &mut timestamp_with_time_zone_null("decide_le")).await?;

        m.create_table(
            Table::create()
                .table("note_audience")
                .col(string("id").primary_key())
                .col(string("affaire_id"))
                .col(big_integer("version"))
                .col(text("texte"))
                .col(big_integer("auteur_id"))
                .col(string("auteur"))
                .col(timestamp_with_time_zone("ecrite_le"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_note_affaire")
                        .from("note_audience", "affaire_id")
                        .to("affaire", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_note_affaire_version")
                .table("note_audience")
                .col("affaire_id")
                .col("version")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("note_audience").to_owned()).await?;
        m.drop_index(
            Index::drop()
                .name("uq_affaire_audience_parquet")
                .table("affaire")
                .to_owned(),
        )
        .await?;
        for (table, col) in [
            ("affaire", "origine_id"),
            ("affaire", "checklist"),
            ("affaire", "scelles"),
            ("infraction", "historique"),
            ("decision", "details"),
            ("renvoi", "mesure"),
            ("renvoi", "observations"),
            ("renvoi", "nouvelle_affaire_id"),
            ("renvoi", "decide_le"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
