//! The staff workspace's door: the session cookie, sign-in, sign-out and the password change.
//! Every path under `/staff` passes [`gate`]: signed out, a page sends the browser to the
//! sign-in form and anything else is answered 401.

use std::{net::SocketAddr, time::Duration};

use crate::app::extract::Form;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use crate::model::messages::{FORBIDDEN, SIGN_IN_REQUIRED};
use crate::model::staff::{StaffFormError, StaffMember};
use crate::rules::permissions::{allows, Action};
use crate::server::{screens, staff, AppState};

const SIGN_IN_PATH: &str = "/staff/login";

/// The permissions a staff page needs beyond being signed in (`rules::permissions`): any one
/// of them lets the member through.
fn required(path: &str) -> Option<&'static [Action]> {
    use crate::rules::lifecycle::Event;
    match path {
        "/staff/audit" => Some(&[Action::ReadAudit]),
        "/staff/inbox" | "/staff/live" | "/staff/control" | "/staff/report" | "/staff/list" => {
            Some(&[Action::ViewRequests])
        }
        "/staff/intake" => Some(&[Action::RegisterIntake]),
        "/staff/allocation" => Some(&[Action::Lifecycle(Event::Allocate)]),
        "/staff/schedule" => Some(&[Action::PlanSchedule, Action::ApproveSchedule]),
        "/staff/schedule/approve" => Some(&[Action::ApproveSchedule]),
        p if p.starts_with("/staff/schedule/") => Some(&[Action::PlanSchedule]),
        p if p == "/staff/officials" || p.starts_with("/staff/officials/") => {
            Some(&[Action::ManageOfficials])
        }
        p if p == "/staff/calendar" || p.starts_with("/staff/calendar/") => {
            Some(&[Action::KeepCalendar])
        }
        p if p == "/staff/desk" || p.starts_with("/staff/desk/") => {
            Some(&[Action::Lifecycle(Event::CheckIn)])
        }
        "/board" | "/board/live" => Some(&[Action::ViewBoard]),
        "/staff/receptions" => Some(&[Action::ViewOwnReceptions]),
        p if p.starts_with("/staff/days/") => Some(&[Action::Lifecycle(Event::CancelReception)]),
        p if p == "/staff/accounts"
            || p.starts_with("/staff/accounts/")
            || p == "/staff/screens"
            || p.starts_with("/staff/screens/") =>
        {
            Some(&[Action::ManageStaff])
        }
        p if p == "/staff/phone"
            || p.starts_with("/staff/phone/")
            || p == "/staff/survey"
            || p.starts_with("/staff/survey/") =>
        {
            Some(&[Action::PhoneApplicants])
        }
        p if p.starts_with("/staff/requests/") => Some(&[Action::ViewRequests]),
        _ => None,
    }
}

/// What a staff member whose password must be changed may reach: the change form (on the
/// start page), the change itself, and sign-out.
const MAY_BEFORE_CHANGE: [&str; 4] = ["/staff", "/staff/password", "/staff/logout", SIGN_IN_PATH];

/// HttpOnly, SameSite=Strict, and Secure when the site is reached over https (a proxy in
/// front says so with `X-Forwarded-Proto`).
fn cookie(headers: &HeaderMap, value: &str, max_age: Option<u32>) -> HeaderValue {
    named_cookie(headers, staff::COOKIE, value, max_age, "Strict")
}

fn named_cookie(
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<u32>,
    same_site: &str,
) -> HeaderValue {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if https {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c).expect("a cookie of hex digits")
}

