//! Cour de cassation dossiers: the attacked decision's number and the avocats aux Conseils on
//! pourvois, deadlines (échéances) computed from events, and the dossier's event timeline.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

fn fk_pourvoi(name: &'static str, table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, "pourvoi_id")
        .to("pourvoi", "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "pourvoi", string("decision_numero").default("")).await?;
        add(m, "pourvoi", string("avocats").default("")).await?;
        m.create_table(
            Table::create()
                .table("echeance")
                .col(string("id").primary_key())
                .col(string("pourvoi_id"))
                .col(string("rule_id"))
                .col(date("depart"))
                .col(date("due"))
                .col(text("steps"))
                .col(string("statut"))
                .foreign_key(&mut fk_pourvoi("fk_echeance_pourvoi", "echeance"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_echeance_pourvoi")
                .table("echeance")
                .col("pourvoi_id")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_echeance_due")
                .table("echeance")
                .col("statut")
                .col("due")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("evenement")
                .col(string("id").primary_key())
                .col(string("pourvoi_id"))
                .col(timestamp_with_time_zone("at"))
                .col(string("acteur"))
                .col(string("nature"))
                .col(text("detail"))
                .foreign_key(&mut fk_pourvoi("fk_evenement_pourvoi", "evenement"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_evenement_pourvoi")
                .table("evenement")
                .col("pourvoi_id")
                .col("at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("evenement").to_owned()).await?;
        m.drop_table(Table::drop().table("echeance").to_owned()).await?;
        for col in ["decision_numero", "avocats"] {
            m.alter_table(Table::alter().table("pourvoi").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
