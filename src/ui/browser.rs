//! What the islands ask of the browser. On the server (and in `cargo check` without the
//! `hydrate` feature) each of these does nothing: it is only ever called from event handlers
//! and effects, which run in the browser.

use crate::rules::application::ApplicationForm;

/// Where the request form keeps what has been typed, for this tab only: a reload or the
/// language switch (a link, so a page load) loses nothing. Cleared once the request is
/// registered.
#[cfg(feature = "hydrate")]
const DRAFT: &str = "qabyldau.request-draft";

/// Counts hydrated islands on `window.__qabyldau_islands`, so the browser tests know when a
/// page is interactive.
pub fn island_ready() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(|| {
        let window = gloo_utils::window();
        let key = wasm_bindgen::JsValue::from_str("__qabyldau_islands");
        let n = js_sys::Reflect::get(&window, &key)
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&window, &key, &(n + 1.0).into());
    });
}

/// Loads another page.
pub fn go_to(href: &str) {
    #[cfg(feature = "hydrate")]
    let _ = gloo_utils::window().location().set_href(href);
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// Moves keyboard focus to the element with this id.
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = gloo_utils::document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Opens the browser's print dialog.
pub fn print() {
    #[cfg(feature = "hydrate")]
    let _ = gloo_utils::window().print();
}

#[cfg(feature = "hydrate")]
fn session() -> Option<web_sys::Storage> {
    gloo_utils::window().session_storage().ok().flatten()
}

/// The form as it was typed in this tab, if any.
pub fn load_draft() -> Option<ApplicationForm> {
    #[cfg(feature = "hydrate")]
    {
        let json = session()?.get_item(DRAFT).ok()??;
        serde_json::from_str(&json).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

pub fn save_draft(form: &ApplicationForm) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(json)) = (session(), serde_json::to_string(form)) {
        let _ = storage.set_item(DRAFT, &json);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = form;
}

pub fn clear_draft() {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = session() {
        let _ = storage.remove_item(DRAFT);
    }
}

/// Calls `changed` whenever the staff screens' live-event stream (`/staff/live`) announces a
/// change, and each time it (re)connects: what changed while it was away is read again then.
/// The browser reconnects by itself after a lost connection.
pub fn on_live_change(changed: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new("/staff/live") else {
            return;
        };
        let changed = std::rc::Rc::new(changed);
        for kind in ["change", "open"] {
            let changed = changed.clone();
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_| changed());
            let _ =
                source.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            // The page listens for as long as it is open.
            listener.forget();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = changed;
}

/// Calls `tick` every `millis` milliseconds for as long as the page is open.
pub fn every(millis: u32, tick: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let tick = Closure::<dyn Fn()>::new(tick);
        let _ = gloo_utils::window().set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            i32::try_from(millis).unwrap_or(i32::MAX),
        );
        tick.forget();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (millis, tick);
}
