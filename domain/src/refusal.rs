//! Why a rule refuses a change: one type for every rule of the domain, turned into the
//! answer the user sees (422 for a field, 409 for a state) in one place of the server.

use serde::{Deserialize, Serialize};

/// A change the rules refuse, with a French sentence that says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Refusal {
    /// A value is wrong: the field it came from and what is expected.
    Invalid { field: String, message: String },
    /// The record is not in a state that allows the change ("l'arrêt est rendu…").
    State(String),
}

impl Refusal {
    /// A wrong value of `field`.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// A change the record's state forbids.
    pub fn state(message: impl Into<String>) -> Self {
        Self::State(message.into())
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid { message, .. } | Self::State(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Refusal {}

/// The forms' `(field, message)` refusals.
impl From<(String, String)> for Refusal {
    fn from((field, message): (String, String)) -> Self {
        Self::Invalid { field, message }
    }
}

impl From<(&str, &str)> for Refusal {
    fn from((field, message): (&str, &str)) -> Self {
        Self::invalid(field, message)
    }
}
