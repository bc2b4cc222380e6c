//! Avis and notifications sent to the parties and their avocats: each dispatch prepared
//! (one recipient, one document of one record) and the bordereaux that record when and how
//! they left the greffe.

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
                .table("bordereau")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(integer("annee"))
                .col(integer("rang"))
                .col(string("numero"))
                .col(date("date_envoi"))
                .col(string("mode"))
                .col(big_integer("etabli_par"))
                .col(string("etabli_par_nom"))
                .col(timestamp_with_time_zone("etabli_le"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_bordereau_juridiction")
                        .from("bordereau", "juridiction_id")
                        .to("juridiction", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        // Greffiers closing bordereaux at once never get the same number.
        m.create_index(
            index("ux_bordereau_rang", "bordereau", &["juridiction_id", "annee", "rang"])
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("envoi")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(string("nature"))
                .col(string("objet"))
                .col(string_null("prevenu_id"))
                .col(string("dossier"))
                .col(string("destinataire"))
                .col(string("qualite"))
                .col(string("mode"))
                .col(timestamp_with_time_zone("prepare_le"))
                .col(big_integer("prepare_par"))
                .col(string("prepare_par_nom"))
                .col(string_null("bordereau_id"))
                .col(date_null("envoye_le"))
                // The code of the letter that left (the last issued when the bordereau was made).
                .col(string_null("code_envoye"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_envoi_juridiction")
                        .from("envoi", "juridiction_id")
                        .to("juridiction", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_envoi_bordereau")
                        .from("envoi", "bordereau_id")
                        .to("bordereau", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_envoi_objet", "envoi", &["juridiction_id", "objet"]))
            .await?;
        m.create_index(index(
            "ix_envoi_bordereau",
            "envoi",
            &["juridiction_id", "bordereau_id"],
        ))
        .await?;
        // One pending dispatch of a document to a recipient: two greffiers preparing the same
        // avis at once prepare it once (the same partial index on both backends).
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_envoi_en_attente ON envoi \
                 (juridiction_id, nature, objet, destinataire, qualite) WHERE bordereau_id IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("envoi").to_owned()).await?;
        m.drop_table(Table::drop().table("bordereau").to_owned()).await
    }
}
