//! Calendar upkeep without a new release: the administrator enters the year's Kurban Ait and
//! transfers of days off, each with its act, after the government publishes them. They are
//! stored, audited, and put in force at once (`rules::calendar::install`): on this instance
//! when entered, on every other through the event bus, and on each at start. The compiled-in
//! data stays the default.

use anyhow::Context;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::begin;
use super::store::Store;
use super::{Error, Result};
use crate::model::calendar::{CalendarFact, CalendarView, SpecialDay};
use crate::model::messages::{KURBAN_AIT_EXISTS, TRANSFER_EXISTS};
use crate::rules::calendar::{self, Act, Published, Transfer};
use crate::rules::lang::Text;
use crate::rules::permissions::{allows, Action};

fn may(actor: Actor) -> Result<()> {
    match actor {
        Actor::Staff { role, .. } if allows(role, Action::KeepCalendar) => Ok(()),
        _ => Err(Error::Forbidden),
    }
}

fn date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").with_context(|| format!("bad stored date {s}"))
}

/// A row of `calendar_facts`.
struct Entered {
    id: i64,
    year: i32,
    kurban_ait: bool,
    day: NaiveDate,
    working_day: Option<NaiveDate>,
    act: Option<Act>,
    source: String,
}

async fn rows(store: &Store) -> anyhow::Result<Vec<Entered>> {
    sqlx::query(
        "SELECT id, year, kind, day, working_day, act_kind, act_number, act_dated, source \
         FROM calendar_facts ORDER BY year, day",
    )
    .fetch_all(store.pool())
    .await
    .context("cannot read the calendar's entries")?
    .iter()
    .map(|r| {
        let act = match (
            r.try_get::<Option<String>, _>("act_kind")?,
            r.try_get::<Option<String>, _>("act_number")?,
            r.try_get::<Option<String>, _>("act_dated")?,
        ) {
            (Some(kind), Some(number), Some(dated)) => Some(Act {
                kind,
                number,
                dated,
            }),
            _ => None,
        };
        Ok(Entered {
            id: r.try_get("id")?,
            year: i32::try_from(r.try_get::<i64, _>("year")?)?,
            kurban_ait: r.try_get::<String, _>("kind")? == "kurban_ait",
            day: date(&r.try_get::<String, _>("day")?)?,
            working_day: r
                .try_get::<Option<String>, _>("working_day")?
                .map(|d| date(&d))
                .transpose()?,
            act,
            source: r.try_get("source")?,
        })
    })
    .collect()
}

/// What the administrator entered, year by year.
pub async fn load(store: &Store) -> anyhow::Result<Vec<Published>> {
    let mut years: Vec<Published> = Vec::new();
    for r in rows(store).await? {
        if years.last().is_none_or(|p| p.year != r.year) {
            years.push(Published {
                year: r.year,
                ..Published::default()
            });
        }
        let p = years.last_mut().expect("pushed above");
        match (r.kurban_ait, r.working_day, r.act) {
            (true, ..) => p.kurban_ait = Some((r.day, r.source)),
            (false, Some(working_day), Some(act)) => p.transfers.push(Transfer {
                day_off: r.day,
                working_day,
                act,
                source: r.source,
            }),
            _ => anyhow::bail!(
                "calendar entry {} is a transfer without its days or act",
                r.id
            ),
        }
    }
    Ok(years)
}

/// Puts what is stored in force; `only_if_any` (at start): only when anything was entered,
/// so that the compiled data stays as it is otherwise.
pub async fn refresh(store: &Store, only_if_any: bool) -> anyhow::Result<()> {
    // One reading at a time: a reading begun before a change never lands after it.
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    let published = load(store).await?;
    if !(only_if_any && published.is_empty()) {
        calendar::install(published);
    }
    Ok(())
}

