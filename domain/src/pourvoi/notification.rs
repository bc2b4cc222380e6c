//! Events of a dossier as its people see them: notifications and live events.

use serde::{Deserialize, Serialize};

/// An event on one of the user's dossiers (assigned or followed), made by someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Notification {
    pub pourvoi_id: String,
    pub numero: String,
    /// Europe/Paris local time.
    pub at: String,
    /// The same instant, RFC 3339 in UTC: what "read up to here" sends back.
    pub instant: String,
    pub acteur: String,
    pub detail: String,
    /// Made since the user last marked his notifications read.
    pub nouvelle: bool,
}

/// The latest events of the user's dossiers, newest first, and how many he has not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Notifications {
    pub non_lues: i64,
    pub evenements: Vec<Notification>,
}

/// Most notifications listed.
pub const NOTIFICATIONS_LIMIT: u64 = 50;

/// An event of a dossier as pushed live to the browsers that watch it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LiveEvent {
    /// The event's id in the timeline (`id:` of the server-sent event).
    pub id: String,
    pub pourvoi_id: String,
    pub numero: String,
    pub juridiction_id: i64,
    /// Europe/Paris local time.
    pub at: String,
    pub acteur_id: i64,
    pub acteur: String,
    pub nature: String,
    pub detail: String,
}
