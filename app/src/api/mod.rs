//! Server functions, one file per concept. Each one is a public endpoint: it checks the
//! session, the role, and the juridiction of the record it touches.

pub mod admin;
pub mod audiencement;
pub mod auth;
pub mod dispatch;
pub mod documents;
pub mod dossiers;
pub mod hearings;
pub mod home;
pub mod offline;
pub mod pilotage;
pub mod procedures;
pub mod templates;
pub mod visa;

#[cfg(feature = "ssr")]
mod errors;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod openapi;
