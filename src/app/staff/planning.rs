//! The month's plan of reception days (clauses 6-9) and the officials who receive (clause 2):
//! the no-JavaScript forms of `/staff/schedule` and `/staff/officials`.

use crate::app::extract::{Form, Path};
use axum::{extract::State, http::HeaderMap, response::Response, Extension};
use chrono::{NaiveDate, NaiveTime};

use super::{actor_of, outcome_page};
use crate::model::messages::{
    BAD_DAY_FORM, BAD_MONTH, BAD_ORDER, BAD_VIDEO_ROOM, OFFICIAL_FORM, PLACE_REQUIRED,
};
use crate::model::planning::{OfficialDone, PlanDone};
use crate::model::staff::StaffMember;
use crate::model::PersonName;
use crate::rules::{lang::Text, schedule::DayPlan};
use crate::server::{officials, planning, store::NewOfficial, AppState, Error};

fn plan_path(month: &str) -> String {
    match crate::api::parse_month(month.trim()) {
        Some((y, m)) => format!("/staff/schedule?month={y:04}-{m:02}"),
        None => "/staff/schedule".into(),
    }
}

/// The plan page again, saying what the form did or why not.
async fn plan_again(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    month: &str,
    outcome: Result<PlanDone, Error>,
    what: &str,
) -> Response {
    outcome_page(state, headers, member, &plan_path(month), outcome, what).await
}

/// A one-line text of the form, tidied and cut at `limit` characters.
fn text(s: &str, limit: usize) -> String {
    crate::rules::application::tidy(s)
        .chars()
        .take(limit)
        .collect()
}

#[derive(serde::Deserialize)]
pub struct DayForm {
    #[serde(default)]
    official: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    starts: String,
    #[serde(default)]
    ends: String,
    #[serde(default)]
    slot_minutes: String,
    #[serde(default)]
    seats: String,
    #[serde(default)]
    place_kk: String,
    #[serde(default)]
    place_ru: String,
    #[serde(default)]
    video_room: String,
    #[serde(default)]
    order_number: String,
    #[serde(default)]
    order_date: String,
}

/// The planned day a form describes, or why it does not read.
fn day_of(form: &DayForm) -> Result<planning::NewDay, Error> {
    let bad = || Error::BadInput(BAD_DAY_FORM.text());
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let plan = DayPlan {
        date,
        starts: time(&form.starts)?,
        ends: time(&form.ends)?,
        slot_minutes: form.slot_minutes.trim().parse().map_err(|_| bad())?,
        seats: form.seats.trim().parse().map_err(|_| bad())?,
    };
    let official = form.official.trim().parse().map_err(|_| bad())?;
    let place = Text::new(text(&form.place_kk, 200), text(&form.place_ru, 200));
    if place.kk.is_empty() || place.ru.is_empty() {
        return Err(Error::BadInput(PLACE_REQUIRED.text()));
    }
    let video_room = Some(form.video_room.trim().to_owned()).filter(|v| !v.is_empty());
    if video_room.as_ref().is_some_and(|v| {
        !v.starts_with("https://") || v.len() > 500 || v.contains(char::is_whitespace)
    }) {
        return Err(Error::BadInput(BAD_VIDEO_ROOM.text()));
    }
    let number = text(&form.order_number, 50);
    let order = match (number.is_empty(), form.order_date.trim()) {
        (true, "") => None,
        (false, d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) if d <= date => Some((number, d)),
            _ => return Err(Error::BadInput(BAD_ORDER.text())),
        },
        (true, _) => return Err(Error::BadInput(BAD_ORDER.text())),
    };
    Ok(planning::NewDay {
        official,
        plan,
        place,
        video_room,
        order,
    })
}

/// The department plans a reception day.
pub async fn add_day(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<DayForm>,
) -> Response {
    let actor = actor_of(&member);
    let outcome = match day_of(&form) {
        Ok(day) => planning::add_day(&state.store, &day, actor, chrono::Utc::now())
            .await
            .map(|_| PlanDone::DayAdded),
        Err(e) => Err(e),
    };
    let month = form.date.get(..7).unwrap_or_default().to_owned();
    plan_again(state, headers, member, &month, outcome, "cannot plan a day").await
}

#[derive(serde::Deserialize)]
pub struct MonthForm {
    #[serde(default)]
    month: String,
    #[serde(default)]
    despite: Option<String>,
}

