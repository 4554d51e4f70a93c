//! Server functions: thin. Each checks its input, calls the store and the rules, and
//! returns model types. Internal errors are logged on the server and never shown.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::MonthSchedule;

/// An error of a service, as a server function answers it: its HTTP status and its message
/// in both languages; an internal error is logged here, once, and never shown. (Not a
/// `From`: Leptos converts every error type with its `Display` and status 500.)
#[cfg(feature = "ssr")]
pub(crate) fn answer(e: crate::server::Error) -> ServerFnError {
    e.log("server function failed");
    refuse(e.status(), e.message())
}

/// An error an API client can read in both languages, sent with its HTTP status
/// (server functions answer 500 otherwise). The pages show the same texts.
#[cfg(feature = "ssr")]
pub(crate) fn refuse(
    status: http::StatusCode,
    message: impl Into<crate::rules::lang::Text>,
) -> ServerFnError {
    let message = message.into();
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    ServerFnError::new(format!("{} / {}", message.kk, message.ru))
}

/// Server functions that answer an applicant's lookups are limited per client.
#[cfg(feature = "ssr")]
pub(crate) async fn check_rate(state: &crate::server::AppState) -> Result<(), ServerFnError> {
    use axum::extract::ConnectInfo;
    let addr = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(addr)| addr);
    if state.limiter.allow_client(addr) {
        Ok(())
    } else {
        Err(refuse(
            http::StatusCode::TOO_MANY_REQUESTS,
            crate::model::messages::TOO_MANY_LOOKUPS,
        ))
    }
}

/// The public reception schedule of a month (clause 7): officials with their full names,
/// positions and reception days. `month` is `YYYY-MM`; none means the current month in
/// Asia/Almaty. Carries no applicant's data.
#[server(input = GetUrl, endpoint = "schedule")]
pub async fn get_schedule(month: Option<String>) -> Result<MonthSchedule, ServerFnError> {
    use crate::server::AppState;
    let state = expect_context::<AppState>();
    let (year, month) = match month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => parse_month(m).ok_or_else(|| {
            refuse(
                http::StatusCode::BAD_REQUEST,
                crate::model::messages::BAD_MONTH,
            )
        })?,
        None => {
            let today = crate::rules::time::to_local(chrono::Utc::now()).date();
            (
                chrono::Datelike::year(&today),
                chrono::Datelike::month(&today),
            )
        }
    };
    crate::server::schedule::month_schedule(&state, year, month)
        .await
        .map_err(|e| {
            e.log("cannot read the schedule");
            refuse(
                http::StatusCode::SERVICE_UNAVAILABLE,
                crate::model::messages::SCHEDULE_UNAVAILABLE,
            )
        })
}

/// `YYYY-MM` with a month 1..=12 and a year the calendar knows about.
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

pub mod requests;
pub mod staff;
