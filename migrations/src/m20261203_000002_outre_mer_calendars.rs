//! Courts seated in a territory with an abolition-of-slavery day get that territory's holiday
//! calendar (loi n° 83-550 du 30 juin 1983). New databases get it from the reference data;
//! this moves the rows loaded before, unless someone already chose another calendar.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (calendar, court codes of `structure.csv`), as of this migration.
const COURTS: [(&str, &str); 5] = [
    ("guadeloupe", "'31', '213', '214'"),
    ("martinique", "'32', '215'"),
    ("guyane", "'43116', '216'"),
    ("la-reunion", "'33', '217', '218'"),
    ("mayotte", "'41809'"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (calendar, codes) in COURTS {
            db.execute_unprepared(&format!(
                "UPDATE juridiction SET calendar = '{calendar}' WHERE calendar = 'metropole' AND code IN ({codes})"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (calendar, codes) in COURTS {
            db.execute_unprepared(&format!(
                "UPDATE juridiction SET calendar = 'metropole' WHERE calendar = '{calendar}' AND code IN ({codes})"
            ))
            .await?;
        }
        Ok(())
    }
}
