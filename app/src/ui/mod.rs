//! User interface: pages, generic components, and the session context.

pub mod components;
pub mod format;
pub mod offline;
pub mod pages;
pub mod session;
