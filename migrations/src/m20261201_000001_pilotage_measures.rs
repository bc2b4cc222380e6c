//! Pilotage of quanta and durations: one row per peine pronounced (nature and quantum, so
//! they can be summed), the time an audience actually sat, the day a deadline was closed, and
//! the backfills the application runs once, after this migration, on data already there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::{add_column as add, index};

/// Backfills the application runs at its next start (they need the domain's types): peine
/// rows from the decisions' JSON, the audiences' sitting time from their chrono, and a
/// recount of the pilotage figures for the new indicators.
const BACKFILLS: [&str; 3] = ["peines", "minutes_siegees", "stat_cell"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("peine")
                .col(string("id").primary_key())
                .col(string("decision_id"))
                .col(integer("rang"))
                .col(string("nature"))
                .col(big_integer("quantum"))
                .col(string("unite"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_peine_decision")
                        .from("peine", "decision_id")
                        .to("decision", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_peine_decision", "peine", &["decision_id"]))
            .await?;
        add(m, "audience", &mut big_integer_null("minutes_siegees")).await?;
        add(m, "echeance", &mut date_null("close_le")).await?;
        // Refreshing one month of arrêts or deadlines reads that month only.
        m.create_index(index("ix_arret_date", "arret", &["date_arret"])).await?;
        m.create_index(index("ix_echeance_due_seule", "echeance", &["due"]))
            .await?;
        m.create_index(index("ix_affectation_user", "affectation", &["user_id", "fin"]))
            .await?;
        m.create_table(
            Table::create()
                .table("backfill")
                .col(string("tache").primary_key())
                .to_owned(),
        )
        .await?;
        for tache in BACKFILLS {
            m.exec_stmt(
                Query::insert()
                    .into_table("backfill")
                    .columns(["tache"])
                    .values_panic([tache.into()])
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("backfill").to_owned()).await?;
        for (ix, table) in [
            ("ix_affectation_user", "affectation"),
            ("ix_echeance_due_seule", "echeance"),
            ("ix_arret_date", "arret"),
        ] {
            m.drop_index(Index::drop().name(ix).table(table).to_owned()).await?;
        }
        for (table, col) in [("echeance", "close_le"), ("audience", "minutes_siegees")] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table("peine").to_owned()).await
    }
}
