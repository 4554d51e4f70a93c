//! The board's pages kept for the wall screens (`app::board_cache`): one per language, with
//! the number of live events the instance had heard when it was rendered.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

/// A rendered board page.
#[derive(Clone)]
pub struct Kept {
    pub heard: u64,
    pub at: Instant,
    pub headers: http::HeaderMap,
    pub body: axum::body::Bytes,
    /// The nonce the page was rendered with (each answer gets its own instead).
    pub nonce: String,
}

/// The pages kept, by the screen's language cookie; one render at a time per instance.
#[derive(Clone, Default)]
pub struct BoardPages(pub Arc<tokio::sync::Mutex<HashMap<String, Kept>>>);

impl std::fmt::Debug for BoardPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoardPages")
    }
}
