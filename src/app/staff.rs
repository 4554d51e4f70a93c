//! The staff workspace's door: the session cookie, sign-in, sign-out and the password change.
//! Every path under `/staff` passes [`gate`]: signed out, a page sends the browser to the
//! sign-in form and anything else is answered 401.

use std::{net::SocketAddr, time::Duration};

use std::convert::Infallible;

use axum::response::sse::Event as SseEvent;
use axum::{
    extract::{ConnectInfo, Path, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};

use crate::model::messages::{FORBIDDEN, SIGN_IN_REQUIRED};
use crate::model::staff::{AccountNotice, StaffFormError, StaffMember};
use crate::rules::permissions::{allows, Action};
use crate::server::{staff, AppState};

const SIGN_IN_PATH: &str = "/staff/login";

/// The permission a staff page needs beyond being signed in (`rules::permissions`).
fn required(path: &str) -> Option<Action> {
    match path {
        "/staff/audit" => Some(Action::ReadAudit),
        "/staff/inbox" | "/staff/live" => Some(Action::ViewRequests),
        "/staff/intake" => Some(Action::RegisterIntake),
        "/staff/allocation" => Some(Action::Lifecycle(crate::rules::lifecycle::Event::Allocate)),
        p if p == "/staff/desk" || p.starts_with("/staff/desk/") => {
            Some(Action::Lifecycle(crate::rules::lifecycle::Event::CheckIn))
        }
        "/board" => Some(Action::ViewBoard),
        p if p.starts_with("/staff/days/") => Some(Action::Lifecycle(
            crate::rules::lifecycle::Event::CancelReception,
        )),
        p if p == "/staff/accounts" || p.starts_with("/staff/accounts/") => {
            Some(Action::ManageStaff)
        }
        p if p == "/staff/phone" || p.starts_with("/staff/phone/") => Some(Action::PhoneApplicants),
        p if p.starts_with("/staff/requests/") => Some(Action::ViewRequests),
        _ => None,
    }
}

/// What a staff member whose password must be changed may reach: the change form (on the
/// start page), the change itself, and sign-out.
const MAY_BEFORE_CHANGE: [&str; 4] = ["/staff", "/staff/password", "/staff/logout", SIGN_IN_PATH];

/// HttpOnly, SameSite=Strict, and Secure when the site is reached over https (a proxy in
/// front says so with `X-Forwarded-Proto`).
fn cookie(headers: &HeaderMap, value: &str, max_age: Option<u32>) -> HeaderValue {
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let mut c = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict",
        staff::COOKIE
    );
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
    if !req.uri().path().starts_with("/staff") && req.uri().path() != "/board" {
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
    match member {
        // A password given by someone else is changed before anything else.
        Some(m) if m.must_change_password && !MAY_BEFORE_CHANGE.contains(&path) => {
            if req.method() == Method::GET {
                Redirect::to("/staff").into_response()
            } else {
                StatusCode::FORBIDDEN.into_response()
            }
        }
        Some(m) if required(path).is_some_and(|action| !allows(m.role, action)) => (
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
        None if path == SIGN_IN_PATH => next.run(req).await,
        // A page goes to the sign-in form; an event stream cannot.
        None if req.method() == Method::GET && path != "/staff/live" => {
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

/// The live events of the staff screens as server-sent events: one `change` event per
/// committed change (a registration number and a status, never personal data). The stream
/// ends when the server begins to shut down.
pub async fn live(
    State(state): State<AppState>,
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
            let next = tokio::select! {
                e = events.recv() => e,
                _ = closing.changed() => return None,
                _ = tokio::time::sleep_until(ends) => return None,
            };
            let event = match next {
                Ok(e) => SseEvent::default()
                    .event("change")
                    .json_data(&e)
                    .expect("an event serialises"),
                // Missed events: the screen reads everything again.
                Err(RecvError::Lagged(_)) => SseEvent::default().event("change").data("{}"),
                Err(RecvError::Closed) => return None,
            };
            Some((Ok(event), (events, closing)))
        },
    );
    axum::response::sse::Sse::new(stream).keep_alive(axum::response::sse::KeepAlive::default())
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    action: String,
    /// The status the card showed.
    #[serde(default)]
    shown: String,
    /// The request's version the card showed.
    #[serde(default)]
    version: String,
    #[serde(default)]
    clause: String,
    #[serde(default)]
    reason: String,
    /// The central state body asked to take part (clause 20).
    #[serde(default)]
    body: String,
}

/// The longest reason a decision may carry.
pub const REASON_MAX: usize = 2000;

/// A decision on the request's card (a plain form): the lifecycle and the permission table
/// decide in `server::workflow`; the card comes back, or the card again with why not (who
/// changed the request first, when that is why).
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<DecisionForm>,
) -> Response {
    use crate::model::card::DecisionError;
    use crate::model::messages::{BAD_DECISION, BODY_REQUIRED, REASON_REQUIRED, TOO_LONG};
    use crate::rules::lifecycle::{Event, Status, DECISIONS};
    use crate::rules::permissions::refusal_grounds;
    use crate::server::{audit::Actor, card, requests, workflow, Error};

    let number: String = number
        .trim()
        .chars()
        .take(30)
        .collect::<String>()
        .to_uppercase();
    let card_path = format!("/staff/requests/{number}");
    let now = chrono::Utc::now();
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let reason = form.reason.trim();
    let outcome: Result<(), Error> = async {
        // The role first: one that may take no decision is refused before anything else.
        if !DECISIONS
            .iter()
            .any(|e| allows(member.role, Action::Lifecycle(*e)))
        {
            return Err(Error::Forbidden);
        }
        let (Some(event), Some(status), Ok(version)) = (
            Event::from_code(&form.action).filter(|e| DECISIONS.contains(e)),
            Status::from_code(&form.shown),
            form.version.parse::<i64>(),
        ) else {
            return Err(Error::BadInput(BAD_DECISION.text()));
        };
        if reason.chars().count() > REASON_MAX {
            return Err(Error::BadInput(TOO_LONG.text()));
        }
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        let shown = workflow::Shown::Was { status, version };
        match event {
            Event::Refuse => {
                if !refusal_grounds(member.role, status).contains(&form.clause.as_str()) {
                    return Err(Error::BadInput(BAD_DECISION.text()));
                }
                if reason.is_empty() {
                    return Err(Error::BadInput(REASON_REQUIRED.text()));
                }
                let reason = crate::rules::lang::Text::new(reason, reason);
                workflow::refuse_shown(&state.store, id, shown, &form.clause, &reason, actor, now)
                    .await?;
            }
            Event::Extend if reason.is_empty() => {
                return Err(Error::BadInput(REASON_REQUIRED.text()));
            }
            Event::AskCentralBody => {
                let body = form.body.trim();
                if body.is_empty() || body.chars().count() > workflow::BODY_MAX {
                    return Err(Error::BadInput(BODY_REQUIRED.text()));
                }
                workflow::ask_central_body(&state.store, id, shown, body, actor, now).await?;
            }
            _ => {
                let reason = Some(reason).filter(|r| !r.is_empty());
                workflow::decide(&state.store, id, shown, event, actor, reason, now).await?;
            }
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to(&card_path).into_response(),
        Err(e) => {
            e.log("a decision on a request failed");
            let changed_by = match &e {
                Error::Conflict => match requests::id_of(&state.store, &number).await {
                    Ok(Some(id)) => card::last_changed_by(&state.store, id).await.ok().flatten(),
                    _ => None,
                },
                _ => None,
            };
            let posted = DecisionError {
                message: e.message(),
                changed_by,
            };
            let status = e.status();
            let mut extensions = http::Extensions::new();
            extensions.insert(member);
            let mut res =
                super::render_page_with(state, headers, &card_path, posted, extensions).await;
            *res.status_mut() = status;
            res
        }
    }
}

#[derive(serde::Deserialize)]
pub struct CallForm {
    #[serde(default)]
    note: String,
}

/// Records that the staff member phoned an applicant about a notice (a plain form on the
/// phone list); the list again, or the list with why not.
pub async fn phoned(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(outbox_id): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<CallForm>,
) -> Response {
    use crate::model::card::DecisionError;
    use crate::model::messages::TOO_LONG;
    use crate::server::{audit::Actor, phone, Error};
    let note = form.note.trim();
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let outcome = if note.chars().count() > phone::NOTE_MAX {
        Err(Error::BadInput(TOO_LONG.text()))
    } else {
        phone::record_call(&state.store, outbox_id, note, actor, chrono::Utc::now()).await
    };
    match outcome {
        Ok(()) => Redirect::to("/staff/phone").into_response(),
        Err(e) => {
            e.log("cannot record a call");
            let posted = DecisionError {
                message: e.message(),
                changed_by: None,
            };
            let status = e.status();
            let mut extensions = http::Extensions::new();
            extensions.insert(member);
            let mut res =
                super::render_page_with(state, headers, "/staff/phone", posted, extensions).await;
            *res.status_mut() = status;
            res
        }
    }
}

#[derive(serde::Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    role: String,
    /// On an existing account: `disable`, `enable`, `role` or `reset`.
    #[serde(default)]
    action: String,
}

/// The accounts screen again, saying what happened: the one-time password of a new or reset
/// account is shown in this answer only (never in an address, never stored in the clear).
async fn accounts_page(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    outcome: Result<AccountNotice, crate::server::Error>,
) -> Response {
    let (status, notice) = match outcome {
        Ok(notice) => (StatusCode::OK, notice),
        Err(e) => {
            e.log("an account change failed");
            (e.status(), AccountNotice::Refused(e.message()))
        }
    };
    let mut extensions = http::Extensions::new();
    extensions.insert(member);
    let mut res =
        super::render_page_with(state, headers, "/staff/accounts", notice, extensions).await;
    *res.status_mut() = status;
    res
}

/// The administrator creates an account.
pub async fn create_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<AccountForm>,
) -> Response {
    use crate::model::messages::BAD_FILTER;
    use crate::rules::permissions::StaffRole;
    use crate::server::{accounts, audit::Actor, Error};
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let outcome = match StaffRole::from_code(&form.role) {
        None => Err(Error::BadInput(BAD_FILTER.text())),
        Some(role) => accounts::create(
            &state.store,
            &form.login,
            &form.full_name,
            role,
            actor,
            chrono::Utc::now(),
        )
        .await
        .map(|password| AccountNotice::Issued {
            login: form.login.trim().to_lowercase(),
            password,
        }),
    };
    accounts_page(state, headers, member, outcome).await
}

/// The administrator disables, enables, re-roles an account or resets its password.
pub async fn change_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<AccountForm>,
) -> Response {
    use crate::model::messages::BAD_FILTER;
    use crate::rules::permissions::StaffRole;
    use crate::server::accounts::{self, Change};
    use crate::server::{audit::Actor, Error};
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let change = match (form.action.as_str(), StaffRole::from_code(&form.role)) {
        ("disable", _) => Some(Change::Disable),
        ("enable", _) => Some(Change::Enable),
        ("reset", _) => Some(Change::ResetPassword),
        ("role", Some(role)) => Some(Change::Role(role)),
        _ => None,
    };
    let outcome = match change {
        None => Err(Error::BadInput(BAD_FILTER.text())),
        Some(change) => {
            match accounts::change(&state.store, id, change, actor, chrono::Utc::now()).await {
                Ok(Some(password)) => {
                    let login = accounts::list(&state.store)
                        .await
                        .ok()
                        .and_then(|all| all.into_iter().find(|a| a.id == id))
                        .map(|a| a.login)
                        .unwrap_or_default();
                    Ok(AccountNotice::Issued { login, password })
                }
                Ok(None) => Ok(AccountNotice::Done),
                Err(e) => Err(e),
            }
        }
    };
    accounts_page(state, headers, member, outcome).await
}

