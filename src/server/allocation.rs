//! Allocation of an official's approved list into their reception days (clauses 13, 29, 30):
//! the queue order of clause 13 (out-of-turn categories first, then the order of
//! registration) into the earliest free seats, by `rules::allocation::allocate`: the same
//! code makes the preview the clerk reads and the decision the clerk confirms. Each booking
//! takes a seat that the database guarantees to no one else (`workflow::schedule`).

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::Row;

use super::audit::Actor;
use super::repository::{initial, parse_date, parse_minute, registered_on};
use super::store::{Store, PUBLISHED};
use super::{workflow, Error};
use crate::model::allocation::{
    allocate_plan, Choice, Confirmed, ListedOfficial, ListedPerson, PlanDay, PlanInput, Planned,
};
use crate::rules::{
    allocation::{Booking, OfficialId, ReceptionDay},
    deadlines::{earliest_reception, urgency},
    lifecycle::Event,
    permissions::{allows, Action},
    queue::{sort_queue_by, OutOfTurn, QueueEntry},
    time,
};

fn clock(s: &str) -> anyhow::Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").with_context(|| format!("bad stored time {s}"))
}

/// The official's open reception days from `from`, with their ids.
async fn days(
    store: &Store,
    official: i64,
    from: NaiveDate,
) -> anyhow::Result<Vec<(i64, ReceptionDay)>> {
    let rows = sqlx::query(&format!(
        "SELECT id, day, starts, ends, slot_minutes, seats_per_slot FROM reception_days \
         WHERE official_id = $1 AND cancelled = 0 AND day >= $2 AND {PUBLISHED} \
         ORDER BY day, starts"
    ))
    .bind(official)
    .bind(from.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read the reception days")?;
    rows.iter()
        .map(|r| {
            let day = ReceptionDay::new(
                OfficialId(official as u64),
                parse_date(&r.try_get::<String, _>("day")?)?,
                clock(&r.try_get::<String, _>("starts")?)?,
                clock(&r.try_get::<String, _>("ends")?)?,
                u32::try_from(r.try_get::<i64, _>("slot_minutes")?)?,
                u32::try_from(r.try_get::<i64, _>("seats_per_slot")?)?,
                None,
            )
            .map_err(|e| anyhow::anyhow!("a stored reception day breaks a rule: {e:?}"))?;
            Ok((r.try_get("id")?, day))
        })
        .collect()
}

/// The seats already taken on the official's days from `from`.
async fn bookings(store: &Store, official: i64, from: NaiveDate) -> anyhow::Result<Vec<Booking>> {
    let rows = sqlx::query(
        "SELECT d.day, b.slot_start, COUNT(*) AS n FROM bookings b \
         JOIN reception_days d ON d.id = b.reception_day_id \
         WHERE d.official_id = $1 AND d.day >= $2 GROUP BY d.day, b.slot_start",
    )
    .bind(official)
    .bind(from.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read the bookings")?;
    rows.iter()
        .map(|r| {
            Ok(Booking {
                official: OfficialId(official as u64),
                date: parse_date(&r.try_get::<String, _>("day")?)?,
                start: clock(&r.try_get::<String, _>("slot_start")?)?,
                count: u32::try_from(r.try_get::<i64, _>("n")?)?,
            })
        })
        .collect()
}

/// How many free slots a request's card offers to move a reception to.
const FREE_SLOTS_SHOWN: usize = 60;

/// The official's free slots (a seat left) on their open days that start after `after`
/// (local time): day id, date, start; the first [`FREE_SLOTS_SHOWN`].
pub async fn free_slots(
    store: &Store,
    official: i64,
    after: chrono::NaiveDateTime,
) -> anyhow::Result<Vec<(i64, NaiveDate, NaiveTime)>> {
    let days = days(store, official, after.date()).await?;
    let taken = bookings(store, official, after.date()).await?;
    let booked = |date: NaiveDate, start: NaiveTime| {
        taken
            .iter()
            .find(|b| b.date == date && b.start == start)
            .map_or(0, |b| b.count)
    };
    Ok(days
        .iter()
        .flat_map(|(id, day)| {
            day.slots()
                .filter(|s| s.date.and_time(s.start) > after)
                .filter(|s| booked(s.date, s.start) < day.capacity())
                .map(|s| (*id, s.date, s.start))
                .collect::<Vec<_>>()
        })
        .take(FREE_SLOTS_SHOWN)
        .collect())
}

/// The official's approved list in the queue order of clause 13.
async fn approved(
    store: &Store,
    official: i64,
    today: NaiveDate,
) -> anyhow::Result<Vec<(i64, Planned, QueueEntry)>> {
    let rows = sqlx::query(
        "SELECT id, number, surname, name, patronymic, out_of_turn, received_local, \
         registered_local, answer_due FROM requests WHERE official_id = $1 AND status = 'approved'",
    )
    .bind(official)
    .fetch_all(store.pool())
    .await
    .context("cannot read the approved list")?;
    let mut list = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let received = parse_minute(&r.try_get::<String, _>("received_local")?)?;
            let registered = registered_on(received, r.try_get("registered_local")?)?;
            let out_of_turn = r
                .try_get::<Option<String>, _>("out_of_turn")?
                .and_then(|c| OutOfTurn::from_code(&c));
            let name: String = r.try_get("name")?;
            let patronymic: Option<String> = r.try_get("patronymic")?;
            let planned = Planned {
                number: r.try_get("number")?,
                applicant: format!(
                    "{} {}{}",
                    r.try_get::<String, _>("surname")?,
                    initial(&name),
                    patronymic.as_deref().map(initial).unwrap_or_default()
                ),
                out_of_turn: out_of_turn.is_some(),
                slot: None,
                answer_by: {
                    let due = parse_date(&r.try_get::<String, _>("answer_due")?)?;
                    (due, urgency(due, today))
                },
            };
            let entry = QueueEntry {
                registration_number: id as u64,
                registered_at: registered.and_time(received.time()),
                out_of_turn,
            };
            Ok((id, planned, entry))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    sort_queue_by(&mut list, |(_, _, e)| e);
    Ok(list)
}

/// What the official's approved list is allocated from on `today` (the planner's input, for
/// the browser's preview and the server's decision alike), and each queued request's id and
/// what the clerk reads of it.
pub async fn plan_input(
    store: &Store,
    official: i64,
    today: NaiveDate,
) -> anyhow::Result<(PlanInput, Vec<(i64, Planned)>)> {
    let from = earliest_reception(today);
    let days = days(store, official, from).await?;
    let taken = bookings(store, official, from).await?;
    let list: Vec<(i64, Planned)> = approved(store, official, today)
        .await?
        .into_iter()
        .map(|(id, planned, _)| (id, planned))
        .collect();
    let input = PlanInput {
        official,
        from,
        queue: list.iter().map(|(_, p)| p.number.clone()).collect(),
        days: days
            .into_iter()
            .map(|(id, d)| PlanDay {
                id,
                date: d.date(),
                starts: d.start(),
                ends: d.end(),
                slot_minutes: d.slot_minutes(),
                seats: d.capacity(),
            })
            .collect(),
        taken: taken.iter().map(|b| (b.date, b.start, b.count)).collect(),
    };
    Ok((input, list))
}

/// Confirms the allocation under the clerk's `choice` (requests held back, days left
/// unfilled): the list is planned again now (what changed meanwhile counts), by the same
/// `model::allocation::allocate_plan` that made the preview, and each request is scheduled in
/// queue order, each in its own transaction with its notice (clause 31). A request whose seat
/// was taken meanwhile, or that changed meanwhile, is left on the list and counted as such.
pub async fn confirm(
    store: &Store,
    official: i64,
    choice: &Choice,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Confirmed, Error> {
    match actor {
        Actor::Staff { role, .. } if allows(role, Action::Lifecycle(Event::Allocate)) => {}
        _ => return Err(Error::Forbidden),
    }
    let today = time::to_local(now).date();
    let mut done = Confirmed::default();
    let (input, list) = plan_input(store, official, today).await?;
    let placed = allocate_plan(&input, choice);
    for ((id, planned), place) in list.into_iter().zip(placed) {
        if choice.held.contains(&planned.number) {
            // Held back out of queue order: on the record, as a move by hand is.
            hold_back(store, id, actor, now).await?;
            done.held += 1;
            continue;
        }
        let Some((day, _, starts)) = place else {
            done.waiting += 1;
            continue;
        };
        match workflow::schedule(store, id, day, starts, None, actor, now).await {
            Ok(_) => done.scheduled += 1,
            // A seat taken, a decision or a cancelled day meanwhile: left on the list.
            Err(
                Error::SlotTaken
                | Error::Conflict
                | Error::Refused(_)
                | Error::BadInput(_)
                | Error::NotFound,
            ) => done.changed += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Records that the clerk held approved request `id` back from an allocation (clause 30:
/// queue order is the rule, so a request passed over is on the record).
async fn hold_back(store: &Store, id: i64, actor: Actor, now: DateTime<Utc>) -> Result<(), Error> {
    let mut tx = super::repository::begin(store).await?;
    let entry = super::audit::Entry {
        actor,
        action: "hold_back".into(),
        entity: "request",
        entity_id: id,
        before: Some("approved".into()),
        after: Some("approved, held back from this allocation".into()),
    };
    super::audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the record")?;
    Ok(())
}

/// The official's reception days from `from` on, with their booked seats.
pub async fn coming_days(
    store: &Store,
    official: i64,
    from: NaiveDate,
) -> anyhow::Result<Vec<crate::model::allocation::DayView>> {
    let rows = sqlx::query(&format!(
        "SELECT id, day, starts, ends, cancelled, \
         (SELECT COUNT(*) FROM bookings b WHERE b.reception_day_id = reception_days.id) AS booked \
         FROM reception_days WHERE official_id = $1 AND day >= $2 AND {PUBLISHED} \
         ORDER BY day, starts"
    ))
    .bind(official)
    .bind(from.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read the official's days")?;
    let mut days = rows
        .iter()
        .map(|r| {
            Ok(crate::model::allocation::DayView {
                id: r.try_get("id")?,
                date: parse_date(&r.try_get::<String, _>("day")?)?,
                starts: clock(&r.try_get::<String, _>("starts")?)?,
                ends: clock(&r.try_get::<String, _>("ends")?)?,
                booked: r.try_get("booked")?,
                cancelled: r.try_get::<i64, _>("cancelled")? != 0,
                checks: Vec::new(),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // What each open day still needs (clauses 11, 19).
    for day in days.iter_mut().filter(|d| !d.cancelled) {
        day.checks = super::checklist::of_day(store, day.id).await?;
    }
    Ok(days)
}

/// The list of persons to be received (clause 29): every approved request and every
/// scheduled one, grouped by official (the akim and the deputies first, as the officials are
/// ordered), each official's in queue order (clause 13).
pub async fn persons_list(store: &Store) -> anyhow::Result<Vec<ListedOfficial>> {
    use super::repository::{full, request_from_row, REQUEST_SELECT};
    let sql = REQUEST_SELECT.replacen(
        "SELECT ",
        "SELECT r.out_of_turn, r.official_id, o.sort_order, ",
        1,
    );
    let rows = sqlx::query(&format!(
        "{sql} WHERE r.status IN ('approved', 'scheduled') ORDER BY o.sort_order, r.official_id, r.id"
    ))
    .fetch_all(store.pool())
    .await
    .context("cannot read the list of persons to be received")?;
    // Each official's id, heading and persons with their places in the queue.
    type Queued = Vec<(ListedPerson, QueueEntry)>;
    let mut list: Vec<(i64, ListedOfficial, Queued)> = Vec::new();
    for r in &rows {
        let official: i64 = r.try_get("official_id")?;
        let (_, row) = request_from_row(r)?;
        let out_of_turn = r
            .try_get::<Option<String>, _>("out_of_turn")?
            .and_then(|c| OutOfTurn::from_code(&c));
        let received = row.coupon.received_local;
        let person = ListedPerson {
            number: row.coupon.number.clone(),
            applicant: full(
                r.try_get("surname")?,
                r.try_get("name")?,
                r.try_get("patronymic")?,
            ),
            out_of_turn: out_of_turn.map(OutOfTurn::name),
            topic: row.coupon.topic.clone(),
            registered_on: row.coupon.registered_on,
            reception: row.scheduled.as_ref().map(|(d, t, ..)| (*d, *t)),
        };
        let entry = QueueEntry {
            registration_number: row.id as u64,
            registered_at: row.coupon.registered_on.and_time(received.time()),
            out_of_turn,
        };
        match list.last_mut() {
            Some((id, _, persons)) if *id == official => persons.push((person, entry)),
            _ => list.push((
                official,
                ListedOfficial {
                    official: row.coupon.official.clone(),
                    position: row.coupon.position.clone(),
                    persons: Vec::new(),
                },
                vec![(person, entry)],
            )),
        }
    }
    Ok(list
        .into_iter()
        .map(|(_, mut official, mut persons)| {
            sort_queue_by(&mut persons, |(_, e)| e);
            official.persons = persons.into_iter().map(|(p, _)| p).collect();
            official
        })
        .collect())
}
