//! The HTTP application: Leptos pages and server functions, `/healthz`, static files,
//! compression, cache headers and request logs with latency.

use std::{net::SocketAddr, time::Duration};

use axum::{
    body::Body,
    extract::{ConnectInfo, DefaultBodyLimit, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
    Extension, Json, Router,
};
use extract::{Form, Path, Query};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::{
    compression::CompressionLayer,
    timeout::RequestBodyTimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
    LatencyUnit,
};
use tracing::Level;

use crate::model::request::{Lookup, PostedApplication, PostedLookup};
use crate::rules::application::ApplicationForm;
use crate::rules::lang::Lang;
use crate::server::{requests, store::Store, AppState};
use crate::server::{workflow, Error};
use crate::ui::{shell, App};

mod board_cache;
mod extract;
mod origin;
pub mod security;
mod staff;

/// Requests larger than this are refused with 413 before any handler reads them, except
/// the scans of applications from a reception (clause 36: `staff::PAPER_BODY_MAX`).
const MAX_BODY_BYTES: usize = 256 * 1024;

/// Refuses a body larger than its route allows with 413: at once when it says its length,
/// and as soon as it grows past it when it does not.
async fn limit_body(req: Request, next: Next) -> Response {
    // `/staff/requests/{number}/papers`, and nothing else.
    let scan = req.method() == axum::http::Method::POST
        && req
            .uri()
            .path()
            .strip_prefix("/staff/requests/")
            .and_then(|rest| rest.strip_suffix("/papers"))
            .is_some_and(|number| !number.is_empty() && !number.contains('/'));
    let limit = if scan {
        staff::PAPER_BODY_MAX
    } else {
        MAX_BODY_BYTES
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    if scan {
        // Its route limits the body as it is read (`DefaultBodyLimit`), so that a scan too
        // large is told apart from a form without one.
        return next.run(req).await;
    }
    next.run(req.map(|body| Body::new(http_body_util::Limited::new(body, limit))))
        .await
}

/// The pages' routes, listed once per process. Listing them renders the app with resource
/// loading switched off process-wide (leptos_server's `SuppressResourceLoad`), so a page being
/// rendered at that moment by another router in the same process (the integration tests run
/// many) would wait forever for its data (leptos#4773). Listing once, before any router exists,
/// closes that window.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| generate_route_list(|| view! { <App lang=Lang::default()/> }))
        .clone()
}

/// Builds the whole application; tests call it without a socket.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let leptos_options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/request", post(post_request))
        .route("/status", post(post_status))
        .route("/requests/{number}/reception.ics", get(reception_ics))
        .route("/staff/login", post(staff::sign_in))
        .route("/staff/logout", post(staff::sign_out))
        .route("/staff/password", post(staff::change_password))
        .route("/staff/live", get(staff::live))
        .route("/board/live", get(staff::board_live))
        .route("/board/open/{token}", get(staff::open_screen))
        .route("/staff/screens", post(staff::create_screen))
        .route("/staff/screens/{id}/revoke", post(staff::revoke_screen))
        .route("/staff/requests/{number}", post(staff::decide))
        .route("/staff/requests/{number}/move", post(staff::move_reception))
        .route(
            "/staff/requests/{number}/instructions",
            post(staff::give_instruction),
        )
        .route(
            "/staff/requests/{number}/instructions/{id}",
            post(staff::instruction_done),
        )
        .route("/staff/requests/{number}/answer", post(staff::final_answer))
        .route(
            "/staff/requests/{number}/papers",
            post(staff::register_paper).layer(DefaultBodyLimit::max(staff::PAPER_BODY_MAX)),
        )
        .route(
            "/staff/requests/{number}/papers/{id}",
            get(staff::paper_scan),
        )
        .route("/staff/calendar", post(staff::add_calendar_fact))
        .route(
            "/staff/calendar/{id}/remove",
            post(staff::remove_calendar_fact),
        )
        .route(
            "/staff/requests/{number}/central/{id}",
            post(staff::central),
        )
        .route("/staff/phone/{outbox_id}", post(staff::phoned))
        .route("/staff/survey/{number}", post(staff::surveyed))
        .route("/staff/allocation", post(staff::confirm_allocation))
        .route("/staff/schedule/days", post(staff::add_day))
        .route("/staff/schedule/days/{id}/remove", post(staff::remove_day))
        .route("/staff/schedule/meetings", post(staff::add_meeting))
        .route(
            "/staff/schedule/meetings/{date}/remove",
            post(staff::remove_meeting),
        )
        .route("/staff/schedule/approve", post(staff::approve_month))
        .route("/staff/officials", post(staff::add_official))
        .route("/staff/officials/{id}", post(staff::change_official))
        .route("/staff/desk/{number}", post(staff::desk_action))
        .route("/staff/days/{id}/cancel", post(staff::cancel_day))
        .route("/staff/days/{id}/checks", post(staff::confirm_check))
        .route("/staff/days/{id}/invitees", post(staff::invite_to_day))
        .route("/staff/accounts", post(staff::create_account))
        .route("/staff/accounts/{id}", post(staff::change_account))
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            board_cache::board_cache,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), staff::gate))
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(malformed_arguments))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            origin::only_from_this_site,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(limit_body))
        .layer(middleware::map_response(too_large_in_both_languages))
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(
            state.config.slow_client_seconds,
        )))
        .layer(
            TraceLayer::new_for_http()
                // The path only: a query may carry an IIN or a surname (the inbox's search)
                // or a coupon's key, and the log keeps no personal data or secret (a wall
                // screen's link carries its token in the path: logged without it).
                .make_span_with(|req: &Request<Body>| {
                    let path = req.uri().path();
                    let path = if path.starts_with("/board/open/") {
                        "/board/open/…"
                    } else {
                        path
                    };
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %path)
                })
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(middleware::from_fn(request_id))
        .with_state(state)
}

