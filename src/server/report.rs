//! The department's quarterly report (clause 40), counted by the database.

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use sqlx::Row;

use super::store::Store;
use crate::model::report::QuarterReport;
use crate::rules::{
    channel::Channel, deadlines::quarterly_report_due, eligibility, lang::Text, lifecycle::Status,
};

/// The first and last day of quarter `quarter` (1-4) of `year`.
pub fn quarter_days(year: i32, quarter: u32) -> Option<(NaiveDate, NaiveDate)> {
    if !(1..=4).contains(&quarter) {
        return None;
    }
    let from = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)?;
    let next = if quarter == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1)?
    };
    Some((from, next.pred_opt()?))
}

/// The report of quarter `quarter` of `year`, its open instructions judged on `today`.
pub async fn quarter(
    store: &Store,
    year: i32,
    quarter: u32,
    today: NaiveDate,
) -> anyhow::Result<Option<QuarterReport>> {
    let (Some((from, to)), Some(due)) = (
        quarter_days(year, quarter),
        quarterly_report_due(year, quarter),
    ) else {
        return Ok(None);
    };
    // Local times are stored as `YYYY-MM-DD HH:MM`: the quarter is a range of text.
    let (start, end) = (
        from.to_string(),
        (to + chrono::Duration::days(1)).to_string(),
    );
    let within = "r.received_local >= $1 AND r.received_local < $2";
    let grouped = |column: &str| {
        format!(
            "SELECT {column} AS k, COUNT(*) AS n FROM requests r WHERE {within} \
             GROUP BY {column} ORDER BY n DESC, k"
        )
    };
    let pairs = |sql: String| {
        let (start, end) = (start.clone(), end.clone());
        async move {
            sqlx::query(&sql)
                .bind(start)
                .bind(end)
                .fetch_all(store.pool())
                .await
                .with_context(|| format!("cannot count the quarter: {sql}"))?
                .iter()
                .map(|r| Ok((r.try_get::<String, _>("k")?, r.try_get::<i64, _>("n")?)))
                .collect::<anyhow::Result<Vec<(String, i64)>>>()
        }
    };
    let by_channel = pairs(grouped("r.channel"))
        .await?
        .into_iter()
        .filter_map(|(c, n)| Channel::from_code(&c).map(|c| (c, n)))
        .collect();
    let by_status: Vec<(Status, i64)> = pairs(grouped("r.status"))
        .await?
        .into_iter()
        .filter_map(|(s, n)| Status::from_code(&s).map(|s| (s, n)))
        .collect();
    let by_topic = pairs(grouped("r.topic_id"))
        .await?
        .into_iter()
        .take(10)
        .map(|(t, n)| {
            let name = eligibility::topic(&t)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| Text::new(t.clone(), t));
            (name, n)
        })
        .collect();
    let refusals = pairs(format!(
        "SELECT r.refusal_clause AS k, COUNT(*) AS n FROM requests r \
         WHERE {within} AND r.status = 'refused' AND r.refusal_clause IS NOT NULL \
         GROUP BY r.refusal_clause ORDER BY k"
    ))
    .await?;
    let by_official = sqlx::query(&format!(
        "SELECT o.surname_kk, o.name_kk, o.patronymic_kk, o.surname_ru, o.name_ru, o.patronymic_ru, \
         COUNT(*) AS n FROM requests r JOIN officials o ON o.id = r.official_id WHERE {within} \
         GROUP BY o.id, o.surname_kk, o.name_kk, o.patronymic_kk, o.surname_ru, o.name_ru, o.patronymic_ru \
         ORDER BY n DESC, o.id"
    ))
    .bind(&start)
    .bind(&end)
    .fetch_all(store.pool())
    .await
    .context("cannot count the quarter by official")?
    .iter()
    .map(|r| {
        let name = |s: &str, n: &str, p: &str| -> anyhow::Result<String> {
            Ok(super::repository::full(
                r.try_get(s)?,
                r.try_get(n)?,
                r.try_get(p)?,
            ))
        };
        Ok((
            Text::new(
                name("surname_kk", "name_kk", "patronymic_kk")?,
                name("surname_ru", "name_ru", "patronymic_ru")?,
            ),
            r.try_get::<i64, _>("n")?,
        ))
    })
    .collect::<anyhow::Result<Vec<_>>>()?;
    let one = |sql: String, binds: Vec<String>| async move {
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_one(store.pool())
            .await
            .with_context(|| format!("cannot count the quarter: {sql}"))?
            .try_get::<i64, _>("n")
            .context("count")
    };
    // Out of turn: every request of a category of clause 13, except those whose proof the
    // desk did not see at check-in — they kept the ordinary turn (10), and are not counted.
    let out_of_turn = one(
        format!(
            "SELECT COUNT(*) AS n FROM requests r WHERE {within} AND r.out_of_turn IS NOT NULL \
             AND r.out_of_turn_unproven = 0"
        ),
        vec![start.clone(), end.clone()],
    )
    .await?;
    let given = "i.given_on >= $1 AND i.given_on <= $2";
    let (first, last) = (from.to_string(), to.to_string());
    let instructions = one(
        format!("SELECT COUNT(*) AS n FROM instructions i WHERE {given}"),
        vec![first.clone(), last.clone()],
    )
    .await?;
    let instructions_done = one(
        format!("SELECT COUNT(*) AS n FROM instructions i WHERE {given} AND i.done_on IS NOT NULL"),
        vec![first.clone(), last.clone()],
    )
    .await?;
    let instructions_overdue = one(
        format!(
            "SELECT COUNT(*) AS n FROM instructions i WHERE {given} AND i.done_on IS NULL \
             AND i.due_on < $3"
        ),
        vec![first, last, today.to_string()],
    )
    .await?;
    let satisfaction = pairs(
        "SELECT outcome AS k, COUNT(*) AS n FROM surveys \
         WHERE surveyed_at >= $1 AND surveyed_at < $2 GROUP BY outcome ORDER BY n DESC, k"
            .to_owned(),
    )
    .await?
    .into_iter()
    .filter_map(|(o, n)| crate::rules::survey::Outcome::from_code(&o).map(|o| (o, n)))
    .collect();
    Ok(Some(QuarterReport {
        year: from.year(),
        quarter,
        from,
        to,
        due,
        received: by_status.iter().map(|(_, n)| n).sum(),
        by_channel,
        by_status,
        by_official,
        by_topic,
        out_of_turn,
        refusals,
        instructions,
        instructions_done,
        instructions_overdue,
        satisfaction,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_runs_from_its_first_day_to_its_last() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(quarter_days(2026, 1), Some((d(2026, 1, 1), d(2026, 3, 31))));
        assert_eq!(quarter_days(2026, 2), Some((d(2026, 4, 1), d(2026, 6, 30))));
        assert_eq!(
            quarter_days(2026, 4),
            Some((d(2026, 10, 1), d(2026, 12, 31)))
        );
        assert_eq!(quarter_days(2026, 0), None);
        assert_eq!(quarter_days(2026, 5), None);
    }
}
