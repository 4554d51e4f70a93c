//! The satisfaction survey by phone (clause 38): the applicants to ask — consulted (their
//! request closed by the final answer) or who declined the reception (withdrew) — and the
//! record of each call, once per request, audited in the same transaction.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, full};
use super::store::Store;
use super::{Error, Result};
use crate::model::staff::SurveyCall;
use crate::rules::{
    lang::Lang,
    lifecycle::Status,
    permissions::{allows, Action},
    survey::{Outcome, SURVEYED},
};

/// The longest note of a survey call.
pub const NOTE_MAX: usize = 500;

/// The most applicants the list shows at once, the newest first.
pub const LIST_MAX: i64 = 200;

fn surveyed_codes() -> String {
    SURVEYED
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The applicants still to ask, the newest request first.
pub async fn to_ask(store: &Store) -> anyhow::Result<Vec<SurveyCall>> {
    let rows = sqlx::query(&format!(
        "SELECT r.number, r.status, r.surname, r.name, r.patronymic, r.phone, r.lang \
         FROM requests r LEFT JOIN surveys s ON s.request_id = r.id \
         WHERE r.status IN ({}) AND s.request_id IS NULL ORDER BY r.id DESC LIMIT $1",
        surveyed_codes()
    ))
    .bind(LIST_MAX)
    .fetch_all(store.pool())
    .await
    .context("cannot read the applicants to ask")?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let lang: String = r.try_get("lang")?;
            Ok(SurveyCall {
                number: r.try_get("number")?,
                status: Status::from_code(&status)
                    .with_context(|| format!("unknown status {status}"))?,
                applicant: full(
                    r.try_get("surname")?,
                    r.try_get("name")?,
                    r.try_get("patronymic")?,
                ),
                phone: r.try_get("phone")?,
                lang: Lang::from_code(&lang).unwrap_or_default(),
            })
        })
        .collect()
}

/// Records what the applicant of request `id` said (clause 38). Once per request; only for
/// the requests the survey asks about.
pub async fn record(
    store: &Store,
    id: i64,
    outcome: Outcome,
    note: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let staff_id = match actor {
        Actor::Staff { id, role } if allows(role, Action::PhoneApplicants) => id,
        _ => return Err(Error::Forbidden),
    };
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(Error::BadInput(crate::model::messages::TOO_LONG.text()));
    }
    let mut tx = begin(store).await?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO surveys (request_id, outcome, note, surveyed_by, surveyed_at) \
         SELECT id, $2, $3, $4, $5 FROM requests WHERE id = $1 AND status IN ({}) \
         ON CONFLICT (request_id) DO NOTHING",
        surveyed_codes()
    ))
    .bind(id)
    .bind(outcome.code())
    .bind(Some(note).filter(|n| !n.is_empty()))
    .bind(staff_id)
    .bind(super::repository::fmt_minute(crate::rules::time::to_local(
        now,
    )))
    .execute(&mut *tx)
    .await
    .context("cannot record the survey")?
    .rows_affected();
    if inserted == 0 {
        let asked = sqlx::query("SELECT 1 AS x FROM surveys WHERE request_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the survey")?
            .is_some();
        return Err(if asked {
            Error::Duplicate(crate::model::messages::ALREADY_SURVEYED.text())
        } else {
            Error::BadInput(crate::model::messages::NOT_SURVEYED.text())
        });
    }
    let entry = audit::Entry {
        actor,
        action: "survey".into(),
        entity: "request",
        entity_id: id,
        before: None,
        after: Some(match note {
            "" => outcome.code().to_owned(),
            n => format!("{}: {n}", outcome.code()),
        }),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the survey")?;
    Ok(())
}