#[derive(serde::Deserialize)]
pub struct CentralForm {
    /// `refused` or `reported`.
    #[serde(default)]
    record: String,
}

/// Records a central body's refusal to take part (clause 22's term starts) or its report.
pub async fn central(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((number, central_id)): Path<(String, i64)>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<CentralForm>,
) -> Response {
    use crate::model::card::DecisionError;
    use crate::model::messages::BAD_FILTER;
    use crate::server::central::{self, Record};
    use crate::server::{audit::Actor, requests, Error};
    let number: String = number
        .trim()
        .chars()
        .take(30)
        .collect::<String>()
        .to_uppercase();
    let card_path = format!("/staff/requests/{number}");
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let outcome: Result<(), Error> = async {
        let what = match form.record.as_str() {
            "refused" => Record::Refused,
            "reported" => Record::Reported,
            _ => return Err(Error::BadInput(BAD_FILTER.text())),
        };
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        central::record(
            &state.store,
            id,
            central_id,
            what,
            actor,
            chrono::Utc::now(),
        )
        .await
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to(&card_path).into_response(),
        Err(e) => {
            e.log("cannot record a central body's answer");
            let posted = DecisionError {
                message: e.message(),
                changed_by: None,
            };
            let status = e.status();
            let mut extensions = http::Extensions::new();
            extensions.insert(member);
            let mut res =
                super::render_page_with(state, headers, &card_path, posted, extensions).await;
            *res.status_mut() = status;
            res
        }
    }
}

