//! Search by pourvoi number within a juridiction: equality on the juridiction and a range on
//! the number in one index (the planner otherwise walks the juridiction's whole stock).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::index;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            "ix_pourvoi_juridiction_numero",
            "pourvoi",
            &["juridiction_id", "numero"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_pourvoi_juridiction_numero")
                .table("pourvoi")
                .to_owned(),
        )
        .await
    }
}
