//! The stock page counts the months that straddle an age-band boundary from the pourvois, by
//! day: an index holding juridiction, date, stade and chambre answers that count from the
//! index alone, without reading a row per pourvoi. It replaces `ix_pourvoi_juridiction_date`
//! (the same leading columns, which the pilotage reads).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: &str = "ix_pourvoi_juridiction_date";
const NEW: &str = "ix_pourvoi_juridiction_date_stade";

fn index(name: &str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table("pourvoi");
    for c in cols {
        i.col(*c);
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(NEW, &["juridiction_id", "date_pourvoi", "stade", "chambre"]))
            .await?;
        m.drop_index(Index::drop().name(OLD).table("pourvoi").to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(OLD, &["juridiction_id", "date_pourvoi"])).await?;
        m.drop_index(Index::drop().name(NEW).table("pourvoi").to_owned()).await
    }
}
