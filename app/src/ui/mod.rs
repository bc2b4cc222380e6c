//! User interface: pages, generic components, and the session context.

pub mod components;
pub mod format;
pub mod layout;
pub mod offline;
pub mod pages;
pub mod session;
