//! One module per page.

pub mod accessibility;
pub mod admin;
pub mod affaire;
pub mod audiences;
pub mod dispatch;
pub mod errors;
pub mod guard;
pub mod home;
pub mod login;
pub mod notifications;
pub mod pilotage;
pub mod pourvois;
pub mod procedures;
pub mod seances;
pub mod stock;
pub mod templates;
pub mod verification;
pub mod visa;
