//! Seats of reception days: an approved request put into a slot (clauses 30, 31), and a
//! scheduled one moved by hand to another (clause 30), each through the lifecycle
//! (`workflow::transition`), in one transaction with its seat, timeline entry, audit row and
//! notice. A seat is never given twice: the database's key decides between writers.

use anyhow::Context;
use chrono::{DateTime, NaiveTime, Utc};
use sqlx::{AnyConnection, Row};

use super::audit::Actor;
use super::notices::Notice;
use super::repository::{begin, RequestRow};
use super::store::Store;
use super::workflow::{announce, row_by_id, tell, transition, Shown};
use super::{Error, Result};
use crate::rules::{
    lang::Text,
    lifecycle::{self, Event, Status},
    time,
};

/// Takes a seat of slot `slot` of day `day` for request `id`: the first seat free when
/// looked at, and the database's key decides between writers who looked at the same time,
/// so a seat is never given twice ([`Error::SlotTaken`] for the others). The slot must be one
/// of the day's own, and the day not cancelled.
async fn take_seat(conn: &mut AnyConnection, day: i64, slot: &str, id: i64) -> Result<()> {
    // A write on the day's row: it waits for (and is then refused by) a cancellation of the
    // day that runs at the same time, on both engines, so no seat is taken on a cancelled day.
    let d = sqlx::query(&format!(
        "UPDATE reception_days SET cancelled = cancelled WHERE id = $1 AND cancelled = 0 \
         AND {} RETURNING starts, ends, slot_minutes, seats_per_slot",
        super::store::PUBLISHED
    ))
    .bind(day)
    .fetch_optional(&mut *conn)
    .await
    .context("cannot read the reception day")?
    .ok_or(Error::BadInput(crate::model::messages::NO_SUCH_SLOT.text()))?;
    let minute = |t: &str| -> Option<i64> {
        let t = NaiveTime::parse_from_str(t, "%H:%M").ok()?;
        Some(i64::from(chrono::Timelike::num_seconds_from_midnight(&t)) / 60)
    };
    let (starts, ends, at): (Option<i64>, Option<i64>, Option<i64>) = (
        minute(&d.try_get::<String, _>("starts").context("starts")?),
        minute(&d.try_get::<String, _>("ends").context("ends")?),
        minute(slot),
    );
    let length: i64 = d.try_get("slot_minutes").context("slot length")?;
    let seats: i64 = d.try_get("seats_per_slot").context("seats")?;
    let valid = matches!((starts, ends, at), (Some(s), Some(e), Some(t))
        if length > 0 && t >= s && t + length <= e && (t - s) % length == 0);
    if !valid {
        return Err(Error::BadInput(crate::model::messages::NO_SUCH_SLOT.text()));
    }
    let taken: Vec<i64> =
        sqlx::query("SELECT seat FROM bookings WHERE reception_day_id = $1 AND slot_start = $2")
            .bind(day)
            .bind(slot)
            .fetch_all(&mut *conn)
            .await
            .context("cannot read the slot's seats")?
            .iter()
            .map(|r| r.try_get::<i64, _>("seat"))
            .collect::<std::result::Result<_, _>>()
            .context("seat")?;
    let seat = (1..=seats)
        .find(|s| !taken.contains(s))
        .ok_or(Error::SlotTaken)?;
    let booked = sqlx::query(
        "INSERT INTO bookings (reception_day_id, slot_start, seat, request_id) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(day)
    .bind(slot)
    .bind(seat)
    .bind(id)
    .execute(&mut *conn)
    .await
    .context("cannot book the seat")?
    .rows_affected();
    if booked == 0 {
        return Err(Error::SlotTaken);
    }
    Ok(())
}

/// Puts an approved request into a reception slot (clause 30) and tells the applicant the
/// date, time and place (clause 31).
pub async fn schedule(
    store: &Store,
    id: i64,
    reception_day_id: i64,
    starts: NaiveTime,
    video_link: Option<&str>,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let r = row_by_id(store.pool(), id).await?;
    let mut tx = begin(store).await?;
    let to = transition(
        &mut tx,
        id,
        (r.status, None),
        Event::Allocate,
        actor,
        None,
        now,
    )
    .await?;
    let slot = starts.format("%H:%M").to_string();
    take_seat(&mut tx, reception_day_id, &slot, id).await?;
    sqlx::query(
        // Clause 14: an applicant who agreed to video is given the day's video room.
        "UPDATE requests SET reception_day_id = $1, slot_start = $2, video_link = COALESCE($3, \
         CASE WHEN video_consent = 1 THEN (SELECT video_room FROM reception_days WHERE id = $1) END) \
         WHERE id = $4",
    )
    .bind(reception_day_id)
    .bind(&slot)
    .bind(video_link)
    .bind(id)
    .execute(&mut *tx)
    .await
    .context("cannot schedule the request")?;
    let r = row_by_id(&mut *tx, id).await?;
    tell_the_slot(&mut tx, store, &r, false, now).await?;
    tx.commit().await.context("cannot commit the schedule")?;
    announce(store, &r, to).await;
    Ok(to)
}

/// Tells the applicant of request `r` its date, time and place (clause 31) — or, `moved`,
/// that they changed.
async fn tell_the_slot(
    tx: &mut AnyConnection,
    store: &Store,
    r: &RequestRow,
    moved: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Some((date, starts, place, video)) = &r.scheduled else {
        return Ok(());
    };
    let (number, date, starts) = (r.coupon.number.clone(), *date, *starts);
    // A reception by video (clause 14) takes place at its link.
    let place = video.as_ref().map_or_else(
        || place.clone(),
        |link| Text::new(link.clone(), link.clone()),
    );
    let notice = if moved {
        Notice::Moved {
            number,
            date,
            starts,
            place,
        }
    } else {
        Notice::Scheduled {
            number,
            date,
            starts,
            place,
        }
    };
    tell(tx, store, r, &notice, now).await
}

/// The longest reason a move may carry.
pub const MOVE_REASON_MAX: usize = 500;

/// Moves a scheduled reception to slot `starts` of day `day` of the same official, from
/// today on, for `reason` (clause 30: the department keeps the schedule): the old seat is
/// freed and the new one taken in one transaction with the timeline entry, the audit row
/// (old slot → new slot: reason) and the notice to the applicant.
#[allow(clippy::too_many_arguments)]
pub async fn reschedule(
    store: &Store,
    id: i64,
    shown: Shown,
    day: i64,
    starts: NaiveTime,
    reason: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    use crate::model::messages::{NO_SUCH_SLOT, REASON_REQUIRED, TOO_LONG};
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::BadInput(REASON_REQUIRED.text()));
    }
    if reason.chars().count() > MOVE_REASON_MAX {
        return Err(Error::BadInput(TOO_LONG.text()));
    }
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    // The new day is the same official's, and the slot has not begun yet.
    let local = time::to_local(now);
    let new_day = sqlx::query(
        "SELECT d.day FROM reception_days d JOIN requests r ON r.official_id = d.official_id \
         WHERE d.id = $1 AND r.id = $2 AND d.day >= $3",
    )
    .bind(day)
    .bind(id)
    .bind(local.date().to_string())
    .fetch_optional(store.pool())
    .await
    .context("cannot read the new reception day")?
    .map(|row| row.try_get::<String, _>("day"))
    .transpose()
    .context("day")?
    .map(|d| super::repository::parse_date(&d))
    .transpose()?;
    if lifecycle::apply(from.0, Event::Move).is_ok() {
        match new_day {
            Some(date) if date.and_time(starts) > local => {}
            _ => return Err(Error::BadInput(NO_SUCH_SLOT.text())),
        }
        if r.scheduled
            .as_ref()
            .is_some_and(|(d, t, ..)| Some(*d) == new_day && *t == starts)
        {
            return Err(Error::BadInput(crate::model::messages::SAME_SLOT.text()));
        }
    }
    let slot = starts.format("%H:%M").to_string();
    let was = r
        .scheduled
        .as_ref()
        .map(|(d, t, ..)| format!("{d} {}", t.format("%H:%M")))
        .unwrap_or_default();
    let reason = crate::rules::application::tidy(reason);
    let to_date = new_day.map(|d| d.to_string()).unwrap_or_default();
    let detail = format!("{was} → {to_date} {slot}: {reason}");
    let mut tx = begin(store).await?;
    let to = transition(&mut tx, id, from, Event::Move, actor, Some(&detail), now).await?;
    // The old day's row is written: a cancellation of that day at the same moment either
    // comes first (and this move is refused) or waits and no longer finds the request there.
    let old_day_open = sqlx::query(
        "UPDATE reception_days SET cancelled = cancelled WHERE cancelled = 0 \
         AND id = (SELECT reception_day_id FROM requests WHERE id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await
    .context("cannot hold the old reception day")?
    .rows_affected();
    if old_day_open == 0 {
        return Err(Error::Conflict);
    }
    sqlx::query("DELETE FROM bookings WHERE request_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("cannot free the old seat")?;
    take_seat(&mut tx, day, &slot, id).await?;
    sqlx::query(
        // Clause 14: the new day's video room, for an applicant who agreed to video.
        "UPDATE requests SET reception_day_id = $1, slot_start = $2, video_link = CASE \
         WHEN video_consent = 1 THEN COALESCE((SELECT video_room FROM reception_days \
         WHERE id = $1), video_link) ELSE video_link END WHERE id = $3",
    )
    .bind(day)
    .bind(&slot)
    .bind(id)
    .execute(&mut *tx)
    .await
    .context("cannot move the request")?;
    let r = row_by_id(&mut *tx, id).await?;
    tell_the_slot(&mut tx, store, &r, true, now).await?;
    tx.commit().await.context("cannot commit the move")?;
    announce(store, &r, to).await;
    Ok(to)
}
