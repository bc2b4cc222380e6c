//! Where the demandeur and the défendeur of a pourvoi live (`metropole`, `outre-mer`,
//! `etranger`): civil delays grow by one or two months for a party outre-mer or abroad
//! (délais de distance, art. 643 CPC). Existing pourvois are métropole, as computed so far.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "pourvoi", string("residence_demandeur").default("metropole")).await?;
        add(m, "pourvoi", string("residence_defendeur").default("metropole")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["residence_demandeur", "residence_defendeur"] {
            m.alter_table(Table::alter().table("pourvoi").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