/// Resolves the session of every `/staff` request into a [`StaffMember`] in the request's
/// extensions (the pages read it there); refuses what needs one when there is none.
pub async fn gate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/staff") && !req.uri().path().starts_with("/board") {
        return next.run(req).await;
    }
    let idle = Duration::from_secs(state.config.staff_idle_minutes * 60);
    let member = match staff::token_of(req.headers()) {
        Some(t) => match staff::session(&state.store, &t, idle, chrono::Utc::now()).await {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "cannot read a staff session");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    let path = req.uri().path();
    // A wall screen opens the board with its own link, not with a person's session.
    if path.starts_with("/board/open/") {
        return next.run(req).await;
    }
    let screen = match (&member, screens::token_of(req.headers())) {
        (None, Some(token)) if path == "/board" || path == "/board/live" => {
            match screens::valid(&state.store, &token).await {
                Ok(valid) => valid,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "cannot read a board screen");
                    return StatusCode::SERVICE_UNAVAILABLE.into_response();
                }
            }
        }
        _ => false,
    };
    match member {
        // A password given by someone else is changed before anything else.
        Some(m) if m.must_change_password && !MAY_BEFORE_CHANGE.contains(&path) => {
            if req.method() == Method::GET {
                Redirect::to("/staff").into_response()
            } else {
                StatusCode::FORBIDDEN.into_response()
            }
        }
        Some(m) if required(path).is_some_and(|any| !any.iter().any(|a| allows(m.role, *a))) => (
            StatusCode::FORBIDDEN,
            format!("{} / {}", FORBIDDEN.kk, FORBIDDEN.ru),
        )
            .into_response(),
        Some(m) => {
            // A language chosen on a staff page is the member's choice, restored at sign-in.
            let chosen = crate::ui::i18n::query_lang(req.uri().query().unwrap_or_default());
            if let Some(lang) = chosen {
                if let Err(e) = staff::set_lang(&state.store, m.id, lang).await {
                    tracing::warn!(error = %format!("{e:#}"), "cannot remember a language");
                }
            }
            req.extensions_mut().insert(m);
            next.run(req).await
        }
        None if path == SIGN_IN_PATH || screen => next.run(req).await,
        // A page goes to the sign-in form; an event stream cannot.
        None if req.method() == Method::GET && !path.ends_with("/live") => {
            Redirect::to(SIGN_IN_PATH).into_response()
        }
        None => (
            StatusCode::UNAUTHORIZED,
            format!("{} / {}", SIGN_IN_REQUIRED.kk, SIGN_IN_REQUIRED.ru),
        )
            .into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

/// The client's address for the throttle of failed sign-ins: the connection's, or behind a
/// trusted proxy (`behind-proxy`) the address the proxy appended to `X-Forwarded-For`.
fn client_address(
    state: &AppState,
    headers: &HeaderMap,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
) -> String {
    let forwarded = state
        .config
        .behind_proxy
        .then(|| {
            headers
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()
        })
        .flatten()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    forwarded.unwrap_or_else(|| {
        connect.map_or_else(
            || "unknown".to_owned(),
            |Extension(ConnectInfo(a))| a.ip().to_string(),
        )
    })
}

/// The sign-in form posted: a new session (never one from before) and the workspace, or the
/// form again with why not.
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<SignInForm>,
) -> Response {
    let client = client_address(&state, &headers, connect);
    let login: String = form.login.chars().take(64).collect();
    let password: String = form.password.chars().take(256).collect();
    match staff::sign_in(&state.store, &login, &password, &client, chrono::Utc::now()).await {
        Ok(token) => {
            let mut res = Redirect::to("/staff").into_response();
            res.headers_mut()
                .insert(header::SET_COOKIE, cookie(&headers, &token, None));
            // The language this member chose last, on this computer too.
            if let Ok(Some(lang)) = staff::lang_of(&state.store, &login).await {
                let value = crate::ui::i18n::cookie_value(lang);
                if let Ok(v) = HeaderValue::from_str(&value) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res
        }
        Err(e) => {
            let status = match &e {
                staff::SignInError::Wrong => StatusCode::UNAUTHORIZED,
                staff::SignInError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                staff::SignInError::Internal(inner) => {
                    tracing::error!(error = %format!("{inner:#}"), "staff sign-in failed");
                    StatusCode::SERVICE_UNAVAILABLE
                }
            };
            let posted = StaffFormError {
                login,
                message: e.message(),
            };
            let mut res = super::render_page(state, headers, SIGN_IN_PATH, posted).await;
            *res.status_mut() = status;
            res
        }
    }
}

/// Closes the session and forgets the cookie.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(t) = staff::token_of(&headers) {
        if let Err(e) = staff::sign_out(&state.store, &t).await {
            tracing::error!(error = %format!("{e:#}"), "cannot close a staff session");
        }
    }
    let mut res = Redirect::to(SIGN_IN_PATH).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, cookie(&headers, "", Some(0)));
    res
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

