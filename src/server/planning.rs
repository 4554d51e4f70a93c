//! A month of reception days (clauses 6-9): the department plans the days and the report
//! meetings, reads the clause 6 check (`rules::schedule::check_month`), and the chief of staff
//! approves the month; only then do its days appear on the public schedule (clause 7). A day
//! added to an approved month is published at once. Every change is audited in its own
//! transaction.

use anyhow::Context;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, parse_date};
use super::store::{Engine, Store, PUBLISHED};
use super::{Error, Result};
use crate::model::planning::{MonthPlan, PlannedDay};
use crate::model::Official;
use crate::rules::{
    lang::Text,
    permissions::{allows, Action},
    schedule::{check_day, check_month, DayPlan, Official as Receiver, ScheduledReception},
    time,
};

/// A reception day the department plans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDay {
    pub official: i64,
    pub plan: DayPlan,
    pub place: Text,
    pub video_room: Option<String>,
    /// Clause 9: the akim's instruction (number, date) for an extra reception of a deputy.
    pub order: Option<(String, NaiveDate)>,
}

fn month_key(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

fn month_bounds(year: i32, month: u32) -> Result<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| Error::BadInput(crate::model::messages::BAD_MONTH.text()))?;
    let last = (first + Months::new(1)).pred_opt().expect("a day before");
    Ok((first, last))
}

fn may(actor: Actor, action: Action) -> Result<()> {
    match actor {
        Actor::Staff { role, .. } if allows(role, action) => Ok(()),
        _ => Err(Error::Forbidden),
    }
}

/// How clause 6 names an official in its findings: the name in each language.
fn receiver_id(o: &Official) -> String {
    format!("{} / {}", o.name_kk.full(), o.name_ru.full())
}

