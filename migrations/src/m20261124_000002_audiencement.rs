//! Audiencement at the Cour de cassation: the séances of each chambre, and the séance a
//! dossier is scheduled to.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::{add_column as add, index};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("seance")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(string("chambre"))
                .col(string("formation"))
                .col(date("date"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_seance_juridiction")
                        .from("seance", "juridiction_id")
                        .to("juridiction", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_seance_juridiction_date",
            "seance",
            &["juridiction_id", "date"],
        ))
        .await?;
        add(m, "pourvoi", &mut string_null("seance_id")).await?;
        m.create_index(index("ix_pourvoi_seance", "pourvoi", &["seance_id"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_pourvoi_seance").table("pourvoi").to_owned())
            .await?;
        m.alter_table(Table::alter().table("pourvoi").drop_column("seance_id").to_owned())
            .await?;
        m.drop_table(Table::drop().table("seance").to_owned()).await
    }
}
