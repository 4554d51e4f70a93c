//! An official cannot receive on a day (clause 17): the day is cancelled with the reason
//! and the time the department was told (timely: at least 2 working days before, or on the
//! day; otherwise late, shown, not hidden). Every applicant of the day goes back to the
//! official's approved list and is told; the list is then allocated again in queue order to
//! the official's next days, and whoever finds no seat waits on the list, visibly. No
//! applicant is lost.

use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, fmt_minute, parse_date};
use super::store::Store;
use super::{allocation, workflow, Error, Result};
use crate::model::allocation::Cancelled;
use crate::rules::{
    deadlines::cancellation_notice,
    lifecycle::Event,
    permissions::{allows, Action},
};

/// Why an official cannot receive (clause 17).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    SickLeave,
    BusinessTrip,
    Other,
}

impl Reason {
    pub fn from_code(code: &str) -> Option<Reason> {
        match code {
            "sick_leave" => Some(Reason::SickLeave),
            "business_trip" => Some(Reason::BusinessTrip),
            "other" => Some(Reason::Other),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Reason::SickLeave => "sick_leave",
            Reason::BusinessTrip => "business_trip",
            Reason::Other => "other",
        }
    }
}

/// Cancels reception day `day` for `reason`, the department told at local time `told`.
pub async fn cancel_day(
    store: &Store,
    day: i64,
    reason: Reason,
    told: NaiveDateTime,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Cancelled> {
    match actor {
        Actor::Staff { role, .. } if allows(role, Action::Lifecycle(Event::CancelReception)) => {}
        _ => return Err(Error::Forbidden),
    }
    let row = sqlx::query("SELECT official_id, day FROM reception_days WHERE id = $1")
        .bind(day)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the reception day")?
        .ok_or(Error::NotFound)?;
    let official: i64 = row.try_get("official_id").context("official")?;
    let date = parse_date(&row.try_get::<String, _>("day").context("day")?)?;
    let timing = cancellation_notice(told, date);
    let arrived: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM requests WHERE reception_day_id = $1 AND status = 'arrived'",
    )
    .bind(day)
    .fetch_one(store.pool())
    .await
    .context("cannot read the day's arrivals")?
    .try_get("n")
    .context("count")?;
    if arrived > 0 {
        return Err(Error::BadInput(
            crate::model::messages::DAY_IN_PROGRESS.text(),
        ));
    }
    let mut tx = begin(store).await?;
    let changed = sqlx::query(
        "UPDATE reception_days SET cancelled = 1, cancel_reason = $1, cancel_notice_at = $2 \
         WHERE id = $3 AND cancelled = 0",
    )
    .bind(reason.code())
    .bind(fmt_minute(told))
    .bind(day)
    .execute(&mut *tx)
    .await
    .context("cannot cancel the reception day")?
    .rows_affected();
    let first_time = changed == 1;
    if first_time {
        let entry = audit::Entry {
            actor,
            action: "cancel_reception_day".into(),
            entity: "reception_day",
            entity_id: day,
            before: None,
            after: Some(format!(
                "{}: told {} ({timing:?})",
                reason.code(),
                fmt_minute(told)
            )),
        };
        audit::record(&mut tx, &entry, now).await?;
    }
    tx.commit()
        .await
        .context("cannot commit the cancellation")?;
    // A day cancelled before (say, by an attempt cut short) still sends its applicants
    // back: cancelling again finishes the work, it never leaves anyone on a cancelled day.

    // The day's applicants back to the list, each told (clause 17); then the list again.
    let scheduled: Vec<i64> = sqlx::query(
        "SELECT id FROM requests WHERE reception_day_id = $1 AND status = 'scheduled' ORDER BY id",
    )
    .bind(day)
    .fetch_all(store.pool())
    .await
    .context("cannot read the day's applicants")?
    .iter()
    .map(|r| r.try_get::<i64, _>("id"))
    .collect::<std::result::Result<_, _>>()
    .context("request id")?;
    let mut moved = 0;
    for id in &scheduled {
        match workflow::advance(store, *id, Event::CancelReception, actor, now).await {
            Ok(_) => moved += 1,
            // Changed meanwhile (checked in, withdrawn): no longer this day's to move.
            Err(Error::Conflict | Error::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let again = allocation::confirm(store, official, &Default::default(), actor, now).await?;
    Ok(Cancelled {
        timely: timing.is_timely(),
        on_the_day: timing == crate::rules::deadlines::CancellationNotice::OnTheDay,
        moved,
        allocation: again,
    })
}

/// The official whose reception day `day` is.
pub async fn official_of_day(store: &Store, day: i64) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query("SELECT official_id FROM reception_days WHERE id = $1")
        .bind(day)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the reception day")?;
    row.map(|r| r.try_get("official_id").context("official"))
        .transpose()
}
