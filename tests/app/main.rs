//! The one integration-test binary (one link of the crate instead of one per file): the
//! applicant's path over HTTP, the store, the outbox, the lifecycle in the store, the audit log, and
//! the built binary. Each storage/HTTP body runs on SQLite and on PostgreSQL
//! (`on_both_engines!`; PostgreSQL when `TEST_DATABASE_URL` is set).

#[macro_use]
mod helpers;

mod accounts;
mod allocation;
mod audit;
mod backup;
mod control;
mod desk;
mod drill;
mod fuzz;
mod http;
mod inbox;
mod intake;
mod lifecycle;
mod outage;
mod outbox;
mod phone;
mod planning;
mod requests;
mod rooms;
mod security;
mod shutdown;
mod staff;
mod storage;
