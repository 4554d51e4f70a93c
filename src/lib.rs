//! Qabyldau: personal reception of citizens at the Karaganda regional akimat, as regulation
//! No. 24/01 of 7 April 2021 lays it down.
//!
//! Rooms, with one-way doors: `app → ui → api → server → rules/model` and `ui → rules/model`.
//! `rules` (the regulation as pure functions, in the browser and on the server; imports
//! nothing of ours), `model` (shared data types and the messages a page and an error share),
//! `ui` (pages), `api` (server functions), `server` (ssr only: configuration, store,
//! workflow, outbox; never imports `ui` or `api`), `app` (ssr only: the HTTP application that
//! puts the pages, the server functions and the no-JavaScript form handlers together).
//! `tests/app/rooms.rs` fails the test command when a door is used the wrong way.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod app;
pub mod model;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

/// Entry point of the wasm bundle. The pages are server-rendered HTML; the islands script
/// then hydrates each `#[island]` it finds (the request form, the status lookup, the print
/// button), and each island counts itself on `window.__qabyldau_islands` when it is live.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A marker for the browser tests: the bundle is loaded (the islands count themselves).
    let _ = js_sys::Reflect::set(
        &gloo_utils::window(),
        &"__qabyldau_hydrated".into(),
        &true.into(),
    );
}
