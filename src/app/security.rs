//! Security headers on every response: the Content-Security-Policy (a page's own, with the
//! nonce of its inline script, is written while it renders: `ui::page_policy`; a page's inline
//! hydration script runs by its per-response nonce, nothing else inline runs), no MIME
//! sniffing, no referrer to other sites (a wall screen's link carries its token; `same-origin`,
//! not `no-referrer`, which would make browsers send `Origin: null` with the site's own forms
//! and so fail the origin check), no framing, no powerful browser features, and HSTS when the
//! site is reached over https.

use axum::{
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::server::AppState;

/// The policy of everything that is not a rendered page (JSON, files, plain answers): it runs
/// nothing and is never framed.
const OTHER_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
     serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), interest-cohort=()";

/// Adds the headers to every response (a page's own policy, set while it rendered, stays).
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let https = state.config.behind_proxy
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, OTHER_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if https {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    res
}
