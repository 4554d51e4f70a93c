//! The reception day: the desk's list of today's applicants (check-in, call, received,
//! no-show; clause 10) and the aides' board made from it. The board carries queue numbers
//! and initials only.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::repository::{begin, full, initial};
use super::store::Store;
use super::{Error, Result};
use crate::model::desk::{BoardOfficial, DeskEntry, OwnApplicant, OwnDay, OwnReceptions};
use crate::model::live::LiveEvent;
use crate::rules::{
    lang::Text,
    lifecycle::{Event, Status},
    permissions::{allows, Action},
    time,
};

/// Today's applicants at every official's reception, by official, then slot, then queue
/// (out of turn first).
pub async fn today(store: &Store, date: NaiveDate) -> anyhow::Result<Vec<DeskEntry>> {
    let rows = sqlx::query(
        "SELECT r.number, r.slot_start, r.surname, r.name, r.patronymic, r.status, r.version, \
         r.called_at, r.out_of_turn, r.out_of_turn_unproven, r.applicant_kind, \
         o.id AS official_id, \
         o.surname_kk, o.name_kk, o.patronymic_kk, o.surname_ru, o.name_ru, o.patronymic_ru \
         FROM requests r JOIN reception_days d ON d.id = r.reception_day_id \
         JOIN officials o ON o.id = d.official_id \
         WHERE d.day = $1 AND d.cancelled = 0 \
         AND r.status IN ('scheduled', 'arrived', 'received', 'no_show') \
         ORDER BY o.sort_order, o.id, r.slot_start, \
         CASE WHEN r.out_of_turn IS NULL OR r.out_of_turn_unproven = 1 THEN 1 ELSE 0 END, r.id",
    )
    .bind(date.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read today's receptions")?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let slot: String = r.try_get("slot_start")?;
            let name: String = r.try_get("name")?;
            let patronymic: Option<String> = r.try_get("patronymic")?;
            Ok(DeskEntry {
                number: r.try_get("number")?,
                official: Text::new(
                    full(
                        r.try_get("surname_kk")?,
                        r.try_get("name_kk")?,
                        r.try_get("patronymic_kk")?,
                    ),
                    full(
                        r.try_get("surname_ru")?,
                        r.try_get("name_ru")?,
                        r.try_get("patronymic_ru")?,
                    ),
                ),
                slot: NaiveTime::parse_from_str(&slot, "%H:%M")
                    .with_context(|| format!("bad slot {slot}"))?,
                applicant: format!(
                    "{} {}{}",
                    r.try_get::<String, _>("surname")?,
                    initial(&name),
                    patronymic.as_deref().map(initial).unwrap_or_default()
                ),
                status: Status::from_code(&status)
                    .with_context(|| format!("unknown status {status}"))?,
                version: r.try_get("version")?,
                called: r.try_get::<Option<String>, _>("called_at")?.is_some(),
                called_at: r
                    .try_get::<Option<String>, _>("called_at")?
                    .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M").ok())
                    .map(|t| t.time()),
                out_of_turn: r.try_get::<Option<String>, _>("out_of_turn")?.is_some(),
                out_of_turn_unproven: r.try_get::<i64, _>("out_of_turn_unproven")? != 0,
                representative: r.try_get::<String, _>("applicant_kind")? == "representative",
            })
        })
        .collect()
}

