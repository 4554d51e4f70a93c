//! Allocation, a day the official cannot receive on (clause 17), and the reception day's
//! desk (clause 10).

use crate::app::extract::{Form, Path};
use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use super::{actor_of, outcome_page, refused_page, shown_on_page};
use crate::model::staff::StaffMember;
use crate::rules::permissions::{allows, Action};
use crate::server::AppState;

/// The allocation form's fields: the official, and the clerk's choice for this round, as
/// repeated fields (`held`: a request's number; `skipped`: a day's id), as the browser posts
/// its checkboxes.
fn allocation_choice(
    fields: &[(String, String)],
) -> Option<(i64, crate::model::allocation::Choice)> {
    let mut official = None;
    let mut choice = crate::model::allocation::Choice::default();
    for (name, value) in fields {
        let value = value.trim();
        match name.as_str() {
            "official" => official = Some(value.parse::<i64>().ok()?),
            "held" if !value.is_empty() && value.len() <= 32 => choice.held.push(value.to_owned()),
            "skipped" => choice.skipped.push(value.parse::<i64>().ok()?),
            _ => return None,
        }
    }
    Some((official?, choice))
}

/// The clerk confirms the allocation of an official's approved list (clause 30), with the
/// requests they held back and the days they left unfilled; the page again, saying how many
/// were scheduled, wait, were held back, or changed meanwhile.
pub async fn confirm_allocation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(member): Extension<StaffMember>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    use crate::model::messages::BAD_DECISION;
    use crate::server::{allocation, Error};
    let actor = actor_of(&member);
    let form = allocation_choice(&fields);
    let official = form.as_ref().map(|(official, _)| *official);
    let outcome = match &form {
        Some((official, choice)) => {
            allocation::confirm(&state.store, *official, choice, actor, chrono::Utc::now()).await
        }
        None => Err(Error::BadInput(BAD_DECISION.text())),
    };
    let path = format!(
        "/staff/allocation?official={}",
        official.unwrap_or_default()
    );
    outcome_page(
        state,
        headers,
        member,
        &path,
        outcome,
        "cannot confirm an allocation",
    )
    .await
}

/// The allocation page of the official whose reception day `day` is (the form on it was
/// posted from there).
async fn allocation_of_day(state: &AppState, day: i64) -> String {
    let official = crate::server::cancellation::official_of_day(&state.store, day)
        .await
        .ok()
        .flatten();
    format!(
        "/staff/allocation?official={}",
        official.unwrap_or_default()
    )
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
    use crate::server::Error;
    let actor = actor_of(&member);
    let now = chrono::Utc::now();
    let path = allocation_of_day(&state, day).await;
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
    outcome_page(
        state,
        headers,
        member,
        &path,
        outcome,
        "cannot cancel a reception day",
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct InviteForm {
    /// `rules::duties::Invitee`'s code.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    who: String,
}

/// The clerk invites a legal consultant, a mediator, a psychologist or a social worker
/// (clause 18), or an employee of the akimat (clause 24), to a reception day.
pub async fn invite_to_day(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(day): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<InviteForm>,
) -> Response {
    use crate::model::messages::NO_INVITEE;
    use crate::rules::{duties::Invitee, lifecycle::Event};
    use crate::server::{checklist, Error};
    let outcome = async {
        if !allows(member.role, Action::Lifecycle(Event::Allocate)) {
            return Err(Error::Forbidden);
        }
        let kind = Invitee::from_code(&form.kind).ok_or(Error::BadInput(NO_INVITEE.text()))?;
        let (actor, now) = (actor_of(&member), chrono::Utc::now());
        checklist::invite(&state.store, day, kind, &form.who, actor, now).await
    }
    .await
    .map(|()| crate::model::allocation::Invited);
    let path = allocation_of_day(&state, day).await;
    outcome_page(
        state,
        headers,
        member,
        &path,
        outcome,
        "cannot invite to a reception day",
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    item: String,
}

/// The clerk confirms an item of a day's checklist: a representative of clause 19 or an
/// interpreter (clause 11).
pub async fn confirm_check(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(day): Path<i64>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<CheckForm>,
) -> Response {
    use crate::server::checklist;
    let path = allocation_of_day(&state, day).await;
    let item: String = form.item.chars().take(120).collect();
    let outcome = checklist::confirm(
        &state.store,
        day,
        &item,
        actor_of(&member),
        chrono::Utc::now(),
    )
    .await
    .map(|()| crate::model::allocation::CheckConfirmed);
    outcome_page(
        state,
        headers,
        member,
        &path,
        outcome,
        "cannot confirm a checklist item",
    )
    .await
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
    /// Clause 13: the proof of an out-of-turn category was seen.
    #[serde(default)]
    proof_seen: Option<String>,
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
    use crate::model::messages::{BAD_DECISION, DOCUMENTS_NOT_SEEN, NOT_TODAY, NOT_YET};
    use crate::rules::lifecycle::Event;
    use crate::server::{desk, requests, workflow, Error};
    let number: String = requests::typed_number(&number);
    let actor = actor_of(&member);
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
        let Some((_, shown)) = shown_on_page(&form.shown, &form.version) else {
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
        if event == Event::CheckIn {
            // Without the proof of an out-of-turn category, the ordinary turn (clause 13).
            let proof_seen = !entry.out_of_turn || form.proof_seen.is_some();
            workflow::check_in(&state.store, id, shown, proof_seen, actor, now).await?;
        } else {
            workflow::decide(&state.store, id, shown, event, actor, None, now).await?;
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to("/staff/desk").into_response(),
        Err(e) => {
            refused_page(
                state,
                headers,
                member,
                "/staff/desk",
                e,
                "a desk action failed",
            )
            .await
        }
    }
}
