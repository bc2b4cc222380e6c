//! Pilotage: the chambres of a juridiction's figures are read by juridiction first.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_stat_cell_juridiction_chambre")
                .table("stat_cell")
                .col("juridiction_id")
                .col("chambre")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_stat_cell_juridiction_chambre")
                .table("stat_cell")
                .to_owned(),
        )
        .await
    }
}
