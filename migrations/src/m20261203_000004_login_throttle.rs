//! Login throttling kept per key (`compte:{email}|{address}` and `adresse:{address}`): the
//! attempts counted, until when the key is blocked, and the last attempt (to forget quiet
//! keys). Replaces counting failures in the audit log, which could not reserve an attempt
//! atomically.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::index;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("login_throttle")
                .col(string("cle").primary_key())
                .col(string("email"))
                .col(string("adresse"))
                .col(integer("echecs"))
                .col(timestamp_with_time_zone_null("bloque_jusqu_a"))
                .col(timestamp_with_time_zone("dernier_essai"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_login_throttle_email", "login_throttle", &["email"]))
            .await?;
        m.create_index(index(
            "ix_login_throttle_dernier_essai",
            "login_throttle",
            &["dernier_essai"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("login_throttle").to_owned()).await
    }
}
