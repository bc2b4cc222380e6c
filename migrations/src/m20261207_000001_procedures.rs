//! The Cour de cassation's special procedures (QPC, demande d'avis, radiation, réinscription,
//! déchéance, désistement, non-admission, suspicion légitime, rabat d'arrêt): each on its
//! pourvoi or a saisine with its own number, with its own deadline and its end.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::index;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("procedure_particuliere")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(string("nature"))
                .col(string_null("pourvoi_id"))
                // A saisine's own number; NULL for a procedure on a pourvoi (unique otherwise).
                .col(string_null("numero_saisine"))
                .col(string("matiere"))
                .col(text("origine"))
                .col(text("objet"))
                .col(date("date_saisine"))
                // Its own deadline (rule, start, due, "why this date"), when the law gives one.
                .col(string_null("rule_id"))
                .col(date_null("due"))
                .col(text("steps"))
                // Rules of the pourvoi this procedure interrupted (comma-separated).
                .col(text("interrompues"))
                .col(string_null("issue"))
                .col(date_null("date_fin"))
                .col(string_null("acte"))
                .col(string("source_fin"))
                .col(big_integer("cree_par"))
                .col(string("cree_par_nom"))
                .col(timestamp_with_time_zone("cree_le"))
                .col(big_integer("version"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_procedure_pourvoi")
                        .from("procedure_particuliere", "pourvoi_id")
                        .to("pourvoi", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_procedure_juridiction")
                        .from("procedure_particuliere", "juridiction_id")
                        .to("juridiction", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "uq_procedure_numero_saisine",
                "procedure_particuliere",
                &["juridiction_id", "numero_saisine"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_procedure_pourvoi",
            "procedure_particuliere",
            &["pourvoi_id", "nature"],
        ))
        .await?;
        m.create_index(index(
            "ix_procedure_en_cours",
            "procedure_particuliere",
            &["juridiction_id", "issue", "due"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("procedure_particuliere").to_owned())
            .await
    }
}