/// Reads the calendar again whenever another instance (or this one) says it changed, and once
/// a minute besides (a notice lost while the connection was down is caught up so).
pub fn follow(store: Store) {
    let mut events = store.events().subscribe();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        let mut minute = tokio::time::interval(std::time::Duration::from_secs(60));
        minute.tick().await;
        loop {
            // Read again on a notice; on missed notices or the minute's tick too, keeping the
            // compiled data when nothing is stored (the removal of the last entry is heard by
            // its notice, or at the next start).
            let only_if_any = tokio::select! {
                event = events.recv() => match event {
                    Ok(e) if e.calendar => false,
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => return,
                },
                _ = minute.tick() => true,
            };
            if let Err(e) = refresh(&store, only_if_any).await {
                tracing::warn!(error = %e, "cannot read the calendar again");
            }
        }
    });
}

/// After a committed change: in force here, the stored terms counted again on it, and the
/// other instances (and the screens) told. The change is saved whatever follows: a failure to
/// count again is logged (each later change counts every open request again).
async fn changed(store: &Store, actor: Actor, now: DateTime<Utc>) -> Result<()> {
    let here = refresh(store, false).await;
    if here.is_ok() {
        if let Err(e) = recount_terms(store, actor, now).await {
            tracing::error!(error = %format!("{e:#}"), "cannot count the terms again");
        }
    }
    // The others are told even when this instance could not read it back.
    store
        .events()
        .publish(store.pool(), crate::model::live::LiveEvent::calendar())
        .await;
    here?;
    Ok(())
}

/// The requests among `rows` whose answer the calendar now in force makes due on another day:
/// each with its last day as stored and as counted now.
fn moved_terms(rows: &[sqlx::any::AnyRow]) -> anyhow::Result<Vec<(i64, NaiveDate, NaiveDate)>> {
    use super::repository::{parse_date, parse_minute, registered_on};
    let mut moved = Vec::new();
    for r in rows {
        let received = parse_minute(&r.try_get::<String, _>("received_local")?)?;
        let registered = registered_on(received, r.try_get("registered_local")?)?;
        let was = parse_date(&r.try_get::<String, _>("answer_due")?)?;
        let now_due = crate::rules::deadlines::answer_due_recounted(registered, was);
        if now_due != was {
            moved.push((r.try_get::<i64, _>("id")?, was, now_due));
        }
    }
    Ok(moved)
}

/// Counts again, on the calendar now in force, the answer's last day stored with each request
/// still owed one: a day entered as off (or as working) moves the receipt of clause 4 and the
/// last day of clauses 31 and 32. Each request whose term moved is changed and audited, in one
/// transaction, under the author of the calendar's change; a request changed meanwhile (an
/// extension) is left as that change counted it. The number of requests changed.
async fn recount_terms(store: &Store, actor: Actor, now: DateTime<Utc>) -> Result<u64> {
    let rows = sqlx::query(&format!(
        "SELECT id, received_local, registered_local, answer_due \
         FROM requests WHERE status IN ({})",
        super::inbox::awaiting_answer_sql()
    ))
    .fetch_all(store.pool())
    .await
    .context("cannot read the terms to count again")?;
    let moved = moved_terms(&rows)?;
    if moved.is_empty() {
        return Ok(0);
    }
    let mut tx = begin(store).await?;
    let mut changed = 0;
    for (id, was, now_due) in moved {
        let done =
            sqlx::query("UPDATE requests SET answer_due = $1 WHERE id = $2 AND answer_due = $3")
                .bind(now_due.to_string())
                .bind(id)
                .bind(was.to_string())
                .execute(&mut *tx)
                .await
                .context("cannot count a request's term again")?;
        if done.rows_affected() == 0 {
            continue;
        }
        let entry = audit::Entry {
            actor,
            action: "recount_terms".into(),
            entity: "request",
            entity_id: id,
            before: Some(format!("answer by {was}")),
            after: Some(format!("answer by {now_due}")),
        };
        audit::record(&mut tx, &entry, now).await?;
        changed += 1;
    }
    tx.commit()
        .await
        .context("cannot commit the terms counted again")?;
    Ok(changed)
}

