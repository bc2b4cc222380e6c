//! Notifications kept for later: who made each dossier event (so a user is not told of his
//! own), and until when each user has read the events of his dossiers.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::add_column as add;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "evenement", &mut big_integer_null("acteur_id")).await?;
        m.create_table(
            Table::create()
                .table("notification_lue")
                .col(big_integer("user_id").primary_key())
                .col(timestamp_with_time_zone("vues_le"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_notification_lue_user")
                        .from("notification_lue", "user_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("notification_lue").to_owned()).await?;
        m.alter_table(Table::alter().table("evenement").drop_column("acteur_id").to_owned())
            .await
    }
}
