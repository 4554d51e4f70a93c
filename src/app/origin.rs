//! State changes come only from the site's own pages: a request that may change something
//! (anything but GET, HEAD and OPTIONS) must name this site as its origin. Browsers send
//! `Origin` with every such request; without it, `Referer` is read instead; without both, or
//! from another site, the request is refused with 403 before any handler runs.

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::model::messages::FOREIGN_ORIGIN;
use crate::server::AppState;

/// The `host[:port]` a URL names, without scheme, path or user.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

/// Whether the request comes from a page of this site: of `public_origin` (scheme and host)
/// when the deployment names it, else of the host the request is sent to (`Host`, or the
/// request line's authority as HTTP/2 sends it).
pub fn same_origin(
    headers: &HeaderMap,
    uri_authority: Option<&str>,
    public_origin: Option<&str>,
) -> bool {
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else {
        return false;
    };
    if let Some(public) = public_origin {
        let scheme_and_authority = source
            .split_once("://")
            .and_then(|(scheme, _)| Some(format!("{scheme}://{}", authority(source)?)));
        return scheme_and_authority.is_some_and(|s| s.eq_ignore_ascii_case(public));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or(uri_authority);
    match (authority(source), host) {
        (Some(a), Some(host)) => a.eq_ignore_ascii_case(host),
        _ => false,
    }
}

pub async fn only_from_this_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let public = state.config.public_origin.as_deref();
    let uri_authority = req.uri().authority().map(|a| a.as_str().to_owned());
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || same_origin(req.headers(), uri_authority.as_deref(), public)
    {
        return next.run(req).await;
    }
    (
        StatusCode::FORBIDDEN,
        format!("{} / {}", FOREIGN_ORIGIN.kk, FOREIGN_ORIGIN.ru),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn same(h: &HeaderMap) -> bool {
        same_origin(h, None, None)
    }

    #[test]
    fn behind_a_proxy_the_configured_origin_decides() {
        let public = Some("https://qabyldau.kz");
        let from =
            |origin: &str| headers(&[(header::HOST, "127.0.0.1:3000"), (header::ORIGIN, origin)]);
        assert!(same_origin(&from("https://qabyldau.kz"), None, public));
        assert!(
            !same_origin(&from("http://qabyldau.kz"), None, public),
            "the scheme too"
        );
        assert!(!same_origin(&from("https://127.0.0.1:3000"), None, public));
        let h2 = headers(&[(header::ORIGIN, "https://qabyldau.kz")]);
        assert!(
            same_origin(&h2, Some("qabyldau.kz"), None),
            "HTTP/2 without Host"
        );
    }

    #[test]
    fn a_page_of_this_site_may_post_and_another_may_not() {
        let host = (header::HOST, "qabyldau.kz");
        assert!(same(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://qabyldau.kz")
        ])));
        assert!(same(&headers(&[
            host.clone(),
            (header::REFERER, "https://qabyldau.kz/request?lang=ru")
        ])));
        assert!(!same(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://evil.kz")
        ])));
        assert!(!same(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://qabyldau.kz.evil.kz")
        ])));
        assert!(!same(&headers(&[
            host.clone(),
            (header::REFERER, "https://qabyldau.kz@evil.kz/")
        ])));
        assert!(!same(&headers(&[host.clone(), (header::ORIGIN, "null")])));
        assert!(!same(&headers(&[host])), "neither Origin nor Referer");
    }
}
