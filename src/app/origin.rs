//! State changes come only from the site's own pages: a request that may change something
//! (anything but GET, HEAD and OPTIONS) must name this site as its origin. Browsers send
//! `Origin` with every such request; without it, `Referer` is read instead; without both, or
//! from another site, the request is refused with 403 before any handler runs.

use axum::{
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::model::messages::FOREIGN_ORIGIN;

/// The `host[:port]` a URL names, without scheme, path or user.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

/// Whether the request comes from a page of the host it is sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    source
        .and_then(authority)
        .is_some_and(|a| a.eq_ignore_ascii_case(host))
}

pub async fn only_from_this_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || same_origin(req.headers())
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

    #[test]
    fn a_page_of_this_site_may_post_and_another_may_not() {
        let host = (header::HOST, "qabyldau.kz");
        assert!(same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://qabyldau.kz")
        ])));
        assert!(same_origin(&headers(&[
            host.clone(),
            (header::REFERER, "https://qabyldau.kz/request?lang=ru")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://evil.kz")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://qabyldau.kz.evil.kz")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::REFERER, "https://qabyldau.kz@evil.kz/")
        ])));
        assert!(!same_origin(&headers(&[
            host.clone(),
            (header::ORIGIN, "null")
        ])));
        assert!(
            !same_origin(&headers(&[host])),
            "neither Origin nor Referer"
        );
    }
}