/// The body limit's refusal in both languages (tower-http's says "length limit exceeded").
async fn too_large_in_both_languages(res: Response) -> Response {
    if res.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return res;
    }
    let m = crate::model::messages::FORM_TOO_LARGE;
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("{} / {}", m.kk, m.ru),
    )
        .into_response()
}

/// A server function whose arguments do not decode is the client's mistake, not the
/// server's: Leptos answers 500 `Args|…`; this answers 400 with the reason in both languages
/// (as the other refusals of the server functions).
async fn malformed_arguments(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if !(bytes.starts_with(b"Args|") || bytes.starts_with(b"Deserialization|")) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let m = crate::model::messages::MALFORMED_REQUEST;
    let mut res = Response::from_parts(
        parts,
        Body::from(format!("ServerError|{} / {}", m.kk, m.ru)),
    );
    *res.status_mut() = StatusCode::BAD_REQUEST;
    res.headers_mut().remove(header::CONTENT_LENGTH);
    res
}

const REQUEST_ID: &str = "x-request-id";

/// Gives each request an id of the server's own (a client's is not trusted): the log's
/// records of the request carry it, and the response names it, so a complaint can be matched
/// with its records.
async fn request_id(mut req: Request, next: Next) -> Response {
    let id = crate::server::secrets::random_hex(8);
    let value = HeaderValue::from_str(&id).expect("hex is a header value");
    req.headers_mut().insert(REQUEST_ID, value.clone());
    let mut res = next.run(req).await;
    res.headers_mut().insert(REQUEST_ID, value);
    res
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

/// The request form posted without JavaScript: the same checks as the server function; on
/// success the coupon, otherwise the form again with the errors beside the fields.
async fn post_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<ApplicationForm>,
) -> Response {
    let restrictions = state.config.restrictions_in_force;
    match requests::submit(&state.registrar, &form, chrono::Utc::now(), restrictions).await {
        Ok(r) => {
            Redirect::to(&format!("/coupon/{}?key={}", r.number, r.coupon_key)).into_response()
        }
        Err(Error::Invalid(errors)) => {
            let posted = PostedApplication { form, errors };
            let mut res = render_page(state, headers, "/request", posted).await;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => {
            e.log("cannot register a request posted without JavaScript");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(
                    "<!DOCTYPE html><html lang=\"kk\"><meta charset=\"utf-8\"><title>Қабылдау</title>\
                     <p>Өтініш жіберілмеді, қайталап көріңіз: браузердің «Артқа» батырмасын басыңыз.</p>\
                     <p lang=\"ru\">Обращение не отправлено, попробуйте ещё раз: нажмите «Назад» в браузере.</p></html>",
                ),
            )
                .into_response()
        }
    }
}

