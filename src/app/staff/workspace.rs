//! The workspace's other forms: the phone list's calls and the administrator's accounts.

use crate::app::extract::{Form, Path};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use super::{actor_of, page_again, refused_page};
use crate::model::staff::AccountNotice;
use crate::model::staff::StaffMember;
use crate::rules::permissions::{allows, Action};
use crate::server::AppState;

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
    use crate::model::messages::TOO_LONG;
    use crate::server::{phone, Error};
    let note = form.note.trim();
    let actor = actor_of(&member);
    let outcome = if note.chars().count() > phone::NOTE_MAX {
        Err(Error::BadInput(TOO_LONG.text()))
    } else {
        phone::record_call(&state.store, outbox_id, note, actor, chrono::Utc::now()).await
    };
    match outcome {
        Ok(()) => Redirect::to("/staff/phone").into_response(),
        Err(e) => {
            refused_page(
                state,
                headers,
                member,
                "/staff/phone",
                e,
                "cannot record a call",
            )
            .await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct SurveyForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// Records what a phoned applicant said about their satisfaction (clause 38); the list
/// again, or the list with why not.
pub async fn surveyed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(number): Path<String>,
    Extension(member): Extension<StaffMember>,
    Form(form): Form<SurveyForm>,
) -> Response {
    use crate::model::messages::BAD_OUTCOME;
    use crate::rules::survey::Outcome;
    use crate::server::{requests, survey, Error};
    let outcome = async {
        if !allows(member.role, Action::PhoneApplicants) {
            return Err(Error::Forbidden);
        }
        let said = Outcome::from_code(&form.outcome).ok_or(Error::BadInput(BAD_OUTCOME.text()))?;
        let number: String = requests::typed_number(&number);
        let id = requests::id_of(&state.store, &number)
            .await?
            .ok_or(Error::NotFound)?;
        let (actor, now) = (actor_of(&member), chrono::Utc::now());
        survey::record(&state.store, id, said, &form.note, actor, now).await
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to("/staff/survey").into_response(),
        Err(e) => {
            refused_page(
                state,
                headers,
                member,
                "/staff/survey",
                e,
                "cannot record a survey",
            )
            .await
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
    /// On an existing account: `disable`, `enable`, `role`, `reset` or `official`.
    #[serde(default)]
    action: String,
    /// With `official`: the official's id, or empty to unlink.
    #[serde(default)]
    official: String,
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
    page_again(state, headers, member, "/staff/accounts", notice, status).await
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
    use crate::server::{accounts, Error};
    let actor = actor_of(&member);
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
    use crate::server::Error;
    let actor = actor_of(&member);
    let change = match (form.action.as_str(), StaffRole::from_code(&form.role)) {
        ("disable", _) => Some(Change::Disable),
        ("enable", _) => Some(Change::Enable),
        ("reset", _) => Some(Change::ResetPassword),
        ("role", Some(role)) => Some(Change::Role(role)),
        ("official", _) => match form.official.trim() {
            "" => Some(Change::Official(None)),
            o => o.parse::<i64>().ok().map(|o| Change::Official(Some(o))),
        },
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
