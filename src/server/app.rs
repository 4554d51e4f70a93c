//! The HTTP application: Leptos pages and server functions, `/healthz`, static files,
//! compression, cache headers and request logs with latency.

use std::time::Duration;

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer},
    LatencyUnit,
};
use tracing::Level;

use super::AppState;
use crate::ui::{shell, App};

/// Requests larger than this are refused with 413 before any handler reads them.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// Builds the whole application; tests call it without a socket.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let leptos_options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .leptos_routes(&state, routes, { move || shell(leptos_options.clone()) })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(cache_headers))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .with_state(state)
}

/// Liveness and readiness in one: 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    let check = tokio::time::timeout(Duration::from_secs(3), state.store.ping()).await;
    match check {
        Ok(Ok(())) => Json(serde_json::json!({ "status": "ok", "database": "ok" })).into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %format!("{e:#}"), "health check: database error");
            unavailable()
        }
        Err(_) => {
            tracing::error!("health check: database timed out");
            unavailable()
        }
    }
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "status": "unavailable", "database": "error" })),
    )
        .into_response()
}

/// Hashed build outputs (`/pkg/qabyldau.<hash>.wasm`) never change: cache them for a year.
/// Everything else is revalidated, so a new deployment is seen at once.
async fn cache_headers(req: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    // cargo-leptos names them `<name>.<hash>.<ext>`, the hash being long and alphanumeric.
    let mut parts = file.rsplit('.');
    let _ext = parts.next();
    matches!(parts.next(), Some(hash) if hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_hashed_package_files_are_immutable() {
        assert!(is_hashed_asset(
            "/pkg/qabyldau.d41d8cd98f00b204e9800998ecf8427e.wasm"
        ));
        assert!(!is_hashed_asset("/pkg/qabyldau.wasm"));
        assert!(!is_hashed_asset("/favicon.ico"));
        assert!(!is_hashed_asset("/"));
    }
}
