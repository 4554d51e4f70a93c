//! Server functions of the staff workspace. Each asks first who is calling (401 when nobody
//! is signed in) and whether the permission table lets their role (403 when not).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::allocation::AllocationView;
use crate::model::planning::{MonthPlan, OfficialEntry};
use crate::model::request::SubmitOutcome;
use crate::model::{
    card::RequestCard,
    desk::{BoardOfficial, DeskEntry},
    inbox::{InboxPage, InboxQuery},
    intake::IntakeFields,
    staff::{AuditEntry, BoardScreen, ControlList, PhoneCall, StaffAccount, SurveyCall},
};
use crate::rules::application::ApplicationForm;
#[cfg(feature = "ssr")]
use crate::{model::staff::StaffMember, rules::permissions::Action};

/// The signed-in staff member, if their role may do `action`. A page of the workspace was let
/// through by the `/staff` gate, which left the member in the request; a direct call is
/// checked here by its session cookie.
#[cfg(feature = "ssr")]
async fn caller_may(action: Action) -> Result<StaffMember, ServerFnError> {
    caller_may_any(&[action]).await
}

/// The signed-in staff member, if their role may do one of `actions`.
#[cfg(feature = "ssr")]
async fn caller_may_any(actions: &[Action]) -> Result<StaffMember, ServerFnError> {
    use crate::model::messages::{FORBIDDEN, SIGN_IN_REQUIRED};
    use crate::server::{staff, AppState};
    let state = expect_context::<AppState>();
    let parts = use_context::<http::request::Parts>();
    let known = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<StaffMember>().cloned());
    let member = match (
        known,
        parts.as_ref().and_then(|p| staff::token_of(&p.headers)),
    ) {
        (Some(m), _) => Some(m),
        (None, Some(token)) => {
            let idle = std::time::Duration::from_secs(state.config.staff_idle_minutes * 60);
            staff::session(&state.store, &token, idle, chrono::Utc::now())
                .await
                .map_err(|e| super::answer(e.into()))?
        }
        (None, None) => None,
    };
    let member =
        member.ok_or_else(|| super::refuse(http::StatusCode::UNAUTHORIZED, SIGN_IN_REQUIRED))?;
    let allowed = actions
        .iter()
        .any(|a| crate::rules::permissions::allows(member.role, *a));
    if member.must_change_password || !allowed {
        return Err(super::refuse(http::StatusCode::FORBIDDEN, FORBIDDEN));
    }
    Ok(member)
}

/// The audit log for the administrator, newest first: all of it, or the rows of one request
/// (by its registration number) or of one staff member (by login); at most 500 rows.
#[server(input = GetUrl, endpoint = "staff/audit")]
pub async fn read_audit(
    request: Option<String>,
    login: Option<String>,
) -> Result<Vec<AuditEntry>, ServerFnError> {
    use crate::server::{audit, requests, staff, AppState};
    caller_may(Action::ReadAudit).await?;
    let state = expect_context::<AppState>();
    let given = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let internal = |e: anyhow::Error| super::answer(e.into());
    let mut filter = audit::Filter::default();
    if let Some(number) = given(request) {
        match requests::id_of(&state.store, &requests::typed_number(&number))
            .await
            .map_err(internal)?
        {
            Some(id) => filter.request_id = Some(id),
            None => return Ok(Vec::new()),
        }
    }
    if let Some(login) = given(login) {
        match staff::id_of_login(&state.store, &login)
            .await
            .map_err(internal)?
        {
            Some(id) => filter.actor = Some(format!("staff:{id}")),
            None => return Ok(Vec::new()),
        }
    }
    let rows = audit::newest(&state.store, &filter, 500)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before,
            after: r.after,
        })
        .collect())
}

/// The clerks' inbox: a page of requests of every channel with the filter of `query`.
#[server(input = GetUrl, endpoint = "staff/inbox")]
pub async fn read_inbox(#[server(default)] query: InboxQuery) -> Result<InboxPage, ServerFnError> {
    use crate::server::{inbox, AppState};
    caller_may(Action::ViewRequests).await?;
    let state = expect_context::<AppState>();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    inbox::page(&state.store, &query, today)
        .await
        .map_err(super::answer)
}

