//! Foundation schema: juridictions, users, sessions, audit log, reference lists,
//! and the first shape of hearings and pourvois (extended additively later).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(name: &'static str, from: (&'static str, &'static str), to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

use crate::index;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("juridiction")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("libelle"))
                .col(string("kind"))
                .col(big_integer_null("cour_appel_id"))
                .col(string("calendar"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("app_user")
                .col(big_pk_auto("id"))
                .col(string("email"))
                .col(string("display_name"))
                .col(string("role"))
                .col(big_integer("juridiction_id"))
                .col(string("password_hash"))
                .col(boolean("active"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fk_user_juridiction",
                    ("app_user", "juridiction_id"),
                    "juridiction",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("uq_user_email", "app_user", &["email"]).unique().to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table("app_session")
                .col(string("id").primary_key())
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .col(string("ip"))
                .foreign_key(&mut fk("fk_session_user", ("app_session", "user_id"), "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_session_user", "app_session", &["user_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(big_integer_null("user_id"))
                .col(string_null("actor"))
                .col(big_integer_null("juridiction_id"))
                .col(string("action"))
                .col(string("entity"))
                .col(string_null("entity_id"))
                .col(string("ip"))
                .col(boolean("success"))
                .col(text_null("detail"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_audit_at", "audit_log", &["at"])).await?;
        m.create_index(index("ix_audit_juridiction_at", "audit_log", &["juridiction_id", "at"]))
            .await?;

        m.create_table(
            Table::create()
                .table("referentiel")
                .col(string("list"))
                .col(integer("position"))
                .col(string("code"))
                .col(string("libelle"))
                .col(string_null("mnemo"))
                .primary_key(Index::create().col("list").col("position"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("natinf")
                .col(big_pk_auto("id"))
                .col(string("code"))
                .col(string("nature"))
                .col(text("qualification"))
                .col(text_null("defined_by"))
                .col(text_null("punished_by"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_natinf_code", "natinf", &["code"])).await?;

        m.create_table(
            Table::create()
                .table("audience")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(date("date"))
                .col(string("heure_debut"))
                .col(string("chambre"))
                .col(string("formation"))
                .col(string("president"))
                .col(string_null("assesseurs"))
                .col(string("ministere_public"))
                .col(string("greffier"))
                .col(big_integer_null("greffier_id"))
                .col(integer("prevues"))
                .col(integer("maximum"))
                .col(integer("duree_estimee_min"))
                .col(timestamp_with_time_zone_null("debut_reel"))
                .col(timestamp_with_time_zone_null("fin_reel"))
                .col(big_integer("version"))
                .foreign_key(&mut fk(
                    "fk_audience_juridiction",
                    ("audience", "juridiction_id"),
                    "juridiction",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ix_audience_juridiction_date",
            "audience",
            &["juridiction_id", "date"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("affaire")
                .col(string("id").primary_key())
                .col(string("audience_id"))
                .col(big_integer("juridiction_id"))
                .col(string("numero_parquet"))
                .col(integer("rang"))
                .col(string("etat"))
                .col(date_null("date_faits"))
                .col(date_null("date_poursuite"))
                .col(big_integer("version"))
                .foreign_key(&mut fk("fk_affaire_audience", ("affaire", "audience_id"), "audience"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_affaire_audience_rang", "affaire", &["audience_id", "rang"]))
            .await?;
        m.create_index(index(
            "ix_affaire_juridiction_parquet",
            "affaire",
            &["juridiction_id", "numero_parquet"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("prevenu")
                .col(string("id").primary_key())
                .col(string("affaire_id"))
                .col(string("nom"))
                .col(string("prenom"))
                .col(date_null("date_naissance"))
                .col(string("statut"))
                .col(string("mode_poursuite"))
                .col(string("mode_comparution"))
                .foreign_key(&mut fk("fk_prevenu_affaire", ("prevenu", "affaire_id"), "affaire"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_prevenu_affaire", "prevenu", &["affaire_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("infraction")
                .col(string("id").primary_key())
                .col(string("prevenu_id"))
                .col(string_null("natinf_code"))
                .col(text("qualification"))
                .foreign_key(&mut fk(
                    "fk_infraction_prevenu",
                    ("infraction", "prevenu_id"),
                    "prevenu",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_infraction_prevenu", "infraction", &["prevenu_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("decision")
                .col(string("id").primary_key())
                .col(string("prevenu_id"))
                .col(string("prevention"))
                .col(string("sanction"))
                .col(string("nature"))
                .col(text("peines"))
                .col(timestamp_with_time_zone("rendue_le"))
                .foreign_key(&mut fk("fk_decision_prevenu", ("decision", "prevenu_id"), "prevenu"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_decision_prevenu", "decision", &["prevenu_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("renvoi")
                .col(string("id").primary_key())
                .col(string("affaire_id"))
                .col(string("motif"))
                .col(date("nouvelle_date"))
                .col(string_null("audience_cible_id"))
                .foreign_key(&mut fk("fk_renvoi_affaire", ("renvoi", "affaire_id"), "affaire"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_renvoi_affaire", "renvoi", &["affaire_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("pourvoi")
                .col(string("id").primary_key())
                .col(big_integer("juridiction_id"))
                .col(string("numero"))
                .col(string("matiere"))
                .col(string_null("chambre"))
                .col(date("date_pourvoi"))
                .col(string("decision_juridiction"))
                .col(date("decision_date"))
                .col(string("demandeur"))
                .col(string("defendeur"))
                .col(boolean("detenu"))
                .col(string("stade"))
                .col(big_integer_null("rapporteur_id"))
                .col(big_integer_null("avocat_general_id"))
                .col(big_integer("version"))
                .foreign_key(&mut fk(
                    "fk_pourvoi_juridiction",
                    ("pourvoi", "juridiction_id"),
                    "juridiction",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("uq_pourvoi_numero", "pourvoi", &["numero"]).unique().to_owned())
            .await?;
        m.create_index(index("ix_pourvoi_rapporteur", "pourvoi", &["rapporteur_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "pourvoi",
            "renvoi",
            "decision",
            "infraction",
            "prevenu",
            "affaire",
            "audience",
            "natinf",
            "referentiel",
            "audit_log",
            "app_session",
            "app_user",
            "juridiction",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