/// The plan of `year`-`month`: every active official, every day of the month (planned,
/// published, cancelled), the report meetings, the clause 6 findings over the days that are
/// not cancelled, and the approval.
pub async fn month_plan(store: &Store, year: i32, month: u32) -> Result<MonthPlan> {
    let (first, last) = month_bounds(year, month)?;
    let officials = store.officials().await?;
    let rows = sqlx::query(&format!(
        "SELECT id, official_id, day, starts, ends, slot_minutes, seats_per_slot, place_kk, \
         place_ru, video_room, order_number, order_date, cancelled, \
         CAST(CASE WHEN {PUBLISHED} THEN 1 ELSE 0 END AS BIGINT) AS published, \
         (SELECT COUNT(*) FROM bookings b WHERE b.reception_day_id = reception_days.id) AS booked \
         FROM reception_days WHERE day >= $1 AND day <= $2 ORDER BY day, starts, id"
    ))
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read the month's days")?;
    let clock = |s: String| {
        NaiveTime::parse_from_str(&s, "%H:%M").with_context(|| format!("bad stored time {s}"))
    };
    let days = rows
        .iter()
        .map(|r| {
            let order = match (
                r.try_get::<Option<String>, _>("order_number")?,
                r.try_get::<Option<String>, _>("order_date")?,
            ) {
                (Some(n), Some(d)) => Some((n, parse_date(&d)?)),
                _ => None,
            };
            Ok(PlannedDay {
                id: r.try_get("id")?,
                official_id: r.try_get("official_id")?,
                date: parse_date(&r.try_get::<String, _>("day")?)?,
                starts: clock(r.try_get("starts")?)?,
                ends: clock(r.try_get("ends")?)?,
                slot_minutes: u32::try_from(r.try_get::<i64, _>("slot_minutes")?)?,
                seats: u32::try_from(r.try_get::<i64, _>("seats_per_slot")?)?,
                place: Text::new(
                    r.try_get::<String, _>("place_kk")?,
                    r.try_get::<String, _>("place_ru")?,
                ),
                video_room: r.try_get("video_room")?,
                order,
                published: r.try_get::<i64, _>("published")? != 0,
                cancelled: r.try_get::<i64, _>("cancelled")? != 0,
                booked: r.try_get("booked")?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Meetings near the month too: the working day after one at the end of last month may
    // fall in this one.
    let meetings_near =
        sqlx::query("SELECT day FROM report_meetings WHERE day >= $1 AND day <= $2 ORDER BY day")
            .bind((first - chrono::Days::new(14)).to_string())
            .bind((last + chrono::Days::new(14)).to_string())
            .fetch_all(store.pool())
            .await
            .context("cannot read the report meetings")?
            .iter()
            .map(|r| parse_date(&r.try_get::<String, _>("day")?))
            .collect::<anyhow::Result<Vec<_>>>()?;
    let receivers: Vec<Receiver> = officials
        .iter()
        .map(|o| Receiver {
            id: receiver_id(o),
            role: o.role,
        })
        .collect();
    let receptions: Vec<ScheduledReception> = days
        .iter()
        .filter(|d| !d.cancelled)
        .filter_map(|d| {
            let o = officials.iter().find(|o| o.id == d.official_id)?;
            Some(ScheduledReception {
                official_id: receiver_id(o),
                date: d.date,
            })
        })
        .collect();
    let violations = check_month(year, month, &receivers, &receptions, &meetings_near)
        .into_iter()
        .map(|v| v.message)
        .collect();
    let approved = sqlx::query(
        "SELECT s.full_name, m.approved_at FROM schedule_months m \
         JOIN staff s ON s.id = m.approved_by WHERE m.month = $1",
    )
    .bind(month_key(year, month))
    .fetch_optional(store.pool())
    .await
    .context("cannot read the month's approval")?
    .map(|r| -> anyhow::Result<(String, String)> {
        Ok((r.try_get("full_name")?, r.try_get("approved_at")?))
    })
    .transpose()?;
    Ok(MonthPlan {
        year,
        month,
        officials: officials
            .iter()
            .map(|o| (o.id, Text::new(o.name_kk.full(), o.name_ru.full()), o.role))
            .collect(),
        days,
        meetings: meetings_near
            .into_iter()
            .filter(|d| d.year() == year && d.month() == month)
            .collect(),
        violations,
        approved,
        may_plan: false,
        may_approve: false,
    })
}

/// Plans a reception day (clauses 6, 8, 9). In an approved month it is published at once.
pub async fn add_day(store: &Store, day: &NewDay, actor: Actor, now: DateTime<Utc>) -> Result<i64> {
    use crate::model::messages::{DAY_EXISTS, NO_SUCH_OFFICIAL};
    may(actor, Action::PlanSchedule)?;
    check_day(&day.plan, time::to_local(now).date()).map_err(Error::BadInput)?;
    let active = store.official_ids().await?;
    if !active.contains(&day.official) {
        return Err(Error::BadInput(NO_SUCH_OFFICIAL.text()));
    }
    let mut tx = begin(store).await?;
    // Two clerks planning the same official at once take turns: the overlap check below reads
    // before it writes, which SQLite's single writer serialises and PostgreSQL's read
    // committed would not (both would see no overlap, and both insert). NO KEY: registrations
    // naming the official (a foreign key's share lock) do not wait for it.
    if store.engine() == Engine::Postgres {
        sqlx::query("SELECT id FROM officials WHERE id = $1 FOR NO KEY UPDATE")
            .bind(day.official)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot hold the official's schedule")?;
    }
    // Not twice at one time: hours that overlap another day of the official's are refused.
    let id: Option<i64> = sqlx::query(
        "INSERT INTO reception_days (official_id, day, starts, ends, slot_minutes, seats_per_slot, \
         place_kk, place_ru, video_room, order_number, order_date, planned) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1 WHERE NOT EXISTS \
         (SELECT 1 FROM reception_days o WHERE o.official_id = $1 AND o.day = $2 \
          AND o.cancelled = 0 AND o.starts < $4 AND o.ends > $3) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(day.official)
    .bind(day.plan.date.to_string())
    .bind(day.plan.starts.format("%H:%M").to_string())
    .bind(day.plan.ends.format("%H:%M").to_string())
    .bind(i64::from(day.plan.slot_minutes))
    .bind(i64::from(day.plan.seats))
    .bind(&day.place.kk)
    .bind(&day.place.ru)
    .bind(day.video_room.as_deref())
    .bind(day.order.as_ref().map(|(n, _)| n.as_str()))
    .bind(day.order.as_ref().map(|(_, d)| d.to_string()))
    .fetch_optional(&mut *tx)
    .await
    .context("cannot plan the reception day")?
    .map(|r| r.try_get("id"))
    .transpose()
    .context("day id")?;
    let id = id.ok_or_else(|| Error::BadInput(DAY_EXISTS.text()))?;
    let entry = audit::Entry {
        actor,
        action: "plan_reception_day".into(),
        entity: "reception_day",
        entity_id: id,
        before: None,
        after: Some(format!(
            "official {} {} {}-{} slot {} min × {}{}{}",
            day.official,
            day.plan.date,
            day.plan.starts.format("%H:%M"),
            day.plan.ends.format("%H:%M"),
            day.plan.slot_minutes,
            day.plan.seats,
            day.video_room
                .as_ref()
                .map(|_| " video")
                .unwrap_or_default(),
            day.order
                .as_ref()
                .map(|(n, d)| format!(" order {n} of {d}"))
                .unwrap_or_default(),
        )),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the planned day")?;
    Ok(id)
}

/// Takes a planned day off the plan while its month is not approved. A published day is
/// not removed: the official cannot receive on it, which is clause 17's cancellation.
pub async fn remove_day(store: &Store, id: i64, actor: Actor, now: DateTime<Utc>) -> Result<()> {
    use crate::model::messages::DAY_PUBLISHED;
    may(actor, Action::PlanSchedule)?;
    let mut tx = begin(store).await?;
    // A checklist confirmed for a planned day goes with it.
    sqlx::query(&format!(
        "DELETE FROM day_checks WHERE reception_day_id = $1 AND EXISTS (SELECT 1 FROM \
         reception_days WHERE reception_days.id = $1 AND NOT {PUBLISHED})"
    ))
    .bind(id)
    .execute(&mut *tx)
    .await
    .context("cannot remove the planned day's checklist")?;
    let gone = sqlx::query(&format!(
        "DELETE FROM reception_days WHERE id = $1 AND NOT {PUBLISHED} \
         AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.reception_day_id = reception_days.id) \
         RETURNING official_id, day, starts"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
    .context("cannot remove the planned day")?;
    let Some(gone) = gone else {
        let exists = sqlx::query("SELECT 1 AS one FROM reception_days WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the reception day")?;
        return Err(match exists {
            Some(_) => Error::BadInput(DAY_PUBLISHED.text()),
            None => Error::NotFound,
        });
    };
    let entry = audit::Entry {
        actor,
        action: "unplan_reception_day".into(),
        entity: "reception_day",
        entity_id: id,
        before: Some(format!(
            "official {} {} {}",
            gone.try_get::<i64, _>("official_id").context("official")?,
            gone.try_get::<String, _>("day").context("day")?,
            gone.try_get::<String, _>("starts").context("starts")?,
        )),
        after: None,
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the removal")?;
    Ok(())
}

fn date_id(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// Enters a report meeting of the akim (clause 6).
pub async fn add_meeting(
    store: &Store,
    date: NaiveDate,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    use crate::model::messages::MEETING_EXISTS;
    may(actor, Action::PlanSchedule)?;
    if !crate::rules::calendar::is_supported(date) {
        return Err(Error::BadInput(crate::model::messages::BAD_MONTH.text()));
    }
    let mut tx = begin(store).await?;
    let added = sqlx::query("INSERT INTO report_meetings (day) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(date.to_string())
        .execute(&mut *tx)
        .await
        .context("cannot enter the report meeting")?
        .rows_affected();
    if added == 0 {
        return Err(Error::BadInput(MEETING_EXISTS.text()));
    }
    let entry = audit::Entry {
        actor,
        action: "add_report_meeting".into(),
        entity: "report_meeting",
        entity_id: date_id(date),
        before: None,
        after: Some(date.to_string()),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit()
        .await
        .context("cannot commit the report meeting")?;
    Ok(())
}

/// Takes a report meeting off (it was entered by mistake or moved).
pub async fn remove_meeting(
    store: &Store,
    date: NaiveDate,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    may(actor, Action::PlanSchedule)?;
    let mut tx = begin(store).await?;
    let gone = sqlx::query("DELETE FROM report_meetings WHERE day = $1")
        .bind(date.to_string())
        .execute(&mut *tx)
        .await
        .context("cannot remove the report meeting")?
        .rows_affected();
    if gone == 0 {
        return Err(Error::NotFound);
    }
    let entry = audit::Entry {
        actor,
        action: "remove_report_meeting".into(),
        entity: "report_meeting",
        entity_id: date_id(date),
        before: Some(date.to_string()),
        after: None,
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the removal")?;
    Ok(())
}

/// The chief of staff approves the month: its days appear on the public schedule (clause 7).
/// With clause 6 findings open, only when `despite` says the chief has read them; the log
/// keeps how many there were.
pub async fn approve_month(
    store: &Store,
    year: i32,
    month: u32,
    despite: bool,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    use crate::model::messages::{MONTH_APPROVED, VIOLATIONS_OPEN};
    may(actor, Action::ApproveSchedule)?;
    let Actor::Staff { id: staff_id, .. } = actor else {
        return Err(Error::Forbidden);
    };
    let plan = month_plan(store, year, month).await?;
    if !plan.violations.is_empty() && !despite {
        return Err(Error::BadInput(VIOLATIONS_OPEN.text()));
    }
    let mut tx = begin(store).await?;
    let added = sqlx::query(
        "INSERT INTO schedule_months (month, approved_by, approved_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(month_key(year, month))
    .bind(staff_id)
    .bind(super::repository::fmt_minute(time::to_local(now)))
    .execute(&mut *tx)
    .await
    .context("cannot approve the month")?
    .rows_affected();
    if added == 0 {
        return Err(Error::BadInput(MONTH_APPROVED.text()));
    }
    let entry = audit::Entry {
        actor,
        action: "approve_schedule_month".into(),
        entity: "schedule_month",
        entity_id: i64::from(year) * 100 + i64::from(month),
        before: None,
        after: Some(format!(
            "{} days, {} clause 6 findings",
            plan.days.iter().filter(|d| !d.cancelled).count(),
            plan.violations.len()
        )),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the approval")?;
    Ok(())
}
