//! Preparation and hearing details: prévenus' interpreter, lawyer and presence, parties
//! civiles, suspensions of an audience.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "prevenu", string("interprete").default("")).await?;
        add(m, "prevenu", string("avocat").default("")).await?;
        add(m, "prevenu", string("presence").default("")).await?;
        add(m, "audience", text("suspensions").default("[]")).await?;
        m.create_table(
            Table::create()
                .table("partie_civile")
                .col(string("id").primary_key())
                .col(string("affaire_id"))
                .col(string("nom"))
                .col(string("avocat"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_partie_civile_affaire")
                        .from("partie_civile", "affaire_id")
                        .to("affaire", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_partie_civile_affaire")
                .table("partie_civile")
                .col("affaire_id")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("partie_civile").to_owned()).await?;
        for (table, col) in [
            ("prevenu", "interprete"),
            ("prevenu", "avocat"),
            ("prevenu", "presence"),
            ("audience", "suspensions"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
