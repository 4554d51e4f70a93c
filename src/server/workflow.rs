//! Status changes of a request. Each one asks `rules::lifecycle::apply`, then writes the new
//! status as a compare-and-set from the status it checked, in one transaction with the
//! timeline entry and the notice to the applicant: a change made meanwhile by someone else
//! wins, and this one is refused ([`Error::Conflict`]), not lost over it.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::audit::{self, Actor};
use super::notices::Notice;
use super::outbox::{enqueue as notify, Outgoing};
use super::repository::{
    add_event, authorised, begin, request_from_row, RequestRow, REQUEST_SELECT,
};
use super::store::Store;
use super::{Error, Result};

/// Putting a request into a slot and moving it live beside the other steps (`seats`).
pub use super::seats::{reschedule, schedule, MOVE_REASON_MAX};
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
pub(super) async fn transition(
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

pub(super) async fn row_by_id<'c>(
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

pub(super) async fn tell(
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
pub(super) async fn announce(store: &Store, r: &RequestRow, to: Status) {
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

/// The department proposes request `id` to the chief of staff with its reference note
/// (clause 28): a date for the reception or a refusal, and the note the chief decides on
/// (29). The note is kept with the request, audited, never shown to the applicant.
pub async fn propose(
    store: &Store,
    id: i64,
    shown: Shown,
    proposal: crate::model::card::Proposal,
    note: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    use crate::rules::control::{check_text, TEXT_MAX};
    let note = check_text(note, crate::model::messages::NOTE_REQUIRED).map_err(Error::BadInput)?;
    debug_assert!(note.chars().count() <= TEXT_MAX);
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    let mut tx = begin(store).await?;
    // What is proposed, and the note's digest (no personal data; an edit of the note shows).
    let detail = format!(
        "{} (sha256 {})",
        proposal.code(),
        super::secrets::sha256_hex(&note)
    );
    let to = transition(&mut tx, id, from, Event::Propose, actor, Some(&detail), now).await?;
    sqlx::query("UPDATE requests SET note_proposes = $1, reference_note = $2 WHERE id = $3")
        .bind(proposal.code())
        .bind(&note)
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("cannot keep the reference note")?;
    tx.commit().await.context("cannot commit the proposal")?;
    announce(store, &r, to).await;
    Ok(to)
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
    pub(super) fn start(self, current: Status) -> (Status, Option<i64>) {
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
        Event::Allocate
            | Event::Move
            | Event::Refuse
            | Event::Withdraw
            | Event::AskCentralBody
            | Event::Propose
    ) {
        return Err(Error::Internal(anyhow::anyhow!(
            "{event:?} carries data: use workflow::schedule, reschedule, refuse, withdraw, \
             ask_central_body or propose"
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