/// The card of the request numbered `number`.
#[server(input = GetUrl, endpoint = "staff/card")]
pub async fn read_card(number: String) -> Result<Option<RequestCard>, ServerFnError> {
    use crate::server::{card, AppState};
    caller_may(Action::ViewRequests).await?;
    let state = expect_context::<AppState>();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    let number: String = crate::server::requests::typed_number(&number);
    card::card(&state.store, &number, today)
        .await
        .map(|found| found.map(|(_, c)| c))
        .map_err(|e| super::answer(e.into()))
}

/// Registers a request a clerk took in from another channel than the site (clause 4), after
/// the same checks as the web form; the rules' refusal is an answer beside the fields.
#[server(endpoint = "staff/intake")]
pub async fn register_intake(
    form: ApplicationForm,
    intake: IntakeFields,
) -> Result<SubmitOutcome, ServerFnError> {
    use crate::model::messages::{BAD_FILTER, RECEIVED_OUT_OF_RANGE};
    use crate::rules::channel::Channel;
    use crate::server::{audit::Actor, requests, AppState, Error};
    let member = caller_may(Action::RegisterIntake).await?;
    let state = expect_context::<AppState>();
    let channel = Channel::from_code(intake.channel.trim())
        .ok_or_else(|| super::answer(Error::BadInput(BAD_FILTER.text())))?;
    let received = chrono::NaiveDateTime::parse_from_str(intake.received.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| super::answer(Error::BadInput(RECEIVED_OUT_OF_RANGE.text())))?;
    let input = requests::IntakeInput {
        channel,
        received,
        external_number: Some(intake.external_number),
        no_essence: intake.no_essence.is_some(),
    };
    let clerk = Actor::Staff {
        id: member.id,
        role: member.role,
    };
    let restrictions = state.config.restrictions_in_force;
    match requests::register_intake(
        &state.registrar,
        &form,
        input,
        clerk,
        chrono::Utc::now(),
        restrictions,
    )
    .await
    {
        Ok(r) => Ok(SubmitOutcome::Registered {
            number: r.number,
            coupon_key: r.coupon_key,
        }),
        Err(Error::Invalid(errors)) => Ok(SubmitOutcome::Invalid(errors)),
        Err(e) => Err(super::answer(e)),
    }
}

/// The notices staff must phone through (no e-mail address, or the e-mail failed for good).
#[server(input = GetUrl, endpoint = "staff/phone")]
pub async fn read_phone_list() -> Result<Vec<PhoneCall>, ServerFnError> {
    use crate::server::{phone, AppState};
    caller_may(Action::PhoneApplicants).await?;
    let state = expect_context::<AppState>();
    phone::to_phone(&state.store)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The list of persons to be received by the akim, the deputies and the other officials
/// (clause 29), each official's in queue order.
#[server(input = GetUrl, endpoint = "staff/list")]
pub async fn read_persons_list(
) -> Result<Vec<crate::model::allocation::ListedOfficial>, ServerFnError> {
    use crate::server::{allocation, AppState};
    caller_may(Action::ViewRequests).await?;
    let state = expect_context::<AppState>();
    allocation::persons_list(&state.store)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// How many open instructions the control list shows (the nearest deadlines); it says how
/// many more there are.
pub const CONTROL_SHOWN: i64 = 500;

/// The open instructions of the receptions' protocols, the nearest deadline first (clause 34).
#[server(input = GetUrl, endpoint = "staff/control")]
pub async fn read_control() -> Result<ControlList, ServerFnError> {
    use crate::server::{control, AppState};
    caller_may(Action::ViewRequests).await?;
    let state = expect_context::<AppState>();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    control::open_list(&state.store, today, CONTROL_SHOWN)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The department's report of a quarter (clause 40): `quarter` as `YYYY-Q` (2026-4), the
/// current quarter when absent.
#[server(input = GetUrl, endpoint = "staff/report")]
pub async fn read_report(
    #[server(default)] quarter: Option<String>,
) -> Result<crate::model::report::QuarterReport, ServerFnError> {
    use crate::model::messages::BAD_QUARTER;
    use crate::server::{report, AppState, Error};
    use chrono::Datelike;
    caller_may(Action::ViewRequests).await?;
    let state = expect_context::<AppState>();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    let (year, q) = match quarter.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        None => (today.year(), crate::rules::deadlines::quarter_of(today)),
        Some(q) => q
            .split_once('-')
            .and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?)))
            .filter(|(y, _)| (2000..=2100).contains(y))
            .ok_or_else(|| super::answer(Error::BadInput(BAD_QUARTER.text())))?,
    };
    report::quarter(&state.store, year, q, today)
        .await
        .map_err(|e| super::answer(e.into()))?
        .ok_or_else(|| super::answer(Error::BadInput(BAD_QUARTER.text())))
}