/// Initials only ("С. Е."): what the wall board may show of a person.
fn initials_of(applicant: &str) -> String {
    applicant
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The aides' board of `date` at local time `now`: per official, who is in, who is next,
/// how many wait, are done or did not come, and how late the reception runs.
pub fn board(entries: &[DeskEntry], now: NaiveTime) -> Vec<BoardOfficial> {
    let mut boards: Vec<BoardOfficial> = Vec::new();
    let mut officials: Vec<&Text> = Vec::new();
    for e in entries {
        if !officials.contains(&&e.official) {
            officials.push(&e.official);
        }
    }
    for official in officials {
        let day: Vec<&DeskEntry> = entries.iter().filter(|e| &e.official == official).collect();
        let numbered = |pred: &dyn Fn(&DeskEntry) -> bool| {
            day.iter()
                .enumerate()
                .find(|(_, e)| pred(e))
                .map(|(i, e)| (i + 1, initials_of(&e.applicant), e.slot))
        };
        let in_now = numbered(&|e| e.status == Status::Arrived && e.called);
        let next = numbered(&|e| e.status == Status::Arrived && !e.called);
        // How late: the one in reception was called this long after their slot; with
        // nobody in, the next one has waited this long past theirs.
        let called_late = day
            .iter()
            .find(|e| e.status == Status::Arrived && e.called)
            .and_then(|e| e.called_at.map(|at| (at - e.slot).num_minutes()));
        let waiting_late = next
            .as_ref()
            .map(|(_, _, slot)| (now - *slot).num_minutes());
        let late_minutes = called_late.or(waiting_late).unwrap_or(0).max(0);
        let call = day
            .iter()
            .find(|e| e.status == Status::Arrived && e.called)
            .map(|e| crate::model::desk::digest(&format!("{} {:?}", e.number, e.called_at)));
        boards.push(BoardOfficial {
            official: official.clone(),
            now: in_now.map(|(n, i, _)| (n, i)),
            call,
            next: next.map(|(n, i, _)| (n, i)),
            waiting: day
                .iter()
                .filter(|e| e.status == Status::Arrived && !e.called)
                .count(),
            done: day.iter().filter(|e| e.status == Status::Received).count(),
            no_shows: day.iter().filter(|e| e.status == Status::NoShow).count(),
            late_minutes,
        });
    }
    boards
}

/// Whether request `id` is a representative's (clause 10: the power of attorney is seen too).
pub async fn is_representative(store: &Store, id: i64) -> Result<bool> {
    let kind: String = sqlx::query("SELECT applicant_kind FROM requests WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the request")?
        .ok_or(Error::NotFound)?
        .try_get("applicant_kind")
        .context("applicant kind")?;
    Ok(kind == "representative")
}

/// The desk calls applicant `number` in (checked in, not yet called); audited; the board
/// hears it at once.
pub async fn call(store: &Store, number: &str, actor: Actor, now: DateTime<Utc>) -> Result<()> {
    match actor {
        Actor::Staff { role, .. } if allows(role, Action::Lifecycle(Event::CheckIn)) => {}
        _ => return Err(Error::Forbidden),
    }
    let mut tx = begin(store).await?;
    let row = sqlx::query(
        "UPDATE requests SET called_at = $1 WHERE number = $2 AND status = 'arrived' \
         AND called_at IS NULL RETURNING id",
    )
    .bind(time::to_local(now).format("%Y-%m-%d %H:%M").to_string())
    .bind(number)
    .fetch_optional(&mut *tx)
    .await
    .context("cannot call the applicant")?
    .ok_or(Error::Conflict)?;
    let id: i64 = row.try_get("id").context("request id")?;
    let entry = audit::Entry {
        actor,
        action: "call".into(),
        entity: "request",
        entity_id: id,
        before: Some("arrived".into()),
        after: Some("called".into()),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the call")?;
    let event = LiveEvent::request(number.to_owned(), Status::Arrived);
    store.events().publish(store.pool(), event).await;
    Ok(())
}

/// How far ahead a receiving official sees their receptions.
const OWN_DAYS_AHEAD: i64 = 62;

/// The coming receptions of the official whose account is `staff_id` (clause 2), from
/// `from` on: each open day and who is booked on it, in slot order. An account not linked to
/// an official sees none.
pub async fn own(store: &Store, staff_id: i64, from: NaiveDate) -> anyhow::Result<OwnReceptions> {
    let linked = sqlx::query(
        "SELECT o.id, o.surname_kk, o.name_kk, o.patronymic_kk, o.surname_ru, o.name_ru, \
         o.patronymic_ru FROM staff s JOIN officials o ON o.id = s.official_id WHERE s.id = $1",
    )
    .bind(staff_id)
    .fetch_optional(store.pool())
    .await
    .context("cannot read the account's official")?;
    let Some(o) = linked else {
        return Ok(OwnReceptions::default());
    };
    let official: i64 = o.try_get("id")?;
    let name = Text::new(
        full(
            o.try_get("surname_kk")?,
            o.try_get("name_kk")?,
            o.try_get("patronymic_kk")?,
        ),
        full(
            o.try_get("surname_ru")?,
            o.try_get("name_ru")?,
            o.try_get("patronymic_ru")?,
        ),
    );
    let until = from + chrono::Duration::days(OWN_DAYS_AHEAD);
    // Published days only (clause 7): a draft of a month not yet approved is not a reception.
    // Applicants of other days are left out below, by day.
    let days = sqlx::query(&format!(
        "SELECT id, day, starts, ends, place_kk, place_ru FROM reception_days \
         WHERE official_id = $1 AND cancelled = 0 AND day >= $2 AND day <= $3 AND {} \
         ORDER BY day, starts",
        super::store::PUBLISHED
    ))
    .bind(official)
    .bind(from.to_string())
    .bind(until.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read the official's days")?;
    let booked = sqlx::query(
        "SELECT r.reception_day_id, r.slot_start, r.number, r.surname, r.name, r.patronymic, \
         r.topic_id, r.essence, r.out_of_turn, r.status FROM requests r \
         JOIN reception_days d ON d.id = r.reception_day_id \
         WHERE d.official_id = $1 AND d.cancelled = 0 AND d.day >= $2 AND d.day <= $3 \
         AND r.status IN ('scheduled', 'arrived', 'received', 'no_show') \
         ORDER BY r.slot_start, r.id",
    )
    .bind(official)
    .bind(from.to_string())
    .bind(until.to_string())
    .fetch_all(store.pool())
    .await
    .context("cannot read the official's applicants")?;
    let time = |s: String| {
        NaiveTime::parse_from_str(&s, "%H:%M").with_context(|| format!("bad stored time {s}"))
    };
    let mut applicants = Vec::with_capacity(booked.len());
    for r in &booked {
        let status: String = r.try_get("status")?;
        let topic: String = r.try_get("topic_id")?;
        applicants.push((
            r.try_get::<i64, _>("reception_day_id")?,
            OwnApplicant {
                slot: time(r.try_get("slot_start")?)?,
                number: r.try_get("number")?,
                applicant: full(
                    r.try_get("surname")?,
                    r.try_get("name")?,
                    r.try_get("patronymic")?,
                ),
                topic: crate::rules::eligibility::topic(&topic)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| Text::new(topic.clone(), topic)),
                essence: r.try_get("essence")?,
                out_of_turn: r.try_get::<Option<String>, _>("out_of_turn")?.is_some(),
                status: Status::from_code(&status)
                    .with_context(|| format!("unknown status {status}"))?,
            },
        ));
    }
    let days = days
        .iter()
        .map(|d| {
            let id: i64 = d.try_get("id")?;
            Ok(OwnDay {
                date: super::repository::parse_date(&d.try_get::<String, _>("day")?)?,
                starts: time(d.try_get("starts")?)?,
                ends: time(d.try_get("ends")?)?,
                place: Text::new(
                    d.try_get::<String, _>("place_kk")?,
                    d.try_get::<String, _>("place_ru")?,
                ),
                applicants: applicants
                    .iter()
                    .filter(|(day, _)| *day == id)
                    .map(|(_, a)| a.clone())
                    .collect(),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(OwnReceptions {
        official: Some(name),
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slot: (u32, u32), status: Status, called: bool) -> DeskEntry {
        DeskEntry {
            number: "KRG-2026-000001".into(),
            official: Text::new("Әкім", "Аким"),
            slot: NaiveTime::from_hms_opt(slot.0, slot.1, 0).unwrap(),
            applicant: "Сәрсенов Е.Б.".into(),
            status,
            version: 0,
            called,
            called_at: called.then(|| NaiveTime::from_hms_opt(slot.0, slot.1 + 10, 0).unwrap()),
            out_of_turn: false,
            out_of_turn_unproven: false,
            representative: false,
        }
    }

    #[test]
    fn the_board_shows_who_is_in_who_is_next_and_how_late_with_initials_only() {
        let day = [
            entry((15, 0), Status::Received, true),
            entry((15, 30), Status::Arrived, true),
            entry((16, 0), Status::Arrived, false),
            entry((16, 30), Status::NoShow, false),
            entry((17, 0), Status::Scheduled, false),
        ];
        let b = &board(&day, NaiveTime::from_hms_opt(15, 50, 0).unwrap())[0];
        assert_eq!(b.now, Some((2, "С. Е.".into())));
        assert_eq!(b.next.as_ref().map(|n| n.0), Some(3));
        // Called 10 minutes after the 15:30 slot.
        assert_eq!(
            (b.waiting, b.done, b.no_shows, b.late_minutes),
            (1, 1, 1, 10)
        );
        // With nobody in, the next one's wait past the slot.
        let waiting = [entry((16, 0), Status::Arrived, false)];
        let b = &board(&waiting, NaiveTime::from_hms_opt(16, 25, 0).unwrap())[0];
        assert_eq!((b.now.clone(), b.late_minutes), (None, 25));
        let shown = format!("{b:?}");
        assert!(
            !shown.contains("Сәрсенов"),
            "no full name on the board: {shown}"
        );
    }
}
