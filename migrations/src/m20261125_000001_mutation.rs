//! Offline hearings: the changes a browser queued while offline, each applied once. A
//! mutation's row is written in the same transaction as its change, so a replay (lost
//! confirmation, browser closed mid-sync, server restarted) finds it and changes nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("mutation")
                .col(string("id").primary_key())
                .col(big_integer("user_id"))
                .col(string("affaire_id"))
                .col(string("kind"))
                // The outcome as JSON, answered again on a replay.
                .col(text("outcome"))
                .col(timestamp_with_time_zone("applied_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_mutation_user")
                        .from("mutation", "user_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("mutation").to_owned()).await
    }
}