/// The staff member sets their own password (required after a password given by someone
/// else); their other sessions are closed.
pub async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let current: String = form.current.chars().take(256).collect();
    let new: String = form.new.chars().take(256).collect();
    let now = chrono::Utc::now();
    match staff::change_password(&state.store, &member, &current, &new, now).await {
        Ok(Ok(token)) => {
            let mut res = Redirect::to("/staff").into_response();
            res.headers_mut()
                .insert(header::SET_COOKIE, cookie(&headers, &token, None));
            res
        }
        Ok(Err(message)) => {
            let posted = StaffFormError {
                login: member.login.clone(),
                message,
            };
            let mut extensions = http::Extensions::new();
            extensions.insert(member);
            let mut res =
                super::render_page_with(state, headers, "/staff", posted, extensions).await;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot change a staff password");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

mod calendar;
mod card;
mod live;
mod papers;
mod planning;
mod reception;
mod wall_screens;
mod workspace;

pub use calendar::{add_calendar_fact, remove_calendar_fact};
pub use card::{central, decide, final_answer, give_instruction, instruction_done, move_reception};
pub use live::{board_live, live};
pub use papers::{paper_scan, register_paper, BODY_MAX as PAPER_BODY_MAX};
pub use planning::{
    add_day, add_meeting, add_official, approve_month, change_official, remove_day, remove_meeting,
};
pub use reception::{cancel_day, confirm_allocation, confirm_check, desk_action, invite_to_day};
pub use wall_screens::{create_screen, open_screen, revoke_screen};
pub use workspace::{change_account, create_account, phoned, surveyed};

/// The state of the request a posted form was filled in on: its status and version, as the
/// page showed them (`server::workflow::Shown`); none for a form the page did not make.
fn shown_on_page(
    status: &str,
    version: &str,
) -> Option<(
    crate::rules::lifecycle::Status,
    crate::server::workflow::Shown,
)> {
    let status = crate::rules::lifecycle::Status::from_code(status)?;
    let version = version.parse::<i64>().ok()?;
    Some((
        status,
        crate::server::workflow::Shown::Was { status, version },
    ))
}

/// The staff member as the actor of an audited change.
fn actor_of(member: &StaffMember) -> crate::server::audit::Actor {
    crate::server::audit::Actor::Staff {
        id: member.id,
        role: member.role,
    }
}

/// A staff page rendered again after a posted form: `posted` (what happened, or why not) in
/// its context, the signed-in member in the request, answered with `status`.
async fn page_again<T: Clone + Send + Sync + 'static>(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    path: &str,
    posted: T,
    status: StatusCode,
) -> Response {
    let mut extensions = http::Extensions::new();
    extensions.insert(member);
    let mut res = super::render_page_with(state, headers, path, posted, extensions).await;
    *res.status_mut() = status;
    res
}

/// The page again after a posted form: what it did (`Ok`, in the page's context) or why not
/// (`Err`: its message in both languages, logged as `what`, answered with its status).
async fn outcome_page<T: Clone + Send + Sync + 'static>(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    path: &str,
    outcome: Result<T, crate::server::Error>,
    what: &str,
) -> Response {
    let status = match &outcome {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            e.log(what);
            e.status()
        }
    };
    let posted = outcome.map_err(|e| e.message());
    page_again(state, headers, member, path, posted, status).await
}

/// The page again with why a posted form was refused, in both languages.
async fn refused_page(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    path: &str,
    e: crate::server::Error,
    what: &str,
) -> Response {
    e.log(what);
    let posted = crate::model::card::DecisionError {
        message: e.message(),
        changed_by: None,
        kept: None,
    };
    page_again(state, headers, member, path, posted, e.status()).await
}
