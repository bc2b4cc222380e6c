//! Rendering of the documents of [`crate::domain::document`] to the formats a greffe issues:
//! ODT to complete in a word processor (here), and PDF/A to send or print (typeset with Typst
//! by the `print` crate).

pub mod odt;