#[derive(serde::Deserialize)]
pub struct AllocationForm {
    #[serde(default)]
    official: String,
}

/// The clerk confirms the allocation of an official's approved list (clause 30); the page
/// again, saying how many were scheduled, wait, or changed meanwhile.
pub async fn confirm_allocation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<AllocationForm>,
) -> Response {
    use crate::model::messages::BAD_DECISION;
    use crate::server::{allocation, audit::Actor, Error};
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let official = form.official.trim().parse::<i64>().ok();
    let outcome = match official {
        Some(official) => {
            allocation::confirm(&state.store, official, actor, chrono::Utc::now()).await
        }
        None => Err(Error::BadInput(BAD_DECISION.text())),
    };
    let status = match &outcome {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            e.log("cannot confirm an allocation");
            e.status()
        }
    };
    let posted = outcome.map_err(|e| e.message());
    let path = format!(
        "/staff/allocation?official={}",
        official.unwrap_or_default()
    );
    let mut extensions = http::Extensions::new();
    extensions.insert(member);
    let mut res = super::render_page_with(state, headers, &path, posted, extensions).await;
    *res.status_mut() = status;
    res
}

#[derive(serde::Deserialize)]
pub struct CancelDayForm {
    #[serde(default)]
    reason: String,
    /// When the department was told, local time (`YYYY-MM-DDTHH:MM`).
    #[serde(default)]
    told: String,
}

