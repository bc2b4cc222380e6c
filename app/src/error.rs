//! `AppError`: the one error type every server function returns and every page can act on.

use serde::{Deserialize, Serialize};

/// Errors the UI can act on. Messages are French and safe to show; database detail never
/// leaves the server (it is logged where the error is created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, schemars::JsonSchema)]
pub enum AppError {
    #[error("Introuvable : {0}")]
    NotFound(String),
    #[error("{message}")]
    Validation { field: String, message: String },
    #[error("Conflit : {0}")]
    Conflict(String),
    #[error("Vous devez vous connecter.")]
    Unauthorized,
    #[error("Vous n'avez pas accès à cette ressource.")]
    Forbidden,
    #[error("Trop de tentatives : réessayez dans quelques minutes.")]
    TooManyRequests,
    #[error("Erreur interne : l'opération n'a pas été effectuée.")]
    Internal,
    /// Another writer held the data a moment too long: nothing was changed, the same request
    /// may be sent again (the server already retried it).
    #[error("Le serveur est très sollicité : l'opération n'a pas été effectuée, réessayez dans un instant.")]
    Busy,
    /// The browser could not reach the server (network down, server stopped).
    #[error("Serveur injoignable : vérifiez la connexion réseau.")]
    Unreachable,
}

impl AppError {
    /// A validation error on one field.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The HTTP status that matches this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound(_) => 404,
            Self::Validation { .. } => 422,
            Self::Conflict(_) => 409,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::TooManyRequests => 429,
            Self::Internal => 500,
            Self::Busy | Self::Unreachable => 503,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The parser's own words are English and technical: logged, not shown.
            E::Args(msg) | E::Deserialization(msg) => {
                #[cfg(feature = "ssr")]
                tracing::info!(detail = %msg, "request body refused");
                #[cfg(not(feature = "ssr"))]
                let _ = msg;
                Self::validation(
                    "requête",
                    "Requête invalide : son contenu ne correspond pas au format attendu ; rien n'a été modifié.",
                )
            }
            E::Request(_) => Self::Unreachable,
            _ => Self::Internal,
        }
    }
}
