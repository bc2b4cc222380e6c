//! Decisions store codes, not labels (expand): the sense of the decision on the action
//! publique (`sens`, e.g. `relaxe_partielle`) and the sanction (`sanction_code`, e.g.
//! `dispense_de_peine`), filled for the decisions already there by a backfill that reads each
//! decision's JSON; the pilotage cells of the decisions are then recounted by code.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "decision", string("sens").default("")).await?;
        add(m, "decision", string("sanction_code").default("")).await?;
        for tache in ["decision_codes", "stat_cell"] {
            m.exec_stmt(
                Query::insert()
                    .into_table("backfill")
                    .columns(["tache"])
                    .values_panic([tache.into()])
                    .on_conflict(OnConflict::column("tache").do_nothing().to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["sanction_code", "sens"] {
            m.alter_table(Table::alter().table("decision").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