/// The clerk records that an official cannot receive on a day (clause 17): the day's
/// applicants go back to the list, are told, and are allocated again.
pub async fn cancel_day(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(day): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<CancelDayForm>,
) -> Response {
    use crate::model::messages::{BAD_DECISION, TOLD_OUT_OF_RANGE};
    use crate::server::cancellation::{self, Reason};
    use crate::server::{audit::Actor, Error};
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let now = chrono::Utc::now();
    let official = cancellation::official_of_day(&state.store, day)
        .await
        .ok()
        .flatten();
    let told = chrono::NaiveDateTime::parse_from_str(form.told.trim(), "%Y-%m-%dT%H:%M");
    let outcome = match (Reason::from_code(&form.reason), told) {
        (None, _) => Err(Error::BadInput(BAD_DECISION.text())),
        (_, Err(_)) => Err(Error::BadInput(TOLD_OUT_OF_RANGE.text())),
        (_, Ok(t)) if t > crate::rules::time::to_local(now) => {
            Err(Error::BadInput(TOLD_OUT_OF_RANGE.text()))
        }
        (Some(reason), Ok(t)) => {
            cancellation::cancel_day(&state.store, day, reason, t, actor, now).await
        }
    };
    let status = match &outcome {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            e.log("cannot cancel a reception day");
            e.status()
        }
    };
    let posted = outcome.map_err(|e| e.message());
    let path = format!(
        "/staff/allocation?official={}",
        official.unwrap_or_default()
    );
    let mut extensions = http::Extensions::new();
    extensions.insert(member);
    let mut res = super::render_page_with(state, headers, &path, posted, extensions).await;
    *res.status_mut() = status;
    res
}

