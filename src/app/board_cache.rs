//! The board as a thousand wall screens read it again at once (`benches/load/board.rs`): each
//! live event makes every screen fetch `/board`, and every screen sees the same page. A page
//! rendered for a screen is kept until the next event the instance hears (and at most a
//! second: "late by" changes with the clock), and the screens that ask meanwhile get it with a
//! nonce of their own (the policy's nonce is never used twice). Only screens: a staff member's
//! page names them, and a `?lang=` link sets a cookie.

use std::time::{Duration, Instant};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

use crate::server::board_pages::Kept;
use crate::server::{screens, staff, AppState};

/// How long a kept page may be shown at most.
const FRESH: Duration = Duration::from_secs(1);
/// A page larger than this is not kept.
const LARGEST: usize = 4 * 1024 * 1024;

fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let rest = csp.split("'nonce-").nth(1)?;
    Some(rest.split('\'').next()?.to_owned())
}

/// The kept page with a nonce of its own.
fn answer(kept: &Kept) -> Response {
    let fresh = crate::server::secrets::random_hex(16);
    let body = String::from_utf8_lossy(&kept.body).replace(&kept.nonce, &fresh);
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = kept.headers.clone();
    res.headers_mut().remove(header::CONTENT_LENGTH);
    if let Some(csp) = kept.headers.get(header::CONTENT_SECURITY_POLICY) {
        let csp = csp
            .to_str()
            .unwrap_or_default()
            .replace(&kept.nonce, &fresh);
        if let Ok(v) = HeaderValue::from_str(&csp) {
            res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    res
}

/// `GET /board` for a wall screen (the gate has checked its link before): the kept page when
/// nothing was heard since it was rendered, else a new render, kept.
pub async fn board_cache(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let screen_only = req.method() == http::Method::GET
        && req.uri().path() == "/board"
        && req.uri().query().is_none()
        && staff::cookie(headers, staff::COOKIE).is_none()
        && staff::cookie(headers, screens::COOKIE).is_some();
    if !screen_only {
        return next.run(req).await;
    }
    let key = staff::cookie(headers, crate::ui::i18n::COOKIE).unwrap_or_default();
    let heard = state.store.events().heard();
    let mut kept = state.board_pages.0.lock().await;
    if let Some(k) = kept.get(&key) {
        if k.heard == heard && k.at.elapsed() < FRESH {
            return answer(k);
        }
    }
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(nonce) = nonce_of(res.headers()).filter(|_| res.status() == StatusCode::OK && html)
    else {
        return res;
    };
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, LARGEST).await else {
        return Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .body(Body::empty())
            .expect("an empty answer");
    };
    let page = Kept {
        heard,
        at: Instant::now(),
        headers: parts.headers.clone(),
        body: body.clone(),
        nonce,
    };
    kept.insert(key, page);
    Response::from_parts(parts, Body::from(body))
}
