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

/// Entry point of the wasm bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
    // A marker for the browser tests: the page is interactive from here on.
    let _ = js_sys::Reflect::set(
        &gloo_utils::window(),
        &"__qabyldau_hydrated".into(),
        &true.into(),
    );
}