/// Renders the page at `path` with `posted` in its context: a form posted without
/// JavaScript, answered in the same page the browser would have shown.
async fn render_page<T: Clone + Send + Sync + 'static>(
    state: AppState,
    headers: HeaderMap,
    path: &str,
    posted: T,
) -> Response {
    render_page_with(state, headers, path, posted, http::Extensions::new()).await
}

/// [`render_page`] for a request whose extensions the page reads (the signed-in staff member).
async fn render_page_with<T: Clone + Send + Sync + 'static>(
    state: AppState,
    headers: HeaderMap,
    path: &str,
    posted: T,
    extensions: http::Extensions,
) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_in_order_with_context(
        move || {
            provide_context(state.clone());
            provide_context(posted.clone());
        },
        move || shell(options.clone()),
    );
    let mut req = Request::new(Body::empty());
    *req.uri_mut() = path.parse().expect("a valid path");
    *req.headers_mut() = headers;
    *req.extensions_mut() = extensions;
    req.headers_mut().remove(header::CONTENT_TYPE);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    render(req).await
}

#[derive(serde::Deserialize)]
struct StatusForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    iin: String,
    /// Present on the withdrawal form.
    #[serde(default)]
    withdraw: Option<String>,
}

/// The status lookup (and withdrawal) posted without JavaScript: the same checks and the
/// same rate limit as the server functions, answered in the status page.
async fn post_status(
    State(state): State<AppState>,
    headers: HeaderMap,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<StatusForm>,
) -> Response {
    let addr = connect.map(|Extension(ConnectInfo(addr))| addr);
    let (number, iin) = (form.number.trim().to_owned(), form.iin.trim().to_owned());
    let (found, status) = if !state.limiter.allow_client(addr) {
        (Lookup::Failed, StatusCode::TOO_MANY_REQUESTS)
    } else {
        let store = &state.store;
        let looked_up = async {
            if form.withdraw.is_some() {
                // A request past withdrawing shows its status as it is.
                let withdrawn = workflow::withdraw(store, &number, &iin, chrono::Utc::now());
                if let Err(e @ Error::Internal(_)) = withdrawn.await {
                    return Err(e);
                }
            }
            requests::status(store, &number, &iin).await
        };
        match looked_up.await {
            Ok(Some(view)) => (Lookup::Found(Box::new(view)), StatusCode::OK),
            Ok(None) => (Lookup::NoMatch, StatusCode::NOT_FOUND),
            Err(e) => {
                e.log("cannot look up a status posted without JavaScript");
                (Lookup::Failed, StatusCode::SERVICE_UNAVAILABLE)
            }
        }
    };
    let posted = PostedLookup { number, iin, found };
    let mut res = render_page(state, headers, "/status", posted).await;
    *res.status_mut() = status;
    res
}

#[derive(serde::Deserialize)]
struct KeyQuery {
    #[serde(default)]
    key: String,
}

