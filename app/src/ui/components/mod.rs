//! Generic widgets that take values or signals.

pub mod alert;
pub mod batch;
pub mod documents;
pub mod field;
pub mod hydration;
pub mod keyed;
pub mod live;
pub mod progress;
pub mod table;
