//! Integration tests: the real router on a fresh database per test, each test run on
//! SQLite and on PostgreSQL.

mod access;
mod auth;
mod cli;
mod concurrency;
mod dispatch;
mod documents;
mod dossiers;
mod hearings;
mod helpers;
mod offline;
mod openapi;
mod pages;
mod pilotage;
mod procedures;
mod security;
mod seed;
mod templates;
mod visa;
