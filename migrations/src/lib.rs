//! Database schema of Greffe, as additive sea-orm migrations that run on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261123_000001_hearings;
mod m20261123_000002_preparation;
mod m20261123_000003_dossiers;
mod m20261123_000004_pilotage;
mod m20261123_000005_pilotage_scope;
mod m20261124_000001_dossier_workflow;
mod m20261124_000002_audiencement;
mod m20261125_000001_mutation;
mod m20261125_000002_pourvoi_numero;
mod m20261201_000001_pilotage_measures;
mod m20261201_000002_notifications;
mod m20261201_000003_pourvoi_recherche;
mod m20261201_000004_pourvoi_recherche_trgm;
mod m20261203_000001_audit_append_only;
mod m20261203_000002_outre_mer_calendars;
mod m20261203_000003_pourvoi_residences;
mod m20261203_000004_login_throttle;
mod m20261203_000005_visa_notes;
mod m20261204_000001_decision_codes;
mod m20261204_000002_decision_labels;
mod m20261207_000001_procedures;
mod m20261207_000002_documents_emis;
mod m20261207_000003_stock_cellule;
mod m20261207_000004_modeles;
mod m20261207_000005_envois;
mod m20261207_000006_pourvoi_stock_jour;
mod m20261207_000007_pourvoi_mot;
mod m20261207_000008_pourvoi_mot_filtre;

/// Adds one column; SQLite takes one column per ALTER TABLE, so each is its own statement.
async fn add_column(m: &SchemaManager<'_>, table: &'static str, col: &mut ColumnDef) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

/// An index named `name` on `cols` of `table`.
fn index(name: &'static str, table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for col in cols {
        stmt.col(*col);
    }
    stmt
}

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261123_000001_hearings::Migration),
            Box::new(m20261123_000002_preparation::Migration),
            Box::new(m20261123_000003_dossiers::Migration),
            Box::new(m20261123_000004_pilotage::Migration),
            Box::new(m20261123_000005_pilotage_scope::Migration),
            Box::new(m20261124_000001_dossier_workflow::Migration),
            Box::new(m20261124_000002_audiencement::Migration),
            Box::new(m20261125_000001_mutation::Migration),
            Box::new(m20261125_000002_pourvoi_numero::Migration),
            Box::new(m20261201_000001_pilotage_measures::Migration),
            Box::new(m20261201_000002_notifications::Migration),
            Box::new(m20261201_000003_pourvoi_recherche::Migration),
            Box::new(m20261201_000004_pourvoi_recherche_trgm::Migration),
            Box::new(m20261203_000001_audit_append_only::Migration),
            Box::new(m20261203_000002_outre_mer_calendars::Migration),
            Box::new(m20261203_000003_pourvoi_residences::Migration),
            Box::new(m20261203_000004_login_throttle::Migration),
            Box::new(m20261203_000005_visa_notes::Migration),
            Box::new(m20261204_000001_decision_codes::Migration),
            Box::new(m20261204_000002_decision_labels::Migration),
            Box::new(m20261207_000001_procedures::Migration),
            Box::new(m20261207_000002_documents_emis::Migration),
            Box::new(m20261207_000003_stock_cellule::Migration),
            Box::new(m20261207_000004_modeles::Migration),
            Box::new(m20261207_000005_envois::Migration),
            Box::new(m20261207_000006_pourvoi_stock_jour::Migration),
            Box::new(m20261207_000007_pourvoi_mot::Migration),
            Box::new(m20261207_000008_pourvoi_mot_filtre::Migration),
        ]
    }
}
