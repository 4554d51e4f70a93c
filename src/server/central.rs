//! The central state bodies asked to take part in a reception by video (clauses 20-22):
//! the card lists them with their terms; a body's refusal is recorded, and then its report
//! to the Presidential Administration's department, each audited.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, parse_date};
use super::store::Store;
use super::{Error, Result};
use crate::model::card::CentralRequest;
use crate::rules::{
    deadlines::{central_request_notice_due, refusal_report_due, urgency},
    lifecycle::Event,
    permissions::{allows, Action},
    time,
};

/// The central bodies asked about request `id`, oldest first, with their terms on `today`.
pub async fn of_request(
    store: &Store,
    id: i64,
    today: NaiveDate,
) -> anyhow::Result<Vec<CentralRequest>> {
    let rows = sqlx::query(
        "SELECT id, body, sent_on, refused_on, reported_on FROM central_requests \
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await
    .context("cannot read the requests to central bodies")?;
    let date = |r: &sqlx::any::AnyRow, c: &str| -> anyhow::Result<Option<NaiveDate>> {
        r.try_get::<Option<String>, _>(c)?
            .map(|d| parse_date(&d))
            .transpose()
    };
    rows.iter()
        .map(|r| {
            let sent_on = parse_date(&r.try_get::<String, _>("sent_on")?)?;
            let refused_on = date(r, "refused_on")?;
            let reported_on = date(r, "reported_on")?;
            Ok(CentralRequest {
                id: r.try_get("id")?,
                body: r.try_get("body")?,
                sent_on,
                notice_due: central_request_notice_due(sent_on),
                refused_on,
                report_due: refused_on.map(|d| {
                    let due = refusal_report_due(d);
                    (due, urgency(due, today))
                }),
                reported_on,
            })
        })
        .collect()
}

/// What the department records about a request to a central body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// The body refused to take part (clause 22's term starts).
    Refused,
    /// The refusal was reported to the Presidential Administration's department.
    Reported,
}

/// Records `what` on central request `central_id` of request `request_id` on today's date.
/// Recorded once: a second record (or a report before the refusal) is a conflict.
pub async fn record(
    store: &Store,
    request_id: i64,
    central_id: i64,
    what: Record,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let allowed = match actor {
        Actor::Staff { role, .. } => allows(role, Action::Lifecycle(Event::AskCentralBody)),
        Actor::Applicant => false,
    };
    if !allowed {
        return Err(Error::Forbidden);
    }
    let today = time::to_local(now).date().to_string();
    let (sql, action) = match what {
        Record::Refused => (
            "UPDATE central_requests SET refused_on = $1 \
             WHERE id = $2 AND request_id = $3 AND refused_on IS NULL",
            "central_body_refused",
        ),
        Record::Reported => (
            "UPDATE central_requests SET reported_on = $1 \
             WHERE id = $2 AND request_id = $3 AND refused_on IS NOT NULL AND reported_on IS NULL",
            "central_refusal_reported",
        ),
    };
    let mut tx = begin(store).await?;
    let changed = sqlx::query(sql)
        .bind(&today)
        .bind(central_id)
        .bind(request_id)
        .execute(&mut *tx)
        .await
        .context("cannot record the central body's answer")?
        .rows_affected();
    if changed == 0 {
        return Err(Error::Conflict);
    }
    let entry = audit::Entry {
        actor,
        action: action.into(),
        entity: "request",
        entity_id: request_id,
        before: None,
        after: Some(today),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the record")?;
    Ok(())
}