/// The applicants to ask how satisfied they are (clause 38).
#[server(input = GetUrl, endpoint = "staff/survey")]
pub async fn read_survey() -> Result<Vec<SurveyCall>, ServerFnError> {
    use crate::server::{survey, AppState};
    caller_may(Action::PhoneApplicants).await?;
    let state = expect_context::<AppState>();
    survey::to_ask(&state.store)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// Every staff account, for the administrator.
#[server(input = GetUrl, endpoint = "staff/accounts")]
pub async fn read_accounts() -> Result<Vec<StaffAccount>, ServerFnError> {
    use crate::server::{accounts, AppState};
    caller_may(Action::ManageStaff).await?;
    let state = expect_context::<AppState>();
    accounts::list(&state.store)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The allocation the clerk would confirm for an official's approved list (clause 30), in the
/// queue order of clause 13, the official's coming days, and the officials to choose from.
#[server(input = GetUrl, endpoint = "staff/allocation")]
pub async fn read_allocation(
    #[server(default)] official: Option<i64>,
) -> Result<AllocationView, ServerFnError> {
    use crate::model::allocation::allocate_plan;
    use crate::rules::lang::Text;
    use crate::rules::lifecycle::Event;
    use crate::server::{allocation, AppState};
    caller_may(Action::Lifecycle(Event::Allocate)).await?;
    let state = expect_context::<AppState>();
    let internal = |e: anyhow::Error| super::answer(e.into());
    let officials: Vec<(i64, Text)> = state
        .store
        .officials()
        .await
        .map_err(internal)?
        .into_iter()
        .map(|o| (o.id, Text::new(o.name_kk.full(), o.name_ru.full())))
        .collect();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    let (plan, planned, days) = match official.filter(|id| officials.iter().any(|(o, _)| o == id)) {
        Some(id) => {
            let (input, list) = allocation::plan_input(&state.store, id, today)
                .await
                .map_err(internal)?;
            let planned = list
                .into_iter()
                .zip(allocate_plan(&input, &Default::default()))
                .map(|((_, mut p), place)| {
                    p.slot = place.map(|(_, date, starts)| (date, starts));
                    p
                })
                .collect();
            let days = allocation::coming_days(&state.store, id, today)
                .await
                .map_err(internal)?;
            (Some(input), planned, days)
        }
        None => (None, Vec::new(), Vec::new()),
    };
    Ok(AllocationView {
        officials,
        plan,
        planned,
        days,
    })
}

/// Today's applicants at the reception-room desk.
#[server(input = GetUrl, endpoint = "staff/desk")]
pub async fn read_desk() -> Result<Vec<DeskEntry>, ServerFnError> {
    use crate::rules::lifecycle::Event;
    use crate::server::{desk, AppState};
    caller_may(Action::Lifecycle(Event::CheckIn)).await?;
    let state = expect_context::<AppState>();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    desk::today(&state.store, today)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The signed-in receiving official's own coming receptions (clause 2); none when their
/// account is not linked to an official.
#[server(input = GetUrl, endpoint = "staff/receptions")]
pub async fn read_own_receptions() -> Result<crate::model::desk::OwnReceptions, ServerFnError> {
    use crate::server::{desk, AppState};
    let member = caller_may(Action::ViewOwnReceptions).await?;
    let state = expect_context::<AppState>();
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    desk::own(&state.store, member.id, today)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The aides' board of today: queue numbers and initials only.
#[server(input = GetUrl, endpoint = "board")]
pub async fn read_board() -> Result<Vec<BoardOfficial>, ServerFnError> {
    use crate::server::{desk, screens, AppState};
    let state = expect_context::<AppState>();
    // A wall screen with a link not revoked, or a staff member whose role may watch.
    let token = use_context::<http::request::Parts>().and_then(|p| screens::token_of(&p.headers));
    let screen = match token {
        Some(t) => screens::valid(&state.store, &t)
            .await
            .map_err(|e| super::answer(e.into()))?,
        None => false,
    };
    if !screen {
        caller_may(Action::ViewBoard).await?;
    }
    let now = crate::rules::time::to_local(chrono::Utc::now());
    let entries = desk::today(&state.store, now.date())
        .await
        .map_err(|e| super::answer(e.into()))?;
    Ok(desk::board(&entries, now.time()))
}

/// A month of reception days as planned (clauses 6-9): the department's and the chief of
/// staff's view. `month` is `YYYY-MM`; none means the next month, the one usually planned.
#[server(input = GetUrl, endpoint = "staff/schedule")]
pub async fn read_plan(
    #[server(default)] month: Option<String>,
) -> Result<MonthPlan, ServerFnError> {
    use crate::rules::permissions::allows;
    use crate::server::{planning, AppState};
    let member = caller_may_any(&[Action::PlanSchedule, Action::ApproveSchedule]).await?;
    let state = expect_context::<AppState>();
    let (year, month) = match month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => super::parse_month(m).ok_or_else(|| {
            super::refuse(
                http::StatusCode::BAD_REQUEST,
                crate::model::messages::BAD_MONTH,
            )
        })?,
        None => {
            let today = crate::rules::time::to_local(chrono::Utc::now()).date();
            let next = today + chrono::Months::new(1);
            (
                chrono::Datelike::year(&next),
                chrono::Datelike::month(&next),
            )
        }
    };
    let mut plan = planning::month_plan(&state.store, year, month)
        .await
        .map_err(super::answer)?;
    plan.may_plan = allows(member.role, Action::PlanSchedule);
    plan.may_approve = allows(member.role, Action::ApproveSchedule) && plan.approved.is_none();
    Ok(plan)
}

/// Every official who receives, or did (clause 2), for the administrator.
#[server(input = GetUrl, endpoint = "staff/officials")]
pub async fn read_officials() -> Result<Vec<OfficialEntry>, ServerFnError> {
    use crate::server::{officials, AppState};
    caller_may(Action::ManageOfficials).await?;
    let state = expect_context::<AppState>();
    officials::all(&state.store)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The calendar of `year` (default: the next year) for the administrator: its facts,
/// compiled or entered, and the days off and working weekends in force.
#[server(input = GetUrl, endpoint = "staff/calendar")]
pub async fn read_calendar(
    year: Option<i32>,
) -> Result<crate::model::calendar::CalendarView, ServerFnError> {
    use crate::server::{calendar, AppState};
    caller_may(Action::KeepCalendar).await?;
    let state = expect_context::<AppState>();
    let this_year = chrono::Datelike::year(&crate::rules::time::to_local(chrono::Utc::now()));
    let year = year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or(this_year + 1);
    calendar::view(&state.store, year)
        .await
        .map_err(|e| super::answer(e.into()))
}

/// The board's wall screens, for the administrator (never a token).
#[server(input = GetUrl, endpoint = "staff/screens")]
pub async fn read_screens() -> Result<Vec<BoardScreen>, ServerFnError> {
    use crate::server::{screens, AppState};
    caller_may(Action::ManageStaff).await?;
    let state = expect_context::<AppState>();
    screens::all(&state.store)
        .await
        .map_err(|e| super::answer(e.into()))
}
