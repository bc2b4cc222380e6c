//! Pilotage: pre-aggregated counts (one row per indicator, juridiction, chambre, month and
//! category), kept up to date by every write that changes them, and the indexes that make
//! refreshing one month of one chambre cheap.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("stat_cell")
                .col(string("indicateur"))
                .col(big_integer("juridiction_id"))
                .col(integer("mois"))
                .col(string("chambre"))
                .col(string("categorie"))
                .col(big_integer("n"))
                .primary_key(
                    Index::create()
                        .col("indicateur")
                        .col("juridiction_id")
                        .col("mois")
                        .col("chambre")
                        .col("categorie"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audience_juridiction_chambre_date")
                .table("audience")
                .col("juridiction_id")
                .col("chambre")
                .col("date")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pourvoi_juridiction_date")
                .table("pourvoi")
                .col("juridiction_id")
                .col("date_pourvoi")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_pourvoi_juridiction_date")
                .table("pourvoi")
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_audience_juridiction_chambre_date")
                .table("audience")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("stat_cell").to_owned()).await
    }
}
