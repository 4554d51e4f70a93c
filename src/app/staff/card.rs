//! The decisions posted from a request's card: the lifecycle's steps and the records of a
//! central body's answer (clauses 5, 16, 20-22, 28, 29, 31, 32).

use crate::app::extract::{Form, Path};
use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use super::{actor_of, page_again, refused_page, shown_on_page};
use crate::model::{card::KeptForm, staff::StaffMember};
use crate::rules::permissions::{allows, Action};
use crate::server::AppState;

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
    /// What the reference note proposes (clause 28): `reception` or `refusal`.
    #[serde(default)]
    proposes: String,
    /// The reference note to the chief of staff (clause 28).
    #[serde(default)]
    note: String,
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
    use crate::model::messages::{BAD_DECISION, BODY_REQUIRED, REASON_REQUIRED, TOO_LONG};
    use crate::rules::lifecycle::{Event, DECISIONS};
    use crate::rules::permissions::refusal_grounds;
    use crate::server::{requests, workflow, Error};

    let number: String = requests::typed_number(&number);
    let now = chrono::Utc::now();
    let actor = actor_of(&member);
    let reason = form.reason.trim();
    let outcome: Result<(), Error> = async {
        // The role first: one that may take no decision is refused before anything else.
        if !DECISIONS
            .iter()
            .any(|e| allows(member.role, Action::Lifecycle(*e)))
        {
            return Err(Error::Forbidden);
        }
        let (Some(event), Some((status, shown))) = (
            Event::from_code(&form.action).filter(|e| DECISIONS.contains(e)),
            shown_on_page(&form.shown, &form.version),
        ) else {
            return Err(Error::BadInput(BAD_DECISION.text()));
        };
        if reason.chars().count() > REASON_MAX {
            return Err(Error::BadInput(TOO_LONG.text()));
        }
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
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
            Event::Propose => {
                use crate::model::card::Proposal;
                let Some(proposal) = Proposal::from_code(&form.proposes) else {
                    return Err(Error::BadInput(
                        crate::model::messages::NOTE_REQUIRED.text(),
                    ));
                };
                workflow::propose(&state.store, id, shown, proposal, &form.note, actor, now)
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
    card_again(
        state,
        headers,
        member,
        &number,
        outcome,
        "a decision on a request failed",
        kept(
            form.action.as_str(),
            &[
                ("reason", reason),
                ("clause", &form.clause),
                ("body", &form.body),
                ("proposes", &form.proposes),
                ("note", &form.note),
            ],
        ),
    )
    .await
}

/// The form `form` as posted, with its `fields`.
pub(super) fn kept(form: impl Into<String>, fields: &[(&str, &str)]) -> KeptForm {
    KeptForm {
        form: form.into(),
        fields: fields
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

/// The card after a form posted on it: back to it when `outcome` is done, or the card again
/// with why not (and who changed the request first, when that is why), logged as `what`.
pub(super) async fn card_again(
    state: AppState,
    headers: HeaderMap,
    member: StaffMember,
    number: &str,
    outcome: Result<(), crate::server::Error>,
    what: &str,
    kept: KeptForm,
) -> Response {
    use crate::model::card::DecisionError;
    use crate::server::{card, requests, Error};
    let card_path = format!("/staff/requests/{number}");
    match outcome {
        Ok(()) => Redirect::to(&card_path).into_response(),
        Err(e) => {
            e.log(what);
            let changed_by = match &e {
                Error::Conflict => match requests::id_of(&state.store, number).await {
                    Ok(Some(id)) => card::last_changed_by(&state.store, id).await.ok().flatten(),
                    _ => None,
                },
                _ => None,
            };
            let posted = DecisionError {
                message: e.message(),
                changed_by,
                kept: Some(kept),
            };
            page_again(state, headers, member, &card_path, posted, e.status()).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct InstructionForm {
    /// The status and version the card showed.
    #[serde(default)]
    shown: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    executor: String,
    #[serde(default)]
    content: String,
    /// `YYYY-MM-DD`, as a date field sends it.
    #[serde(default)]
    due: String,
}

/// Gives an instruction of the reception's protocol (clause 25); the first puts the request
/// under control (34).
pub async fn give_instruction(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<InstructionForm>,
) -> Response {
    use crate::model::messages::BAD_DECISION;
    use crate::rules::{control, lifecycle::Event, time};
    use crate::server::{control as protocol, requests, Error};
    let number: String = requests::typed_number(&number);
    let now = chrono::Utc::now();
    let outcome: Result<(), Error> = async {
        if !allows(member.role, Action::Lifecycle(Event::RecordProtocol)) {
            return Err(Error::Forbidden);
        }
        let Some((_, shown)) = shown_on_page(&form.shown, &form.version) else {
            return Err(Error::BadInput(BAD_DECISION.text()));
        };
        let due = chrono::NaiveDate::parse_from_str(form.due.trim(), "%Y-%m-%d").ok();
        let today = time::to_local(now).date();
        let given = control::check_instruction(&form.executor, &form.content, due, today)
            .map_err(Error::BadInput)?;
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        protocol::give(&state.store, id, shown, &given, actor_of(&member), now)
            .await
            .map(|_| ())
    }
    .await;
    card_again(
        state,
        headers,
        member,
        &number,
        outcome,
        "giving an instruction failed",
        kept(
            format!("/staff/requests/{number}/instructions"),
            &[
                ("executor", &form.executor),
                ("content", &form.content),
                ("due", &form.due),
            ],
        ),
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    report: String,
}

/// Records that an instruction was done, with what was done (clause 34).
pub async fn instruction_done(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((number, instruction)): Path<(String, i64)>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<ReportForm>,
) -> Response {
    use crate::rules::{control, lifecycle::Event};
    use crate::server::{control as protocol, requests, Error};
    let number: String = requests::typed_number(&number);
    let outcome: Result<(), Error> = async {
        if !allows(member.role, Action::Lifecycle(Event::FinalAnswer)) {
            return Err(Error::Forbidden);
        }
        control::check_text(&form.report, control::NO_REPORT).map_err(Error::BadInput)?;
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        let (actor, now) = (actor_of(&member), chrono::Utc::now());
        protocol::report(&state.store, id, instruction, &form.report, actor, now).await
    }
    .await;
    card_again(
        state,
        headers,
        member,
        &number,
        outcome,
        "recording an instruction failed",
        kept(
            format!("/staff/requests/{number}/instructions/{instruction}"),
            &[("report", &form.report)],
        ),
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    shown: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    answer: String,
}

/// Takes the request off control by the final reasoned answer, sent to the applicant
/// (clause 35).
pub async fn final_answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<AnswerForm>,
) -> Response {
    use crate::model::messages::BAD_DECISION;
    use crate::rules::{control, lifecycle::Event};
    use crate::server::{control as protocol, requests, Error};
    let number: String = requests::typed_number(&number);
    let outcome: Result<(), Error> = async {
        if !allows(member.role, Action::Lifecycle(Event::FinalAnswer)) {
            return Err(Error::Forbidden);
        }
        let Some((_, shown)) = shown_on_page(&form.shown, &form.version) else {
            return Err(Error::BadInput(BAD_DECISION.text()));
        };
        control::check_text(&form.answer, control::NO_ANSWER).map_err(Error::BadInput)?;
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        let (actor, now) = (actor_of(&member), chrono::Utc::now());
        protocol::final_answer(&state.store, id, shown, &form.answer, actor, now)
            .await
            .map(|_| ())
    }
    .await;
    card_again(
        state,
        headers,
        member,
        &number,
        outcome,
        "a final answer failed",
        kept(
            format!("/staff/requests/{number}/answer"),
            &[("answer", &form.answer)],
        ),
    )
    .await
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
    use crate::model::messages::BAD_FILTER;
    use crate::server::central::{self, Record};
    use crate::server::{requests, Error};
    let number: String = requests::typed_number(&number);
    let card_path = format!("/staff/requests/{number}");
    let actor = actor_of(&member);
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
            refused_page(
                state,
                headers,
                member,
                &card_path,
                e,
                "cannot record a central body's answer",
            )
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct MoveForm {
    /// The status and version the card showed.
    #[serde(default)]
    shown: String,
    #[serde(default)]
    version: String,
    /// `<day id>@<HH:MM>`, one of the free slots the card offered.
    #[serde(default)]
    slot: String,
    #[serde(default)]
    reason: String,
}

/// Moves a scheduled reception to another free slot of the official's days, with a reason
/// (clause 30; audited, the applicant told): the card comes back, or the card again with why
/// not.
pub async fn move_reception(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<MoveForm>,
) -> Response {
    use crate::model::messages::{BAD_DECISION, NO_SUCH_SLOT};
    use crate::rules::lifecycle::Event;
    use crate::server::{requests, workflow, Error};
    let number: String = requests::typed_number(&number);
    let outcome: Result<(), Error> = async {
        if !allows(member.role, Action::Lifecycle(Event::Move)) {
            return Err(Error::Forbidden);
        }
        let Some((_, shown)) = shown_on_page(&form.shown, &form.version) else {
            return Err(Error::BadInput(BAD_DECISION.text()));
        };
        let (day, starts) = form
            .slot
            .split_once('@')
            .and_then(|(d, t)| {
                Some((
                    d.parse::<i64>().ok()?,
                    chrono::NaiveTime::parse_from_str(t, "%H:%M").ok()?,
                ))
            })
            .ok_or(Error::BadInput(NO_SUCH_SLOT.text()))?;
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        let actor = actor_of(&member);
        let now = chrono::Utc::now();
        workflow::reschedule(
            &state.store,
            id,
            shown,
            day,
            starts,
            &form.reason,
            actor,
            now,
        )
        .await
        .map(|_| ())
    }
    .await;
    card_again(
        state,
        headers,
        member,
        &number,
        outcome,
        "moving a reception failed",
        kept("move", &[("reason", &form.reason), ("slot", &form.slot)]),
    )
    .await
}
