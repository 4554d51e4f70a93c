//! The published reception schedule (clause 7), assembled from the store.

use chrono::{Months, NaiveDate};

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
    let officials = officials
        .into_iter()
        .map(|official| {
            let days = days
                .iter()
                .filter(|d| d.official_id == official.id)
                .cloned()
                .collect();
            OfficialSchedule { official, days }
        })
        .collect();
    Ok(MonthSchedule {
        year,
        month,
        akimat: state.config.akimat.name(),
        officials,
    })
}
