//! Cour de cassation dossier workflow: the magistrats' chambre, the pourvoi's formation,
//! assignment history, the inventory of pièces (content stored with its SHA-256), dossiers
//! followed by users, the arrêt, and why a deadline was closed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

use crate::{add_column as add, index};

fn fk(name: &'static str, table: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, "app_user", &mut string_null("chambre")).await?;
        add(m, "pourvoi", string("formation").default("")).await?;
        add(m, "echeance", string("cloture").default("")).await?;
        m.create_table(
            Table::create()
                .table("affectation")
                .col(string("id").primary_key())
                .col(string("pourvoi_id"))
                .col(string("fonction"))
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("debut"))
                .col(timestamp_with_time_zone_null("fin"))
                .col(string("par"))
                .col(string("motif"))
                .foreign_key(&mut fk(
                    "fk_affectation_pourvoi",
                    "affectation",
                    "pourvoi_id",
                    "pourvoi",
                ))
                .foreign_key(&mut fk("fk_affectation_user", "affectation", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_affectation_pourvoi", "affectation", &["pourvoi_id", "debut"]))
            .await?;
        m.create_table(
            Table::create()
                .table("piece")
                .col(string("id").primary_key())
                .col(string("pourvoi_id"))
                .col(string("nature"))
                .col(date("date_piece"))
                .col(string("deposant"))
                .col(string("nom_fichier"))
                .col(string("mime"))
                .col(big_integer("taille"))
                .col(string("sha256"))
                .col(blob("contenu"))
                .col(timestamp_with_time_zone("at"))
                .col(string("par"))
                .foreign_key(&mut fk("fk_piece_pourvoi", "piece", "pourvoi_id", "pourvoi"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("uq_piece_sha256", "piece", &["pourvoi_id", "sha256"])
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("suivi")
                .col(string("pourvoi_id"))
                .col(big_integer("user_id"))
                .primary_key(Index::create().col("pourvoi_id").col("user_id"))
                .foreign_key(&mut fk("fk_suivi_pourvoi", "suivi", "pourvoi_id", "pourvoi"))
                .foreign_key(&mut fk("fk_suivi_user", "suivi", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_suivi_user", "suivi", &["user_id"])).await?;
        m.create_table(
            Table::create()
                .table("arret")
                .col(string("pourvoi_id").primary_key())
                .col(string("solution"))
                .col(date("date_arret"))
                .col(string("formation"))
                .col(string("ecli"))
                .col(string("source"))
                .col(text("sommaire"))
                .col(timestamp_with_time_zone("at"))
                .foreign_key(&mut fk("fk_arret_pourvoi", "arret", "pourvoi_id", "pourvoi"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_pourvoi_avocat_general", "pourvoi", &["avocat_general_id"]))
            .await?;
        m.create_index(index(
            "ix_pourvoi_chambre_stade",
            "pourvoi",
            &["juridiction_id", "chambre", "stade"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["arret", "suivi", "piece", "affectation"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for ix in ["ix_pourvoi_avocat_general", "ix_pourvoi_chambre_stade"] {
            m.drop_index(Index::drop().name(ix).table("pourvoi").to_owned()).await?;
        }
        for (t, c) in [
            ("app_user", "chambre"),
            ("pourvoi", "formation"),
            ("echeance", "cloture"),
        ] {
            m.alter_table(Table::alter().table(t).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
