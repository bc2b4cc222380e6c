//! The président's visas of the notes d'audience (art. 453 CPP): who, when, and which note
//! versions each visa covers. Rows are only added: a note changed after a visa gets a new one.

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
                .table("visa_notes")
                .col(string("id").primary_key())
                .col(string("audience_id"))
                .col(big_integer("president_id"))
                .col(string("president"))
                .col(timestamp_with_time_zone("vise_le"))
                .col(text("empreinte"))
                .col(integer("notes"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_visa_notes_audience")
                        .from("visa_notes", "audience_id")
                        .to("audience", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_visa_notes_president")
                        .from("visa_notes", "president_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_visa_notes_audience",
            "visa_notes",
            &["audience_id", "vise_le"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("visa_notes").to_owned()).await
    }
}
