//! Calendar upkeep (`/staff/calendar`): the administrator's no-JavaScript forms that enter the
//! year's Kurban Ait and transfers of days off, and remove an entry made by mistake.

use crate::app::extract::{Form, Path};
use axum::{extract::State, http::HeaderMap, response::Response, Extension};
use chrono::{Datelike, NaiveDate};

use super::{actor_of, outcome_page};
use crate::model::calendar::CalendarDone;
use crate::model::messages::BAD_CALENDAR_FORM;
use crate::model::staff::StaffMember;
use crate::rules::calendar::{Act, Transfer};
use crate::server::{calendar, AppState, Error};

#[derive(serde::Deserialize)]
pub struct FactForm {
    /// `kurban_ait` or `transfer`.
    #[serde(default)]
    kind: String,
    /// Kurban Ait's date, or the weekday made a day off.
    #[serde(default)]
    day: String,
    #[serde(default)]
    working_day: String,
    #[serde(default)]
    act_kind: String,
    #[serde(default)]
    act_number: String,
    #[serde(default)]
    act_dated: String,
    #[serde(default)]
    source: String,
}

fn date(s: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::BadInput(BAD_CALENDAR_FORM.text()))
}

/// The longest text of an act or source.
const SOURCE_MAX: usize = 500;

async fn page_for(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    year: Option<i32>,
    outcome: Result<CalendarDone, Error>,
) -> Response {
    let path = match year {
        Some(y) => format!("/staff/calendar?year={y}"),
        None => "/staff/calendar".into(),
    };
    outcome_page(
        state,
        headers,
        member,
        &path,
        outcome,
        "a calendar entry failed",
    )
    .await
}

/// Enters Kurban Ait or a transfer of a day off, with its act.
pub async fn add_calendar_fact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<FactForm>,
) -> Response {
    let (actor, now) = (actor_of(&member), chrono::Utc::now());
    let year = date(&form.day).ok().map(|d| d.year());
    let outcome = async {
        if [&form.source, &form.act_number, &form.act_dated]
            .iter()
            .any(|s| s.chars().count() > SOURCE_MAX)
        {
            return Err(Error::BadInput(crate::model::messages::TOO_LONG.text()));
        }
        match form.kind.as_str() {
            "kurban_ait" => {
                calendar::add_kurban_ait(&state.store, date(&form.day)?, &form.source, actor, now)
                    .await
            }
            "transfer" => {
                let t = Transfer {
                    day_off: date(&form.day)?,
                    working_day: date(&form.working_day)?,
                    act: Act {
                        kind: form.act_kind.clone(),
                        number: form.act_number.clone(),
                        dated: form.act_dated.clone(),
                    },
                    source: form.source.clone(),
                };
                calendar::add_transfer(&state.store, t, actor, now).await
            }
            _ => Err(Error::BadInput(BAD_CALENDAR_FORM.text())),
        }
    }
    .await
    .map(|()| CalendarDone);
    page_for(state, headers, member, year, outcome).await
}

#[derive(serde::Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    year: String,
}

/// Removes an entry made by mistake.
pub async fn remove_calendar_fact(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<RemoveForm>,
) -> Response {
    let outcome = calendar::remove(&state.store, id, actor_of(&member), chrono::Utc::now())
        .await
        .map(|()| CalendarDone);
    let year = form.year.trim().parse().ok();
    page_for(state, headers, member, year, outcome).await
}
