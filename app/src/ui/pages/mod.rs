//! One module per page.

pub mod accessibility;
pub mod admin;
pub mod errors;
pub mod home;
pub mod login;
