//! Server-only rooms: configuration, the store and its rows, the services of the applicant's path,
//! the workflow of status changes, notices and their delivery, demo data. Nothing here renders
//! HTML or imports `ui` or `api`; the HTTP application that puts them together is `src/app.rs`.

pub mod accounts;
pub mod allocation;
pub mod applicant;
pub mod audit;
pub mod backup;
pub mod board_pages;
pub mod calendar;
pub mod cancellation;
pub mod card;
pub mod central;
pub mod checklist;
pub mod config;
pub mod control;
pub mod demo;
pub mod desk;
pub mod error;
pub mod events;
pub mod ics;
pub mod inbox;
pub mod kept;
pub mod notices;
pub mod officials;
pub mod outbox;
pub mod papers;
pub mod phone;
pub mod planning;
pub mod registrar;
pub mod report;
pub mod repository;
pub mod requests;
pub mod schedule;
pub mod screens;
pub mod seats;
pub mod secrets;
pub mod smtp;
pub mod staff;
pub mod store;
pub mod survey;
pub mod workflow;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

pub use error::{Error, Result};

use config::Config;
use store::Store;

/// What every handler and server function can reach.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    /// The writer of new requests, over the same store.
    pub registrar: requests::Registrar,
    /// Shared: the state is cloned for every request (each middleware and server function
    /// takes its own), and the settings are many strings.
    pub config: std::sync::Arc<Config>,
    pub limiter: std::sync::Arc<applicant::RateLimiter>,
    /// Turns true when the server begins to shut down: open live-event streams end, so
    /// that the graceful shutdown does not wait for them.
    pub closing: tokio::sync::watch::Receiver<bool>,
    /// The board's pages kept for the wall screens.
    pub board_pages: board_pages::BoardPages,
}

/// Leptos's settings for this deployment. cargo-leptos writes the hashes of the built
/// assets next to the binary (`hash.txt`); when present, pages link the hashed names.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name(env!("CARGO_PKG_NAME"))
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .hash_files(hash_files)
        .build()
}
