//! Document templates per juridiction: every version an admin saves (never changed once
//! saved), and which version is in force for each kind of document (none: Greffe's own).

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
                .table("modele_document")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(string("nature"))
                .col(integer("version"))
                .col(text("source"))
                .col(string("commentaire"))
                .col(big_integer("cree_par"))
                .col(string("cree_par_nom"))
                .col(timestamp_with_time_zone("cree_le"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_modele_document_juridiction")
                        .from("modele_document", "juridiction_id")
                        .to("juridiction", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        // Two admins saving at once never get the same version number.
        m.create_index(
            index(
                "ux_modele_document_version",
                "modele_document",
                &["juridiction_id", "nature", "version"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("modele_en_vigueur")
                .col(big_integer("juridiction_id"))
                .col(string("nature"))
                // None: back to Greffe's default template.
                .col(string_null("modele_id"))
                .col(timestamp_with_time_zone("depuis"))
                .col(string("par_nom"))
                .primary_key(Index::create().col("juridiction_id").col("nature"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_modele_en_vigueur_modele")
                        .from("modele_en_vigueur", "modele_id")
                        .to("modele_document", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("modele_en_vigueur").to_owned())
            .await?;
        m.drop_table(Table::drop().table("modele_document").to_owned()).await
    }
}
