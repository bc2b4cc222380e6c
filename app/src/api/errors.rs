//! The one place where what the store and the rules say becomes what the user is answered:
//! `StoreError` and `Refusal` to `AppError` (status and French sentence).

use crate::domain::refusal::Refusal;
use crate::error::AppError;
use crate::store::StoreError;

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid { field, message } => AppError::Validation { field, message },
            Refusal::State(message) => AppError::Conflict(message),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Busy => {
                tracing::warn!("database busy");
                AppError::Busy
            }
            StoreError::NotFound(what) => AppError::NotFound(what.into()),
            StoreError::Stale(message) | StoreError::Duplicate(message) => AppError::Conflict(message),
            StoreError::Conflict {
                constraint,
                foreign_key: false,
            } => AppError::Conflict(duplicate(&constraint).into()),
            StoreError::Conflict {
                constraint,
                foreign_key: true,
            } => {
                tracing::info!(constraint, "foreign key refused a write");
                AppError::validation("référence", "une référence pointe vers un enregistrement inexistant")
            }
            StoreError::Rule(r) => r.into(),
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Throttled => AppError::TooManyRequests,
            StoreError::Defect(what) => {
                tracing::error!(defect = %what, "store defect");
                AppError::Internal
            }
            StoreError::Db(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
        }
    }
}

/// What a unique constraint protects, by its name (PostgreSQL) or its column (SQLite).
fn duplicate(constraint: &str) -> &'static str {
    match constraint {
        "uq_pourvoi_numero" | "pourvoi.numero" => "ce numéro de pourvoi est déjà enregistré",
        "uq_procedure_numero_saisine"
        | "procedure_particuliere.juridiction_id, procedure_particuliere.numero_saisine" => {
            "une saisine de ce numéro est déjà enregistrée"
        }
        "uq_user_email" | "app_user.email" => "un compte existe déjà avec cette adresse",
        "ux_envoi_en_attente"
        | "envoi.juridiction_id, envoi.nature, envoi.objet, envoi.destinataire, envoi.qualite" => {
            "ce document attend déjà d'être envoyé à ce destinataire : il n'est pas préparé une seconde fois"
        }
        "uq_affaire_audience_parquet" | "affaire.audience_id, affaire.numero_parquet" => {
            "une affaire de ce numéro de parquet est déjà inscrite au rôle de cette audience"
        }
        "uq_note_affaire_version" | "note_audience.affaire_id, note_audience.version" => {
            "la note vient d'être enregistrée par quelqu'un d'autre"
        }
        _ => "cet enregistrement existe déjà",
    }
}
