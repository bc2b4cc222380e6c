//! Rendering of the documents of [`crate::domain::document`] to the formats a greffe issues:
//! PDF to send or print, ODT to complete in a word processor.

pub mod odt;
pub mod pdf;
