//! The live events of the staff screens (server-sent events).

use std::{convert::Infallible, time::Duration};

use axum::extract::State;
use axum::response::sse::Event as SseEvent;

use crate::server::AppState;

/// The live events of the staff screens as server-sent events: one `change` event per
/// committed change (a registration number and a status, never personal data). The stream
/// ends when the server begins to shut down.
pub async fn live(
    State(state): State<AppState>,
) -> axum::response::sse::Sse<impl futures_util::Stream<Item = Result<SseEvent, Infallible>>> {
    stream(state, true)
}

/// The board's live events (`/board/live`): that something changed, and nothing else — the
/// board reads its own snapshot, which carries queue numbers and initials only.
pub async fn board_live(
    State(state): State<AppState>,
) -> axum::response::sse::Sse<impl futures_util::Stream<Item = Result<SseEvent, Infallible>>> {
    stream(state, false)
}

fn stream(
    state: AppState,
    numbers: bool,
) -> axum::response::sse::Sse<impl futures_util::Stream<Item = Result<SseEvent, Infallible>>> {
    use tokio::sync::broadcast::error::RecvError;
    let events = state.store.events().subscribe();
    let closing = state.closing.clone();
    // The stream ends when the session would have gone idle: the browser reconnects through
    // the gate, which checks the session (and the account) again.
    let ends =
        tokio::time::Instant::now() + Duration::from_secs(state.config.staff_idle_minutes * 60);
    let stream = futures_util::stream::unfold(
        (events, closing),
        move |(mut events, mut closing)| async move {
            if *closing.borrow() {
                return None;
            }
            // A change of sessions or accounts is no screen's business.
            let next = loop {
                let next = tokio::select! {
                    e = events.recv() => e,
                    _ = closing.changed() => return None,
                    _ = tokio::time::sleep_until(ends) => return None,
                };
                match next {
                    Ok(e) if e.is_staff() => continue,
                    other => break other,
                }
            };
            let event = match next {
                Ok(e) if numbers => SseEvent::default()
                    .event("change")
                    .json_data(&e)
                    .expect("an event serialises"),
                Ok(_) => SseEvent::default().event("change").data("{}"),
                // Missed events: the screen reads everything again.
                Err(RecvError::Lagged(_)) => SseEvent::default().event("change").data("{}"),
                Err(RecvError::Closed) => return None,
            };
            Some((Ok(event), (events, closing)))
        },
    );
    axum::response::sse::Sse::new(stream).keep_alive(axum::response::sse::KeepAlive::default())
}