/// A planned day taken off the plan before the month is approved.
pub async fn remove_day(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<MonthForm>,
) -> Response {
    let outcome = planning::remove_day(&state.store, id, actor_of(&member), chrono::Utc::now())
        .await
        .map(|_| PlanDone::DayRemoved);
    plan_again(
        state,
        headers,
        member,
        &form.month,
        outcome,
        "cannot remove a day",
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    date: String,
}

/// A report meeting of the akim entered (clause 6).
pub async fn add_meeting(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<MeetingForm>,
) -> Response {
    let outcome = match NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d") {
        Ok(date) => {
            planning::add_meeting(&state.store, date, actor_of(&member), chrono::Utc::now())
                .await
                .map(|_| PlanDone::MeetingAdded)
        }
        Err(_) => Err(Error::BadInput(BAD_DAY_FORM.text())),
    };
    let month = form.date.trim().get(..7).unwrap_or_default().to_owned();
    plan_again(
        state,
        headers,
        member,
        &month,
        outcome,
        "cannot enter a meeting",
    )
    .await
}

/// A report meeting taken off.
pub async fn remove_meeting(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(date): Path<String>,
    Extension(member): Extension<StaffMember>,
) -> Response {
    let outcome = match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
        Ok(d) => planning::remove_meeting(&state.store, d, actor_of(&member), chrono::Utc::now())
            .await
            .map(|_| PlanDone::MeetingRemoved),
        Err(_) => Err(Error::NotFound),
    };
    let month = date.get(..7).unwrap_or_default().to_owned();
    plan_again(
        state,
        headers,
        member,
        &month,
        outcome,
        "cannot remove a meeting",
    )
    .await
}

/// The chief of staff approves the month (clauses 6, 7).
pub async fn approve_month(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<MonthForm>,
) -> Response {
    let outcome = match crate::api::parse_month(form.month.trim()) {
        Some((year, month)) => planning::approve_month(
            &state.store,
            year,
            month,
            form.despite.is_some(),
            actor_of(&member),
            chrono::Utc::now(),
        )
        .await
        .map(|_| PlanDone::Approved),
        None => Err(Error::BadInput(BAD_MONTH.text())),
    };
    plan_again(
        state,
        headers,
        member,
        &form.month,
        outcome,
        "cannot approve a month",
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct OfficialForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    surname_kk: String,
    #[serde(default)]
    name_kk: String,
    #[serde(default)]
    patronymic_kk: String,
    #[serde(default)]
    surname_ru: String,
    #[serde(default)]
    name_ru: String,
    #[serde(default)]
    patronymic_ru: String,
    #[serde(default)]
    position_kk: String,
    #[serde(default)]
    position_ru: String,
    #[serde(default)]
    sort_order: String,
    #[serde(default)]
    active: Option<String>,
}

fn official_of(form: &OfficialForm) -> Result<NewOfficial, Error> {
    let bad = || Error::BadInput(OFFICIAL_FORM.text());
    let role = crate::rules::duties::OfficialRole::from_code(form.role.trim()).ok_or_else(bad)?;
    let name = |surname: &str, name: &str, patronymic: &str| PersonName {
        surname: text(surname, 200),
        name: text(name, 200),
        patronymic: Some(text(patronymic, 200)).filter(|p| !p.is_empty()),
    };
    let sort_order = match form.sort_order.trim() {
        "" => 0,
        s => s.parse().map_err(|_| bad())?,
    };
    Ok(NewOfficial {
        role,
        name_kk: name(&form.surname_kk, &form.name_kk, &form.patronymic_kk),
        name_ru: name(&form.surname_ru, &form.name_ru, &form.patronymic_ru),
        position: Text::new(text(&form.position_kk, 200), text(&form.position_ru, 200)),
        sort_order,
    })
}

async fn officials_again(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    outcome: Result<OfficialDone, Error>,
) -> Response {
    outcome_page(
        state,
        headers,
        member,
        "/staff/officials",
        outcome,
        "cannot keep an official",
    )
    .await
}

/// The administrator adds an official who receives.
pub async fn add_official(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<OfficialForm>,
) -> Response {
    let outcome = match official_of(&form) {
        Ok(o) => officials::add(&state.store, o, actor_of(&member), chrono::Utc::now())
            .await
            .map(|_| OfficialDone::Added),
        Err(e) => Err(e),
    };
    officials_again(state, headers, member, outcome).await
}

/// The administrator changes an official, or takes them off the schedule.
pub async fn change_official(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<OfficialForm>,
) -> Response {
    let outcome = match official_of(&form) {
        Ok(o) => officials::change(
            &state.store,
            id,
            o,
            form.active.is_some(),
            actor_of(&member),
            chrono::Utc::now(),
        )
        .await
        .map(|_| OfficialDone::Changed),
        Err(e) => Err(e),
    };
    officials_again(state, headers, member, outcome).await
}
