//! The protocol of a reception and the control of its instructions (clauses 25, 34-37):
//! instructions given with their executor and deadline (the first puts the request under
//! control), each reported done, and the final reasoned answer that takes the request off
//! control and is sent to the applicant. Every step is audited in its own transaction.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::audit::{self, Actor};
use super::notices::Notice;
use super::repository::{begin, parse_date};
use super::store::Store;
use super::workflow::{announce, row_by_id, tell, transition, Shown};
use super::{Error, Result};
use crate::model::{
    card::Instruction,
    staff::{ControlItem, ControlList},
};
use crate::rules::{
    control::{self, NewInstruction},
    deadlines::urgency,
    lifecycle::{Event, Status},
    permissions::{allows, Action},
    time,
};

/// The instructions of request `id`'s protocol, oldest first, with their terms on `today`.
pub async fn of_request(
    store: &Store,
    id: i64,
    today: NaiveDate,
) -> anyhow::Result<Vec<Instruction>> {
    let rows = sqlx::query(
        "SELECT id, executor, content, given_on, due_on, done_on, report FROM instructions \
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await
    .context("cannot read the instructions")?;
    rows.iter()
        .map(|r| {
            let due_on = parse_date(&r.try_get::<String, _>("due_on")?)?;
            let done_on = r
                .try_get::<Option<String>, _>("done_on")?
                .map(|d| parse_date(&d))
                .transpose()?;
            Ok(Instruction {
                id: r.try_get("id")?,
                executor: r.try_get("executor")?,
                content: r.try_get("content")?,
                given_on: parse_date(&r.try_get::<String, _>("given_on")?)?,
                due_on,
                urgency: done_on.is_none().then(|| urgency(due_on, today)),
                done_on,
                report: r.try_get("report")?,
            })
        })
        .collect()
}

/// Every open instruction, the nearest deadline first (clause 34: the department's control
/// list), with how near each is on `today`; at most `limit`.
pub async fn open_list(store: &Store, today: NaiveDate, limit: i64) -> anyhow::Result<ControlList> {
    // Overdue as `rules::deadlines::urgency` says it: a deadline before today.
    let counted = async {
        sqlx::query(
            "SELECT COUNT(*) AS open, \
             COALESCE(SUM(CASE WHEN due_on < $1 THEN 1 ELSE 0 END), 0) AS overdue \
             FROM instructions WHERE done_on IS NULL",
        )
        .bind(today.to_string())
        .fetch_one(store.pool())
        .await
        .context("cannot count the instructions under control")
    };
    let (items, counted) = tokio::try_join!(open_items(store, today, limit), counted)?;
    Ok(ControlList {
        items,
        open: counted.try_get("open")?,
        overdue: counted.try_get("overdue")?,
    })
}

async fn open_items(
    store: &Store,
    today: NaiveDate,
    limit: i64,
) -> anyhow::Result<Vec<ControlItem>> {
    let rows = sqlx::query(
        "SELECT i.id, r.number, i.executor, i.content, i.due_on FROM instructions i \
         JOIN requests r ON r.id = i.request_id WHERE i.done_on IS NULL \
         ORDER BY i.due_on, i.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(store.pool())
    .await
    .context("cannot read the instructions under control")?;
    rows.iter()
        .map(|r| {
            let due_on = parse_date(&r.try_get::<String, _>("due_on")?)?;
            Ok(ControlItem {
                instruction_id: r.try_get("id")?,
                number: r.try_get("number")?,
                executor: r.try_get("executor")?,
                content: r.try_get("content")?,
                due_on,
                urgency: urgency(due_on, today),
            })
        })
        .collect()
}

/// The final answer that took request `id` off control, if any.
pub async fn final_answer_of(store: &Store, id: i64) -> anyhow::Result<Option<String>> {
    sqlx::query("SELECT final_answer FROM requests WHERE id = $1")
        .bind(id)
        .fetch_one(store.pool())
        .await
        .context("cannot read the final answer")?
        .try_get("final_answer")
        .map_err(Into::into)
}

/// Gives an instruction of the protocol of request `id` (clause 25): the first puts the
/// received request under control (34). Refused when the executor resolved a request of the
/// same applicant before (37).
pub async fn give(
    store: &Store,
    id: i64,
    shown: Shown,
    given: &NewInstruction,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let key = control::executor_key(&given.executor);
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    let mut tx = begin(store).await?;
    let detail = format!("{} → {}", given.executor, given.due_on);
    // The role, the lifecycle and the card's version first (the write comes first, too);
    // then clause 37, whose refusal rolls the step back.
    let event = Event::RecordProtocol;
    let to = transition(&mut tx, id, from, event, actor, Some(&detail), now).await?;
    if let Some(earlier) = resolved_by(&mut tx, id, &key).await? {
        return Err(Error::BadInput(control::resolved_before(&earlier)));
    }
    sqlx::query(
        "INSERT INTO instructions (request_id, executor, executor_key, content, given_on, due_on) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&given.executor)
    .bind(&key)
    .bind(&given.content)
    .bind(time::to_local(now).date().to_string())
    .bind(given.due_on.to_string())
    .execute(&mut *tx)
    .await
    .context("cannot record the instruction")?;
    tx.commit().await.context("cannot commit the instruction")?;
    announce(store, &r, to).await;
    Ok(to)
}

/// The number of an earlier request of the same applicant (same IIN, or same BIN) on the
/// same question (the same topic, or the request this one repeats: 16.2) that the executor
/// `key` resolved: an instruction of it that they reported done (clause 37).
async fn resolved_by(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    key: &str,
) -> anyhow::Result<Option<String>> {
    let row = sqlx::query(
        "SELECT e.number FROM requests r \
         JOIN requests e ON e.id <> r.id \
          AND (e.iin = r.iin OR (r.bin IS NOT NULL AND e.bin = r.bin)) \
          AND (e.topic_id = r.topic_id OR e.number = r.repeat_of) \
         JOIN instructions i ON i.request_id = e.id \
         WHERE r.id = $1 AND i.executor_key = $2 AND i.done_on IS NOT NULL \
         ORDER BY e.id LIMIT 1",
    )
    .bind(id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await
    .context("cannot read the executors of the applicant's earlier requests")?;
    row.map(|r| r.try_get("number"))
        .transpose()
        .map_err(Into::into)
}

/// Records that instruction `instruction_id` of request `request_id` was done, with the
/// executor's report (clause 34: the department controls). Recorded once.
pub async fn report(
    store: &Store,
    request_id: i64,
    instruction_id: i64,
    report: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let allowed = match actor {
        Actor::Staff { role, .. } => allows(role, Action::Lifecycle(Event::FinalAnswer)),
        Actor::Applicant => false,
    };
    if !allowed {
        return Err(Error::Forbidden);
    }
    let report = control::check_text(report, control::NO_REPORT).map_err(Error::BadInput)?;
    let today = time::to_local(now).date().to_string();
    let mut tx = begin(store).await?;
    let changed = sqlx::query(
        "UPDATE instructions SET done_on = $1, report = $2 \
         WHERE id = $3 AND request_id = $4 AND done_on IS NULL \
         AND EXISTS (SELECT 1 FROM requests WHERE id = $4 AND status = 'under_control')",
    )
    .bind(&today)
    .bind(&report)
    .bind(instruction_id)
    .bind(request_id)
    .execute(&mut *tx)
    .await
    .context("cannot record the instruction's execution")?
    .rows_affected();
    if changed == 0 {
        // Someone reported it first (the card names who), or there is no such instruction.
        let exists = sqlx::query("SELECT id FROM instructions WHERE id = $1 AND request_id = $2")
            .bind(instruction_id)
            .bind(request_id)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the instruction")?
            .is_some();
        return Err(if exists {
            Error::Conflict
        } else {
            Error::NotFound
        });
    }
    let entry = audit::Entry {
        actor,
        action: "instruction_done".into(),
        entity: "request",
        entity_id: request_id,
        before: None,
        after: Some(format!("{instruction_id}: {today}")),
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await.context("cannot commit the report")?;
    Ok(())
}

/// Takes request `id` off control by the final reasoned answer (clause 35), once every
/// instruction of its protocol is done (34); the answer is kept and sent to the applicant.
pub async fn final_answer(
    store: &Store,
    id: i64,
    shown: Shown,
    answer: &str,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Status> {
    let answer = control::check_text(answer, control::NO_ANSWER).map_err(Error::BadInput)?;
    let r = row_by_id(store.pool(), id).await?;
    let from = shown.start(r.status);
    let mut tx = begin(store).await?;
    // The status first (it takes the write lock), then the count: an instruction given
    // meanwhile has committed by then and is counted.
    let to = transition(&mut tx, id, from, Event::FinalAnswer, actor, None, now).await?;
    let open: i64 = sqlx::query(
        "SELECT COUNT(*) AS open FROM instructions WHERE request_id = $1 AND done_on IS NULL",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await
    .context("cannot count the open instructions")?
    .try_get("open")
    .context("cannot count the open instructions")?;
    control::may_close(open as usize).map_err(Error::BadInput)?;
    sqlx::query("UPDATE requests SET final_answer = $1 WHERE id = $2")
        .bind(&answer)
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("cannot keep the final answer")?;
    let notice = Notice::FinalAnswer {
        number: r.coupon.number.clone(),
        answer,
    };
    tell(&mut tx, store, &r, &notice, now).await?;
    tx.commit()
        .await
        .context("cannot commit the final answer")?;
    announce(store, &r, to).await;
    Ok(to)
}

/// The earliest deadline of an open instruction of each request numbered in `numbers` (the
/// inbox's next term for requests under control: clause 25).
pub async fn earliest_open(
    store: &Store,
    numbers: &[String],
) -> anyhow::Result<std::collections::HashMap<String, NaiveDate>> {
    if numbers.is_empty() {
        return Ok(Default::default());
    }
    let marks: Vec<String> = (1..=numbers.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT r.number, MIN(i.due_on) AS due FROM instructions i \
         JOIN requests r ON r.id = i.request_id \
         WHERE i.done_on IS NULL AND r.number IN ({}) GROUP BY r.number",
        marks.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for n in numbers {
        query = query.bind(n);
    }
    query
        .fetch_all(store.pool())
        .await
        .context("cannot read the deadlines of the instructions")?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("number")?,
                parse_date(&r.try_get::<String, _>("due")?)?,
            ))
        })
        .collect()
}