#[derive(serde::Deserialize)]
pub struct DeskForm {
    /// `check_in`, `call`, `receive` or `no_show`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    shown: String,
    #[serde(default)]
    version: String,
    /// Clause 10: the identity document was seen.
    #[serde(default)]
    identity_seen: Option<String>,
    /// Clause 10: a representative's power of attorney was seen.
    #[serde(default)]
    authority_seen: Option<String>,
}

/// The reception-room desk: checks an applicant in (clause 10: the identity document, and a
/// representative's authority, seen), calls them in, marks them received or absent.
pub async fn desk_action(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<DeskForm>,
) -> Response {
    use crate::model::card::DecisionError;
    use crate::model::messages::{BAD_DECISION, DOCUMENTS_NOT_SEEN, NOT_TODAY, NOT_YET};
    use crate::rules::lifecycle::{Event, Status};
    use crate::server::{audit::Actor, desk, requests, workflow, Error};
    let number: String = number
        .trim()
        .chars()
        .take(30)
        .collect::<String>()
        .to_uppercase();
    let actor = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let now = chrono::Utc::now();
    let outcome: Result<(), Error> = async {
        if !allows(member.role, Action::Lifecycle(Event::CheckIn)) {
            return Err(Error::Forbidden);
        }
        if form.action == "call" {
            return desk::call(&state.store, &number, actor, now).await;
        }
        let event = match form.action.as_str() {
            "check_in" => Event::CheckIn,
            "receive" => Event::Receive,
            "no_show" => Event::NoShow,
            _ => return Err(Error::BadInput(BAD_DECISION.text())),
        };
        let (Some(status), Ok(version)) =
            (Status::from_code(&form.shown), form.version.parse::<i64>())
        else {
            return Err(Error::BadInput(BAD_DECISION.text()));
        };
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        // The desk works on today's receptions only; a no-show only once the slot has begun.
        let today = crate::rules::time::to_local(now);
        let entry = desk::today(&state.store, today.date())
            .await?
            .into_iter()
            .find(|e| e.number == number)
            .ok_or(Error::BadInput(NOT_TODAY.text()))?;
        if event == Event::NoShow && today.time() < entry.slot {
            return Err(Error::BadInput(NOT_YET.text()));
        }
        if event == Event::CheckIn {
            let representative = desk::is_representative(&state.store, id).await?;
            if form.identity_seen.is_none() || (representative && form.authority_seen.is_none()) {
                return Err(Error::BadInput(DOCUMENTS_NOT_SEEN.text()));
            }
        }
        let shown = workflow::Shown::Was { status, version };
        workflow::decide(&state.store, id, shown, event, actor, None, now).await?;
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to("/staff/desk").into_response(),
        Err(e) => {
            e.log("a desk action failed");
            let posted = DecisionError {
                message: e.message(),
                changed_by: None,
            };
            let status = e.status();
            let mut extensions = http::Extensions::new();
            extensions.insert(member);
            let mut res =
                super::render_page_with(state, headers, "/staff/desk", posted, extensions).await;
            *res.status_mut() = status;
            res
        }
    }
}
