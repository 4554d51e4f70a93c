//! A live region of a staff screen: the server renders the region (the inbox's table, the
//! board), and this island, on every change the live-event stream announces (and, for the
//! board, every minute, since lateness grows with the clock), reads the same page again and
//! puts the region's new HTML in place. One rendering, on the server; the browser bundle
//! carries no table. It says when it is reconnecting, and on the board it marks (and, where
//! the screen may play sound, chimes) each call.

use leptos::prelude::*;

use super::browser;
use super::i18n::{Lang, Tr};

const LIVE: Tr = Tr::new(
    "Тізім өзгерістер болған сәтте жаңарады.",
    "Список обновляется в момент изменений.",
);
const UPDATED: Tr = Tr::new("Тізім жаңартылды", "Список обновлён");
const RECONNECTING: Tr = Tr::new("Қайта қосылуда…", "Переподключение…");

/// What a live region shows besides itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// The inbox: a note that it is live, and "updated" for screen readers.
    Inbox,
    /// The wall board: read again every minute too; each call marked and chimed.
    Board,
}

#[island]
pub fn LiveRegion(lang: Lang, region: String, kind: Kind) -> impl IntoView {
    let updates = RwSignal::new(0u32);
    let lost = RwSignal::new(false);
    // One reading at a time, in order: an event that comes during a reading asks for one
    // more after it, so an older page never overwrites a newer one.
    let busy = StoredValue::new(false);
    let again = StoredValue::new(false);
    let refresh = move || {
        if busy.get_value() {
            again.set_value(true);
            return;
        }
        busy.set_value(true);
        let region = region.clone();
        leptos::task::spawn_local(async move {
            loop {
                match browser::reread_region(&region).await {
                    Ok(browser::Reread { changed, called }) => {
                        lost.set(false);
                        if changed {
                            updates.update(|n| *n += 1);
                        }
                        if called && kind == Kind::Board {
                            browser::chime();
                        }
                    }
                    // The session ended (or a screen's link was revoked): the page again,
                    // which leads to the sign-in form; nothing stale stays on the screen.
                    Err(browser::Unread::Ended) => browser::reload(),
                    // The server restarts: say so, keep trying.
                    Err(browser::Unread::Away) => lost.set(true),
                }
                if again.get_value() {
                    again.set_value(false);
                } else {
                    break;
                }
            }
            busy.set_value(false);
        });
    };
    let stream = match kind {
        Kind::Inbox => "/staff/live",
        Kind::Board => "/board/live",
    };
    browser::on_live_change(stream, refresh.clone());
    if kind == Kind::Board {
        browser::every(60_000, refresh);
    }
    browser::island_ready();
    view! {
        {(kind == Kind::Inbox).then(|| view! { <p class="live-note">{LIVE.get(lang)}</p> })}
        // `try_get`: a page rendered on the server for a client that went away is dropped
        // with its signals while its last part renders (a `get` panicked the worker then).
        <p class="live-lost" role="status">{move || lost.try_get().unwrap_or_default().then(|| RECONNECTING.get(lang))}</p>
        <p class="visually-hidden" role="status" aria-live="polite">
            {move || (updates.try_get().unwrap_or_default() > 0).then(|| UPDATED.get(lang))}
        </p>
    }
}