/// The scheduled reception as an iCalendar file, for the holder of the number and form key.
async fn reception_ics(
    State(state): State<AppState>,
    Path(number): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Response {
    match requests::reception_ics(&state.store, &number, &q.key, chrono::Utc::now()).await {
        Ok(Some(ics)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"reception.ics\"",
                ),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot build the calendar file");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
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
/// What an applicant's own data travels in (a coupon, a status, a form sent back with what
/// was typed, the API's answers) is never stored by the browser: on a shared computer the
/// next person's "Back" must not show it.
async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let private = !matches!(*req.method(), http::Method::GET | http::Method::HEAD)
        || [
            "/coupon/",
            "/status",
            "/requests/",
            "/api/",
            "/staff",
            "/board",
        ]
        .iter()
        .any(|p| path.starts_with(p));
    let immutable = is_hashed_asset(path);
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let value = if private {
        "no-store"
    } else if !res.status().is_success() {
        return res;
    } else if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    // cargo-leptos names them `<name>.<hash>.<ext>`, the hash being long URL-safe base64
    // (`qabyldau.pAHGNBE8ItwBAcOGI-_wiw.wasm`).
    let mut parts = file.rsplit('.');
    let _ext = parts.next();
    matches!(parts.next(), Some(hash) if hash.len() >= 16
        && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

/// The whole server, bound to its address and ready to serve: what `main` runs and what the
/// tests start, built the same way.
pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
    closing: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Binds `config.site_addr` (port 0 picks a free one) and wires the state over `store`.
    pub async fn build(
        config: crate::server::config::Config,
        store: Store,
    ) -> anyhow::Result<Self> {
        use anyhow::Context;
        let listener = tokio::net::TcpListener::bind(config.site_addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.site_addr))?;
        let store = store.with_akimat(config.akimat.name());
        crate::server::calendar::refresh(&store, true).await?;
        crate::server::calendar::follow(store.clone());
        let (closing, closing_seen) = tokio::sync::watch::channel(false);
        let state = AppState {
            leptos_options: crate::server::leptos_options(&config),
            store: store.clone(),
            registrar: requests::Registrar::spawn(store),
            config: std::sync::Arc::new(config),
            limiter: Default::default(),
            closing: closing_seen,
            board_pages: Default::default(),
        };
        Ok(Application {
            listener,
            state,
            closing,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish. A client slower
    /// than `slow-client-seconds` to send its headers is cut off (hyper's header timeout, which
    /// `axum::serve` leaves unset); the body's parts have the same limit (`router`).
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
        use hyper_util::server::{conn::auto::Builder, graceful::GracefulShutdown};
        use tower::ServiceExt;
        let slow = Duration::from_secs(self.state.config.slow_client_seconds);
        let closing = self.closing;
        let app = router(self.state);
        // HTTP/1.1 only (browsers speak nothing else without TLS, and a proxy in front speaks
        // it too), so that every connection has the header timeout.
        let mut builder = Builder::new(TokioExecutor::new()).http1_only();
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(slow);
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let (stream, addr) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors, say: wait a moment, do not spin.
                        tracing::warn!(error = %e, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = &mut shutdown => break,
            };
            // A response written in parts (a file, a page streamed as it renders) must not
            // wait for the client's delayed acknowledgement of the part before (Nagle's
            // algorithm: 40 ms a part on a kept-alive connection).
            if let Err(e) = stream.set_nodelay(true) {
                tracing::debug!(error = %e, "cannot set TCP_NODELAY");
            }
            let app = app.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(addr));
                app.clone().oneshot(req.map(Body::new))
            });
            let conn = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let conn = graceful.watch(conn);
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::debug!(error = %e, "a connection ended with an error");
                }
            });
        }
        // Live-event streams end first, so the graceful shutdown does not wait for them.
        closing.send_replace(true);
        drop(self.listener);
        graceful.shutdown().await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_hashed_package_files_are_immutable() {
        assert!(is_hashed_asset(
            "/pkg/qabyldau.d41d8cd98f00b204e9800998ecf8427e.wasm"
        ));
        // As cargo-leptos 0.3 names them: URL-safe base64 with `-` and `_`.
        assert!(is_hashed_asset("/pkg/qabyldau.pAHGNBE8ItwBAcOGI-_wiw.wasm"));
        assert!(is_hashed_asset("/pkg/qabyldau.Tx10Uf91iM7QBzfha1Tk0Q.js"));
        assert!(!is_hashed_asset("/pkg/qabyldau_bg.wasm"));
        assert!(!is_hashed_asset("/pkg/qabyldau.wasm"));
        assert!(!is_hashed_asset("/favicon.ico"));
        assert!(!is_hashed_asset("/"));
    }
}
