//! The `greffe` server: configuration, start-up and the HTTP router.

pub mod backup;
pub mod config;
pub mod executor;
pub mod offline;
pub mod startup;
