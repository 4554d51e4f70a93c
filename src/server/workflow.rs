//! Status changes of a request. Each one asks `rules::lifecycle::apply`, then writes the new
//! status as a compare-and-set from the status it checked, in one transaction with the
//! timeline entry and the notice to the applicant: a change made meanwhile by someone else
//! wins, and this one is refused ([`Error::Conflict`]), not lost over it.

use anyhow::Context;
use chrono::{DateTime, NaiveTime, Utc};
use sqlx::{AnyConnection, Row};

use super::audit::{self, Actor};
use super::notices::Notice;
use super::outbox::{enqueue as notify, Outgoing};
use super::repository::{
    add_event, authorised, begin, request_from_row, RequestRow, REQUEST_SELECT,
};
use super::store::Store;
use super::{Error, Result};
use crate::model::live::LiveEvent;
use crate::rules::{
    deadlines,
    lang::Text,
    lifecycle::{self, Event, Status},
    permissions, time,
};

/// Moves request `id` from `from` by `event` (compare-and-set) when `actor` may, and records
/// the timeline entry and the audit row. The caller's transaction also holds the rest of the decision. The caller reads
/// `from` before the transaction, so that this write is its first statement: on SQLite it
/// then waits for the write lock instead of failing to upgrade a read lock.
async fn transition(
    conn: &mut AnyConnection,
    id: i64,
    (from, seen): (Status, Option<i64>),
    event: Event,
    actor: Actor,
    detail: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Status> {
    let permitted = match actor {
        Actor::Staff { role, .. } => permissions::may_send(role, event, from),
        Actor::Applicant => event == Event::Withdraw,
    };
    if !permitted {
        return Err(Error::Forbidden);
    }
    let to = lifecycle::apply(from, event).map_err(Error::Refused)?;
    // Every change adds one to the version, even one that keeps the status (an extension,
    // a request to a central body), so a second clerk's decision on the same screen is
    // refused too; the condition is on the row itself, which both engines re-check after
    // waiting for a concurrent writer.
    let changed = sqlx::query(
        "UPDATE requests SET status = $1, version = version + 1 WHERE id = $2 AND status = $3 \
         AND ($4 < 0 OR version = $4)",
    )
    .bind(to.code())
    .bind(id)
    .bind(from.code())
    .bind(seen.unwrap_or(-1))
    .execute(&mut *conn)
    .await
    .context("cannot change the status")?
    .rows_affected();
    if changed == 0 {
        return Err(Error::Conflict);
    }
    // An event that keeps the status says in the timeline what happened.
    let note = (to == from).then(|| event.note()).flatten();
    add_event(conn, id, time::to_local(now), to, note.as_ref()).await?;
    let entry = audit::Entry {
        actor,
        action: event.code().into(),
        entity: "request",
        entity_id: id,
        before: Some(from.code().into()),
        after: Some(match detail {
            Some(d) => format!("{}: {d}", to.code()),
            None => to.code().into(),
        }),
    };
    audit::record(conn, &entry, now).await?;
    Ok(to)
}

async fn row_by_id<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    id: i64,
) -> Result<RequestRow> {
    let row = sqlx::query(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
        .context("cannot read the request")?
        .ok_or(Error::NotFound)?;
    Ok(request_from_row(&row)?.1)
}

async fn tell(
    conn: &mut AnyConnection,
    store: &Store,
    r: &RequestRow,
    notice: &Notice,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let message = Outgoing {
        request_id: r.id,
        email: r.email.as_deref(),
        phone: Some(&r.phone),
        lang: r.lang,
        notice,
    };
    notify(conn, store.letters(), message, now)
        .await
        .map(|_| ())
}

/// Tells the live staff screens that request `r` is now in status `to`.
async fn announce(store: &Store, r: &RequestRow, to: Status) {
    let event = LiveEvent::request(r.coupon.number.clone(), to);
    store.events().publish(store.pool(), event).await;
}

/// A step that carries no data of its own (review, approval, check-in, the final
/// answer, …). An extension (clause 32) also moves the answer's deadline to the 30th day
/// and tells the applicant; a cancelled reception (clause 17) frees the slot and tells the
/// applicant. Allocation, refusal and withdrawal have their own functions.
pub async fn advance(
    store: &Store,
    id: i64,
    event: Event,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    decide(store, id, Shown::Current, event, actor, None, now).await
}

/// The state of the request a decision was taken on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Whatever the request's status is now (a step taken by the server itself, or a test).
    Current,
    /// The status and the version the staff member's screen showed: when the request has
    /// moved on since (another decision, even one that kept the status), the decision is
    /// refused as made on an outdated screen ([`Error::Conflict`]).
    Was { status: Status, version: i64 },
}

