//! Pure domain types and rules: no IO, no HTTP, no SQL, no DOM.

#[macro_use]
mod codes;

pub mod account;
pub mod dates;
pub mod deadline;
pub mod decision;
pub mod dispatch;
pub mod document;
pub mod hearing;
pub mod import;
pub mod indicator;
pub mod juridiction;
pub mod offline;
pub mod pourvoi;
pub mod refusal;
pub mod role;
pub mod visa;