/// Enters the first day of Kurban Ait of `day`'s year, with the act or announcement.
pub async fn add_kurban_ait(
    store: &Store,
    day: NaiveDate,
    source: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    may(actor)?;
    let source = crate::rules::application::tidy(source);
    calendar::check_kurban_ait(day.year(), day, &source).map_err(Error::BadInput)?;
    let staff = staff_id(actor);
    let mut tx = begin(store).await?;
    let row = sqlx::query(
        "INSERT INTO calendar_facts (year, kind, day, source, added_by, added_at) \
         VALUES ($1, 'kurban_ait', $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(i64::from(day.year()))
    .bind(day.to_string())
    .bind(&source)
    .bind(staff)
    .bind(now.to_rfc3339())
    .fetch_optional(&mut *tx)
    .await
    .context("cannot enter Kurban Ait")?;
    // A unique key said no: the year has its Kurban Ait already.
    let row = row.ok_or(Error::BadInput(KURBAN_AIT_EXISTS.text()))?;
    let id: i64 = row.try_get("id").context("id")?;
    let entry = audit::Entry {
        actor,
        action: "add_kurban_ait".into(),
        entity: "calendar",
        entity_id: id,
        before: calendar::compiled(day.year()).map(|(d, _)| d.to_string()),
        after: Some(format!("{day}: {source}")),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit Kurban Ait")?;
    changed(store, actor, now).await
}

/// Enters a transfer of a day off, with its act.
pub async fn add_transfer(
    store: &Store,
    t: Transfer,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    may(actor)?;
    let t = Transfer {
        act: Act {
            kind: t.act.kind.trim().to_owned(),
            number: crate::rules::application::tidy(&t.act.number),
            dated: t.act.dated.trim().to_owned(),
        },
        source: crate::rules::application::tidy(&t.source),
        ..t
    };
    calendar::check_transfer(&t).map_err(Error::BadInput)?;
    // A day already moved by the compiled data is not moved again.
    let compiled = calendar::compiled(t.day_off.year())
        .map(|(_, ts)| ts)
        .unwrap_or_default();
    let touched = |d: NaiveDate| {
        compiled
            .iter()
            .any(|c| c.day_off == d || c.working_day == d)
    };
    if touched(t.day_off) || touched(t.working_day) {
        return Err(Error::BadInput(TRANSFER_EXISTS.text()));
    }
    let staff = staff_id(actor);
    let mut tx = begin(store).await?;
    let row = sqlx::query(
        "INSERT INTO calendar_facts (year, kind, day, working_day, act_kind, act_number, \
         act_dated, source, added_by, added_at) \
         SELECT $1, 'transfer', $2, $3, $4, $5, $6, $7, $8, $9 \
         WHERE NOT EXISTS (SELECT 1 FROM calendar_facts WHERE day IN ($2, $3) \
         OR working_day IN ($2, $3)) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(i64::from(t.day_off.year()))
    .bind(t.day_off.to_string())
    .bind(t.working_day.to_string())
    .bind(&t.act.kind)
    .bind(&t.act.number)
    .bind(&t.act.dated)
    .bind(&t.source)
    .bind(staff)
    .bind(now.to_rfc3339())
    .fetch_optional(&mut *tx)
    .await
    .context("cannot enter the transfer")?;
    // A day moved already (by this key or the condition): not moved again.
    let row = row.ok_or(Error::BadInput(TRANSFER_EXISTS.text()))?;
    let id: i64 = row.try_get("id").context("id")?;
    let entry = audit::Entry {
        actor,
        action: "add_transfer".into(),
        entity: "calendar",
        entity_id: id,
        before: None,
        after: Some(format!(
            "day off {}, working day {}: {}",
            t.day_off,
            t.working_day,
            t.act.en()
        )),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the transfer")?;
    changed(store, actor, now).await
}

/// Removes an entry made by mistake (audited); the compiled data is not removed.
pub async fn remove(store: &Store, id: i64, actor: Actor, now: DateTime<Utc>) -> Result<()> {
    may(actor)?;
    // A year the release does not know stands on its Kurban Ait: not removed while the year's
    // transfers, or a later year, stand on it.
    let entry = rows(store).await?;
    if let Some(kurban) = entry.iter().find(|e| e.id == id && e.kurban_ait) {
        let leans = entry.iter().any(|e| {
            (e.year == kurban.year && !e.kurban_ait) || (e.year > kurban.year && e.kurban_ait)
        });
        if calendar::compiled(kurban.year).is_none() && leans {
            return Err(Error::BadInput(
                crate::model::messages::CALENDAR_IN_USE.text(),
            ));
        }
    }
    let mut tx = begin(store).await?;
    let row = sqlx::query(
        "DELETE FROM calendar_facts WHERE id = $1 RETURNING kind, day, working_day, source",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await
    .context("cannot remove the calendar entry")?
    .ok_or(Error::NotFound)?;
    let before = format!(
        "{} {}{}: {}",
        row.try_get::<String, _>("kind").context("kind")?,
        row.try_get::<String, _>("day").context("day")?,
        row.try_get::<Option<String>, _>("working_day")
            .context("working day")?
            .map(|w| format!(" / {w}"))
            .unwrap_or_default(),
        row.try_get::<String, _>("source").context("source")?,
    );
    let entry = audit::Entry {
        actor,
        action: "remove_calendar_entry".into(),
        entity: "calendar",
        entity_id: id,
        before: Some(before),
        after: None,
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the removal")?;
    changed(store, actor, now).await
}

fn staff_id(actor: Actor) -> i64 {
    match actor {
        Actor::Staff { id, .. } => id,
        Actor::Applicant => unreachable!("`may` lets staff only"),
    }
}

/// The administrator's page for `year`: its facts (compiled and entered) and the days in
/// force.
pub async fn view(store: &Store, year: i32) -> anyhow::Result<CalendarView> {
    let entered = rows(store).await?;
    let (compiled_kurban, compiled_transfers) = calendar::compiled(year).unzip();
    let compiled = |day, working_day, source: Text| CalendarFact {
        id: None,
        day,
        working_day,
        source,
    };
    let mut kurban_ait: Vec<CalendarFact> = compiled_kurban
        .map(|d| compiled(d, None, Text::new("", "")))
        .into_iter()
        .collect();
    let mut transfers: Vec<CalendarFact> = compiled_transfers
        .unwrap_or_default()
        .into_iter()
        .map(|t| compiled(t.day_off, Some(t.working_day), t.act.text()))
        .collect();
    for r in entered.into_iter().filter(|r| r.year == year) {
        let source = match &r.act {
            Some(act) => {
                let act = act.text();
                let note = |a: String| {
                    if r.source.is_empty() {
                        a
                    } else {
                        format!("{a}; {}", r.source)
                    }
                };
                Text::new(note(act.kk), note(act.ru))
            }
            None => Text::new(r.source.clone(), r.source.clone()),
        };
        let fact = CalendarFact {
            id: Some(r.id),
            day: r.day,
            working_day: r.working_day,
            source,
        };
        if r.kurban_ait {
            kurban_ait.push(fact);
        } else {
            transfers.push(fact);
        }
    }
    let range = calendar::supported_range();
    let days = NaiveDate::from_ymd_opt(year, 1, 1)
        .context("a year of the calendar")?
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter_map(|d| {
            let kind = calendar::day_kind(d);
            kind.reason_en()?;
            Some(SpecialDay {
                date: d,
                working: kind.is_working(),
                why: kind.describe(),
            })
        })
        .collect();
    Ok(CalendarView {
        year,
        known: (range.start().year(), range.end().year()),
        kurban_ait,
        transfers,
        days,
    })
}