impl Shown {
    /// The status the decision starts from, and the version it expects.
    fn start(self, current: Status) -> (Status, Option<i64>) {
        match self {
            Shown::Current => (current, None),
            Shown::Was { status, version } => (status, Some(version)),
        }
    }
}

/// [`advance`] as a staff member decides it on the request's card: on the status the card
/// showed, with the reason they gave (recorded in the audit row).
pub async fn decide(
    store: &Store,
    id: i64,
    shown: Shown,
    event: Event,
    actor: Actor,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Status> {
    if matches!(
        event,
        Event::Allocate | Event::Move | Event::Refuse | Event::Withdraw | Event::AskCentralBody
    ) {
        return Err(Error::Internal(anyhow::anyhow!(
            "{event:?} carries data: use workflow::schedule, reschedule, refuse, withdraw or \
             ask_central_body"
        )));
    }
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    // Clause 3's conditions, once the lifecycle allows the step at all.
    if event == Event::ReceiveSameDay
        && lifecycle::apply(from.0, event).is_ok()
        && !received_on_the_day(store, id, r.coupon.received_local.date(), now).await?
    {
        return Err(Error::BadInput(
            crate::model::messages::SAME_DAY_ONLY.text(),
        ));
    }
    let mut tx = begin(store).await?;
    let to = transition(&mut tx, id, from, event, actor, reason, now).await?;
    match event {
        Event::Extend => {
            let answer_by = deadlines::extended_answer_due(r.coupon.registered_on);
            sqlx::query("UPDATE requests SET answer_due = $1 WHERE id = $2")
                .bind(answer_by.to_string())
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("cannot extend the answer's deadline")?;
            let notice = Notice::Extended {
                number: r.coupon.number.clone(),
                answer_by,
            };
            tell(&mut tx, store, &r, &notice, now).await?;
        }
        Event::CancelReception => {
            sqlx::query("DELETE FROM bookings WHERE request_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .context("cannot free the seat")?;
            sqlx::query(
                "UPDATE requests SET reception_day_id = NULL, slot_start = NULL, video_link = NULL \
                 WHERE id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("cannot free the slot")?;
            if let Some((date, ..)) = &r.scheduled {
                let notice = Notice::ReceptionCancelled {
                    number: r.coupon.number.clone(),
                    date: *date,
                };
                tell(&mut tx, store, &r, &notice, now).await?;
            }
        }
        Event::LeaveWithoutConsideration => {
            let notice = Notice::LeftWithoutConsideration {
                number: r.coupon.number.clone(),
            };
            tell(&mut tx, store, &r, &notice, now).await?;
        }
        _ => {}
    }
    tx.commit()
        .await
        .context("cannot commit the status change")?;
    announce(store, &r, to).await;
    Ok(to)
}

/// A reasoned refusal (clauses 16, 29, 31), told to the applicant.
pub async fn refuse(
    store: &Store,
    id: i64,
    clause: &str,
    reason: &Text,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    refuse_shown(store, id, Shown::Current, clause, reason, actor, now).await
}

/// [`refuse`] on the status the staff member's card showed.
pub async fn refuse_shown(
    store: &Store,
    id: i64,
    shown: Shown,
    clause: &str,
    reason: &Text,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    let mut tx = begin(store).await?;
    let detail = format!("{clause}: {}", reason.ru);
    let to = transition(&mut tx, id, from, Event::Refuse, actor, Some(&detail), now).await?;
    sqlx::query(
        "UPDATE requests SET refusal_clause = $1, refusal_kk = $2, refusal_ru = $3 WHERE id = $4",
    )
    .bind(clause)
    .bind(&reason.kk)
    .bind(&reason.ru)
    .bind(id)
    .execute(&mut *tx)
    .await
    .context("cannot record the refusal")?;
    let notice = Notice::Refused {
        number: r.coupon.number.clone(),
        clause: clause.to_owned(),
        reason: reason.clone(),
    };
    tell(&mut tx, store, &r, &notice, now).await?;
    tx.commit().await.context("cannot commit the refusal")?;
    announce(store, &r, to).await;
    Ok(to)
}

/// The longest name of a central state body the card accepts.
pub const BODY_MAX: usize = 300;

/// A central state body is asked to take part in the reception by video (clause 20): the
/// review is extended to the 30th day and the applicant is told at once, within the 2
/// working days of clause 21, in the same transaction.
pub async fn ask_central_body(
    store: &Store,
    id: i64,
    shown: Shown,
    body: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    let mut tx = begin(store).await?;
    let event = Event::AskCentralBody;
    let to = transition(&mut tx, id, from, event, actor, Some(body), now).await?;
    sqlx::query("INSERT INTO central_requests (request_id, body, sent_on) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(body)
        .bind(time::to_local(now).date().to_string())
        .execute(&mut *tx)
        .await
        .context("cannot record the request to the central body")?;
    let answer_by = deadlines::extended_answer_due(r.coupon.registered_on);
    sqlx::query("UPDATE requests SET answer_due = $1 WHERE id = $2")
        .bind(answer_by.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("cannot extend the answer's deadline")?;
    let notice = Notice::CentralBodyAsked {
        number: r.coupon.number.clone(),
        body: body.to_owned(),
        answer_by,
    };
    tell(&mut tx, store, &r, &notice, now).await?;
    tx.commit()
        .await
        .context("cannot commit the request to the central body")?;
    announce(store, &r, to).await;
    Ok(to)
}

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

/// Whether request `id` may be received on the day of the request (clause 3): the applicant
/// came in person today, and its official is a head of a department or
/// another employee authorised to receive.
pub async fn received_on_the_day(
    store: &Store,
    id: i64,
    came_on: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = sqlx::query(
        "SELECT o.role, r.channel FROM requests r JOIN officials o ON o.id = r.official_id \
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(store.pool())
    .await
    .context("cannot read the request's official")?;
    let role: String = row.try_get("role").context("role")?;
    let channel: String = row.try_get("channel").context("channel")?;
    Ok(came_on == time::to_local(now).date()
        && crate::rules::channel::Channel::from_code(&channel).is_some_and(|c| c.in_person())
        && crate::rules::duties::OfficialRole::from_code(&role)
            .is_some_and(crate::rules::duties::receives_on_the_day))
}

/// The desk checks an applicant in (clause 10). An out-of-turn applicant whose proof of the
/// category was not seen keeps the ordinary turn (clause 13): marked so in the same
/// transaction, and the log says so.
pub async fn check_in(
    store: &Store,
    id: i64,
    shown: Shown,
    proof_seen: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    let unproven = !proof_seen;
    let mut tx = begin(store).await?;
    let note = unproven.then_some("out-of-turn proof not seen: ordinary turn (clause 13)");
    let to = transition(&mut tx, id, from, Event::CheckIn, actor, note, now).await?;
    if unproven {
        sqlx::query("UPDATE requests SET out_of_turn_unproven = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .context("cannot mark the ordinary turn")?;
    }
    tx.commit().await.context("cannot commit the check-in")?;
    let r = row_by_id(store.pool(), id).await?;
    announce(store, &r, to).await;
    Ok(to)
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

/// The applicant withdraws the request; `NotFound` for a wrong pair of number and IIN.
pub async fn withdraw(
    store: &Store,
    number: &str,
    iin: &str,
    now: DateTime<Utc>,
) -> Result<Status> {
    let r = authorised(store, number, iin)
        .await?
        .ok_or(Error::NotFound)?;
    let mut tx = begin(store).await?;
    let to = transition(
        &mut tx,
        r.id,
        (r.status, None),
        Event::Withdraw,
        Actor::Applicant,
        None,
        now,
    )
    .await?;
    // A withdrawn reception's seat goes back to the others.
    sqlx::query("DELETE FROM bookings WHERE request_id = $1")
        .bind(r.id)
        .execute(&mut *tx)
        .await
        .context("cannot free the seat")?;
    let notice = Notice::Withdrawn {
        number: r.coupon.number.clone(),
    };
    tell(&mut tx, store, &r, &notice, now).await?;
    tx.commit().await.context("cannot commit the withdrawal")?;
    announce(store, &r, to).await;
    Ok(to)
}

/// The current status of request `id`.
pub async fn status_of(store: &Store, id: i64) -> Result<Status> {
    let row = sqlx::query("SELECT status FROM requests WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the status")?
        .ok_or(Error::NotFound)?;
    let code: String = row.try_get("status").context("status")?;
    Status::from_code(&code)
        .with_context(|| format!("unknown status {code}"))
        .map_err(Error::Internal)
}
