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

/// Calls `changed` whenever a live-event stream (`/staff/live`, or the board's `/board/live`)
/// announces a change, and each time it (re)connects: what changed while it was away is read again then.
/// The browser reconnects by itself after a lost connection.
pub fn on_live_change(stream: &str, changed: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let Ok(source) = web_sys::EventSource::new(stream) else {
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
    let _ = (stream, changed);
}

/// Calls `changed` with the name and value of every ticked box of the form with id `form`:
/// at once (a browser may have ticked boxes again itself, on a return to the page), then
/// each time a box of it is ticked or unticked.
pub fn on_ticks(form: &str, changed: impl Fn(&[(String, String)]) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        let document = gloo_utils::document();
        let Some(target) = document.get_element_by_id(form) else {
            return;
        };
        let selector = format!("#{form} input:checked");
        let read = std::rc::Rc::new(move || {
            let mut ticked = Vec::new();
            if let Ok(list) = gloo_utils::document().query_selector_all(&selector) {
                for i in 0..list.length() {
                    let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    else {
                        continue;
                    };
                    if let (Some(name), Some(value)) =
                        (el.get_attribute("name"), el.get_attribute("value"))
                    {
                        ticked.push((name, value));
                    }
                }
            }
            changed(&ticked);
        });
        read();
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_| read());
        let _ =
            target.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        // The page listens for as long as it is open.
        listener.forget();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, changed);
}

/// Puts `text` in the element with id `id`.
pub fn set_text(id: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = gloo_utils::document().get_element_by_id(id) {
        el.set_text_content(Some(text));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, text);
}

/// Disables (or enables) the element with id `id`.
pub fn set_disabled(id: &str, disabled: bool) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = gloo_utils::document().get_element_by_id(id) {
        let _ = if disabled {
            el.set_attribute("disabled", "")
        } else {
            el.remove_attribute("disabled")
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, disabled);
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

/// What reading a live region again found.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reread {
    /// The region's HTML changed and was put in place.
    pub changed: bool,
    /// An element's `data-now` (who is in reception) changed: someone was called in.
    pub called: bool,
}

/// Why a live region could not be read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unread {
    /// The server did not answer (it restarts, the network is down): try again later.
    Away,
    /// The page now leads elsewhere (the session ended, a screen's link was revoked).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Ended,
}

/// Loads the current page again.
pub fn reload() {
    #[cfg(feature = "hydrate")]
    let _ = gloo_utils::window().location().reload();
}

/// Reads the page again and puts the new content of the element with id `region` in place
/// of the old one. Elements with a `data-now` attribute whose value changed are marked with
/// the class `called` (a visual highlight). Fails when the page cannot be read (the server
/// is away) or leads elsewhere (the session ended).
pub async fn reread_region(region: &str) -> Result<Reread, Unread> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let window = gloo_utils::window();
        let href = window.location().href().map_err(|_| Unread::Away)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&href))
            .await
            .map_err(|_| Unread::Away)?
            .dyn_into()
            .map_err(|_| Unread::Away)?;
        if response.redirected() || matches!(response.status(), 401 | 403) {
            return Err(Unread::Ended);
        }
        if !response.ok() {
            return Err(Unread::Away);
        }
        let html = JsFuture::from(response.text().map_err(|_| Unread::Away)?)
            .await
            .map_err(|_| Unread::Away)?
            .as_string()
            .ok_or(Unread::Away)?;
        let parsed = web_sys::DomParser::new()
            .map_err(|_| Unread::Away)?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .map_err(|_| Unread::Away)?;
        let fresh = parsed.get_element_by_id(region).ok_or(Unread::Away)?;
        let here = gloo_utils::document()
            .get_element_by_id(region)
            .ok_or(Unread::Away)?;
        let new = fresh.inner_html();
        if here.inner_html() == new {
            return Ok(Reread::default());
        }
        let now_of = |root: &web_sys::Element| -> Vec<(String, String)> {
            let Ok(list) = root.query_selector_all("[data-now]") else {
                return Vec::new();
            };
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
                .filter_map(|e| Some((e.id(), e.get_attribute("data-now")?)))
                .collect()
        };
        let before = now_of(&here);
        here.set_inner_html(&new);
        let mut called = false;
        for (id, now) in now_of(&here) {
            let was = before
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, n)| n.as_str());
            if !now.is_empty() && was.is_some_and(|w| w != now) {
                called = true;
                if let Some(el) = gloo_utils::document().get_element_by_id(&id) {
                    let _ = el.class_list().add_1("called");
                }
            }
        }
        Ok(Reread {
            changed: true,
            called,
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = region;
        Err(Unread::Away)
    }
}

/// Plays the board's chime (`/chime.wav`). A wall screen's browser may refuse sound that no
/// one started by a click (the README says how to allow it); the highlight shows anyway.
pub fn chime() {
    #[cfg(feature = "hydrate")]
    if let Ok(audio) = web_sys::HtmlAudioElement::new_with_src("/chime.wav") {
        let _ = audio.play();
    }
}
