//! The published reception schedule (clause 7), assembled from the store.

use anyhow::Context;
use chrono::{Months, NaiveDate};
use sqlx::Row;

use super::AppState;
use crate::model::{MonthSchedule, OfficialSchedule};

/// Every active official with the reception days of `year`-`month`, in schedule order.
/// Officials with no day that month are listed too: the public sees who receives at all.
pub async fn month_schedule(
    state: &AppState,
    year: i32,
    month: u32,
) -> super::Result<MonthSchedule> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| anyhow::anyhow!("no such month {year}-{month}"))?;
    let last = (first + Months::new(1))
        .pred_opt()
        .expect("a day before the next month");
    let officials = state.store.officials().await?;
    let days = state.store.reception_days(first, last).await?;
    // Clause 26: how many were received on each day held before today (counts only).
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    let held: Vec<(i64, i64)> = sqlx::query(
        "SELECT d.id AS day_id, COUNT(r.id) AS n FROM reception_days d \
         LEFT JOIN requests r ON r.reception_day_id = d.id \
         AND r.status IN ('received', 'under_control', 'closed') \
         WHERE d.day >= $1 AND d.day <= $2 AND d.day < $3 AND d.cancelled = 0 \
         GROUP BY d.id",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .bind(today.to_string())
    .fetch_all(state.store.pool())
    .await
    .context("cannot count the receptions held")?
    .iter()
    .map(|r| Ok((r.try_get("day_id")?, r.try_get("n")?)))
    .collect::<anyhow::Result<_>>()?;
    let officials = officials
        .into_iter()
        .map(|official| {
            let days: Vec<_> = days
                .iter()
                .filter(|d| d.official_id == official.id)
                .cloned()
                .collect();
            let held = held
                .iter()
                .filter(|(id, _)| days.iter().any(|d| d.id == *id))
                .copied()
                .collect();
            OfficialSchedule {
                official,
                days,
                held,
            }
        })
        .collect();
    Ok(MonthSchedule {
        year,
        month,
        akimat: state.config.akimat.name(),
        officials,
    })
}
