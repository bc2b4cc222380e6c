//! Search by party or avocat on one folded column (lower case, no accents), filled by a
//! backfill for the pourvois already there: one LIKE per row instead of three with a
//! function call each.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "pourvoi", text("recherche").default("")).await?;
        m.exec_stmt(
            Query::insert()
                .into_table("backfill")
                .columns(["tache"])
                .values_panic(["pourvoi_recherche".into()])
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("pourvoi").drop_column("recherche").to_owned())
            .await
    }
}
