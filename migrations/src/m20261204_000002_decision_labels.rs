//! Decisions store codes, not labels (contract): the label columns `prevention` and
//! `sanction` go; the codes (`sens`, `sanction_code`) and the decision's JSON say it all, and
//! labels come from the domain when shown.
//!
//! Instances of an older release write these columns: upgrade every instance of one
//! database together (README, "Upgrades").

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["prevention", "sanction"] {
            m.alter_table(Table::alter().table("decision").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["prevention", "sanction"] {
            crate::add_column(m, "decision", string(col).default("")).await?;
        }
        // The labels come back with the next backfill of an older release, if any.
        Ok(())
    }
}
