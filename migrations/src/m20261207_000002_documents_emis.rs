//! Every document Greffe issues, by its verification code: what, for which record, by whom,
//! when, and the SHA-256 of the file delivered (a copy in hand is checked against it).

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
                .table("document_emis")
                .col(string("code").primary_key())
                .col(big_integer("juridiction_id"))
                .col(string("nature"))
                .col(string("objet"))
                .col(string("nom"))
                .col(string("format"))
                .col(string("sha256"))
                .col(big_integer("taille"))
                .col(big_integer("emis_par"))
                .col(string("emis_par_nom"))
                .col(timestamp_with_time_zone("emis_le"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_document_emis_juridiction")
                        .from("document_emis", "juridiction_id")
                        .to("juridiction", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_document_emis_sha256", "document_emis", &["sha256"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("document_emis").to_owned()).await
    }
}
