//! Qabyldau: personal reception of citizens at the Karaganda regional akimat, as regulation
//! No. 24/01 of 7 April 2021 lays it down.
//!
//! Rooms: `rules` (the regulation as pure functions, in the browser and on the server),
//! `model` (shared data types), `ui` (pages), `api` (server functions), `server` (ssr only:
//! configuration, store, HTTP application).

#![recursion_limit = "256"]

pub mod api;
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
