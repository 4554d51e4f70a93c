//! The clerks' inbox: every request of every channel, filtered, searched, paged, each with
//! its next legal term coloured by how near it is. Personal data stays masked here: the
//! list shows surname and initials and the last four digits of the IIN.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;
use sqlx::Row;

use super::repository::{full, parse_date, parse_minute, registered_on};
use super::store::{Engine, Store};
use super::{Error, Result};
use crate::model::inbox::{InboxPage, InboxQuery, InboxRow, PAGE_SIZE};
use crate::model::messages::BAD_FILTER;
use crate::rules::{
    application::surname_key,
    channel::Channel,
    deadlines::{next_term, urgency},
    eligibility,
    lang::Text,
    lifecycle::Status,
};

/// The statuses whose answer (clause 31 or 32) is still owed: the "overdue" filter and the
/// deadline order look at their `answer_due`.
const AWAITING_ANSWER: [Status; 4] = [
    Status::Registered,
    Status::UnderReview,
    Status::Proposed,
    Status::Approved,
];

/// [`AWAITING_ANSWER`] as an SQL list: `'registered', 'under_review', …`.
pub(super) fn awaiting_answer_sql() -> String {
    AWAITING_ANSWER
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Under control, a request's term as SQL: its earliest open instruction's deadline (25),
/// or last of all when every instruction is done.
fn instruction_term_sql() -> &'static str {
    "COALESCE((SELECT MIN(i.due_on) FROM instructions i \
     WHERE i.request_id = r.id AND i.done_on IS NULL), '9999-12-31')"
}

enum Search {
    Number(String),
    Iin(String),
    Surname(String),
}

/// The inbox query, checked: a value outside what the form offers is refused, not ignored.
struct Filter {
    status: Option<Status>,
    official: Option<i64>,
    channel: Option<Channel>,
    out_of_turn: bool,
    overdue: bool,
    search: Option<Search>,
    by_deadline: bool,
    page: u32,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn parse(q: &InboxQuery) -> Result<Filter> {
    let bad = || Error::BadInput(BAD_FILTER.text());
    let status = given(&q.status)
        .map(|s| Status::from_code(s).ok_or_else(bad))
        .transpose()?;
    let official = given(&q.official)
        .map(|s| s.parse::<i64>().map_err(|_| bad()))
        .transpose()?;
    let channel = given(&q.channel)
        .map(|s| Channel::from_code(s).ok_or_else(bad))
        .transpose()?;
    let page = given(&q.page)
        .map(|s| {
            s.parse::<u32>()
                .ok()
                .filter(|p| (1..=100_000).contains(p))
                .ok_or_else(bad)
        })
        .transpose()?
        .unwrap_or(1);
    let search = match given(&q.q) {
        None => None,
        Some(s) if s.chars().count() > 64 => return Err(bad()),
        Some(s) if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(Search::Iin(s.to_owned()))
        }
        Some(s) if s.bytes().any(|b| b.is_ascii_digit()) => Some(Search::Number(s.to_uppercase())),
        Some(s) => {
            // The beginning of a surname, folded as the stored `surname_key` is: any case,
            // «ё» or «е».
            let letters: String = s
                .chars()
                .filter(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | ' '))
                .collect();
            let key = surname_key(&letters);
            if key.is_empty() {
                return Err(bad());
            }
            Some(Search::Surname(key))
        }
    };
    Ok(Filter {
        status,
        official,
        channel,
        out_of_turn: given(&q.out_of_turn).is_some(),
        overdue: given(&q.overdue).is_some(),
        search,
        by_deadline: given(&q.order) == Some("deadline"),
        page,
    })
}

/// The `WHERE` clause of a filter and its values, numbered from `$1`.
fn conditions(f: &Filter, today: NaiveDate, engine: Engine) -> (String, Vec<String>) {
    let mut sql = Vec::new();
    let mut values = Vec::new();
    let bind = |values: &mut Vec<String>, v: String| {
        values.push(v);
        format!("${}", values.len())
    };
    if let Some(s) = f.status {
        sql.push(format!("r.status = {}", bind(&mut values, s.code().into())));
    }
    if let Some(o) = f.official {
        sql.push(format!(
            "r.official_id = CAST({} AS INTEGER)",
            bind(&mut values, o.to_string())
        ));
    }
    if let Some(c) = f.channel {
        sql.push(format!(
            "r.channel = {}",
            bind(&mut values, c.code().into())
        ));
    }
    if f.out_of_turn {
        sql.push("r.out_of_turn IS NOT NULL".into());
    }
    if f.overdue {
        // Past the answer's term (31, 32), or under control with an instruction past its
        // deadline (25, 34): each half found by its own index (an `OR` of the two would read
        // every request), so that a few overdue among many cost little.
        let today = bind(&mut values, today.to_string());
        sql.push(format!(
            "r.id IN (SELECT a.id FROM requests a WHERE a.status IN ({}) \
             AND a.answer_due < {today} UNION ALL SELECT i.request_id FROM instructions i \
             JOIN requests c ON c.id = i.request_id WHERE i.done_on IS NULL \
             AND i.due_on < {today} AND c.status = '{}')",
            awaiting_answer_sql(),
            Status::UnderControl.code()
        ));
    }
    match &f.search {
        Some(Search::Number(n)) => sql.push(format!("r.number = {}", bind(&mut values, n.clone()))),
        Some(Search::Iin(i)) => sql.push(format!("r.iin = {}", bind(&mut values, i.clone()))),
        // The start of a surname as a range of the folded column, so that its index serves:
        // compared byte by byte (PostgreSQL's "C" collation, SQLite's own), every key that
        // starts with `s` lies between `s` and `s` followed by the last code point.
        Some(Search::Surname(s)) => {
            let c = match engine {
                Engine::Sqlite => "",
                Engine::Postgres => " COLLATE \"C\"",
            };
            let from = bind(&mut values, s.clone());
            let to = bind(&mut values, format!("{s}{}", char::MAX));
            sql.push(format!(
                "r.surname_key{c} >= {from} AND r.surname_key{c} < {to}"
            ))
        }
        None => {}
    }
    let clause = if sql.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", sql.join(" AND "))
    };
    (clause, values)
}

/// The page's `SELECT` for the filter `f` with its values, and the filter's `WHERE` clause.
fn select_sql(f: &Filter, today: NaiveDate, engine: Engine) -> (String, Vec<String>, String) {
    let (clause, values) = conditions(f, today, engine);
    let order = match (f.by_deadline, f.status) {
        // Under control: by the nearest open instruction's deadline.
        (true, Some(Status::UnderControl)) => format!("{}, r.id", instruction_term_sql()),
        // Another status: its rows in term order straight from `requests_by_status_term`.
        (true, Some(_)) => "r.answer_due, r.id".to_owned(),
        // Requests with a term still running first — an answer owed, or an instruction under
        // control — nearest term first; then the rest.
        (true, None) => format!(
            "CASE WHEN r.status IN ({}, '{uc}') THEN 0 ELSE 1 END, \
             CASE WHEN r.status = '{uc}' THEN {} ELSE r.answer_due END, r.id",
            awaiting_answer_sql(),
            instruction_term_sql(),
            uc = Status::UnderControl.code(),
        ),
        (false, _) => "r.id DESC".to_owned(),
    };
    // The officials' names come from the list kept with the counts, not from a join: the
    // columns are read by position (`row`), in this order.
    let sql = format!(
        "SELECT r.number, r.channel, r.received_local, r.registered_local, r.surname, r.name, \
         r.patronymic, r.iin, r.topic_id, r.out_of_turn, r.repeat_of, r.status, r.answer_due, \
         d.day AS reception_day, r.official_id \
         FROM requests r LEFT JOIN reception_days d ON d.id = r.reception_day_id{clause} \
         ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {}",
        u64::from(f.page - 1) * u64::from(PAGE_SIZE)
    );
    (sql, values, clause)
}

/// The `SELECT` of the inbox's page for `query` and its values, as `page` runs it (for the
/// benchmark, which measures it alone).
pub fn page_select(
    query: &InboxQuery,
    today: NaiveDate,
    engine: Engine,
) -> Result<(String, Vec<String>)> {
    let (sql, values, _) = select_sql(&parse(query)?, today, engine);
    Ok((sql, values))
}

/// The inbox's page for `query` on `today` (local date).
pub async fn page(store: &Store, query: &InboxQuery, today: NaiveDate) -> Result<InboxPage> {
    let f = parse(query)?;
    if matches!(f.search, Some(Search::Surname(_))) {
        store.fold_surnames().await?;
    }
    let (sql, values, clause) = select_sql(&f, today, store.engine());
    let mut select = sqlx::query(&sql);
    for v in &values {
        select = select.bind(v.clone());
    }
    let rows = async {
        select
            .fetch_all(store.pool())
            .await
            .context("cannot read the inbox")
    };
    // A search is never kept (nor the IIN it names); a filter's counts are, until the next
    // change this instance hears of.
    let key = f
        .search
        .is_none()
        .then(|| format!("{clause}\u{1f}{}", values.join("\u{1f}")));
    let heard = store.events().heard();
    let kept = key
        .as_ref()
        .and_then(|k| store.inbox_counts().get(k, heard));
    let (rows, counted) = match kept {
        Some(kept) => (rows.await?, kept),
        None => {
            let (rows, total, counts, (officials, names)) = tokio::try_join!(
                rows,
                total(store, &clause, &values),
                counts(store),
                officials(store)
            )?;
            let counted = Arc::new(Counted {
                total,
                counts,
                officials,
                names,
            });
            if let Some(key) = key {
                store.inbox_counts().put(key, heard, counted.clone());
            }
            (rows, counted)
        }
    };
    // An official added within the second may be missing from the names kept: read afresh.
    let missing = |names: &HashMap<i64, Text>| {
        rows.iter().any(|r| {
            r.try_get::<i64, _>(14)
                .is_ok_and(|id| !names.contains_key(&id))
        })
    };
    let fresh;
    let names = if missing(&counted.names) {
        fresh = officials(store).await?.1;
        &fresh
    } else {
        &counted.names
    };
    let mut rows = rows
        .iter()
        .map(|r| row(r, names, today))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Under control, the next term is the earliest open instruction's deadline (25): read
    // for the page's rows only, and only when it has such rows.
    let controlled: Vec<String> = rows
        .iter()
        .filter(|r| r.status == Status::UnderControl)
        .map(|r| r.number.clone())
        .collect();
    let due = super::control::earliest_open(store, &controlled).await?;
    for r in rows.iter_mut().filter(|r| r.term.is_none()) {
        if let Some(due) = due.get(&r.number) {
            r.term = Some((*due, "25".to_owned(), urgency(*due, today)));
        }
    }
    Ok(InboxPage {
        rows,
        total: counted.total,
        counts: counted.counts.clone(),
        page: f.page,
        officials: counted.officials.clone(),
    })
}

/// How many requests the filter `clause` (with `values`) finds.
async fn total(store: &Store, clause: &str, values: &[String]) -> anyhow::Result<i64> {
    let sql = format!("SELECT COUNT(*) AS n FROM requests r{clause}");
    let mut count = sqlx::query(&sql);
    for v in values {
        count = count.bind(v.clone());
    }
    count
        .fetch_one(store.pool())
        .await
        .context("cannot count the inbox")?
        .try_get("n")
        .context("count")
}

/// What a filter counted (its total, and the requests per status), the officials its form
/// offers, and every official's name, a former one's too (kept with the counts: a new or
/// renamed official reaches the inbox within the second).
pub struct Counted {
    total: i64,
    counts: Vec<(Status, i64)>,
    officials: Vec<(i64, Text)>,
    names: HashMap<i64, Text>,
}

/// The inbox's counts kept by an instance (`kept::Kept`): counting 100,000 rows per status
/// on every page is most of a page's work, and the counts change only with a status change or
/// a new request, each of which announces a live event. Kept for a second at most, for at most
/// 256 filters.
pub type KeptCounts = super::kept::Kept<Arc<Counted>>;

/// The inbox's counts kept by a new instance.
pub(super) fn kept_counts() -> KeptCounts {
    KeptCounts::new(std::time::Duration::from_secs(1), 256)
}

/// One row of the page's `SELECT`, its columns read by position (as `page` lists them).
fn row(
    r: &sqlx::any::AnyRow,
    names: &HashMap<i64, Text>,
    today: NaiveDate,
) -> anyhow::Result<InboxRow> {
    let status: String = r.try_get(11)?;
    let status = Status::from_code(&status).with_context(|| format!("unknown status {status}"))?;
    let channel: String = r.try_get(1)?;
    let channel =
        Channel::from_code(&channel).with_context(|| format!("unknown channel {channel}"))?;
    let received_local: String = r.try_get(2)?;
    let received = parse_minute(&received_local)?;
    let registered = registered_on(received, r.try_get(3)?)?;
    let answer_by = parse_date(&r.try_get::<String, _>(12)?)?;
    let reception = r
        .try_get::<Option<String>, _>(13)?
        .map(|d| parse_date(&d))
        .transpose()?;
    let term = next_term(status, registered, answer_by, reception, today)
        .map(|t| (t.due, t.clause.to_owned(), urgency(t.due, today)));
    let topic_id: String = r.try_get(8)?;
    let topic = eligibility::topic(&topic_id)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| Text::new(topic_id.clone(), topic_id));
    // Surname and initials: "Сәрсенов Е.Б.".
    let mut applicant: String = r.try_get(4)?;
    applicant.push(' ');
    let name: String = r.try_get(5)?;
    let patronymic: Option<String> = r.try_get(6)?;
    for part in [Some(name), patronymic].into_iter().flatten() {
        if let Some(c) = part.chars().next() {
            applicant.push(c);
            applicant.push('.');
        }
    }
    let official_id: i64 = r.try_get(14)?;
    Ok(InboxRow {
        number: r.try_get(0)?,
        channel,
        // Stored as shown, `YYYY-MM-DD HH:MM` (`parse_minute` checked it).
        received: received_local,
        applicant,
        identity_masked: mask(&r.try_get::<String, _>(7)?),
        official: names
            .get(&official_id)
            .cloned()
            .with_context(|| format!("unknown official {official_id}"))?,
        topic,
        out_of_turn: r.try_get::<Option<String>, _>(9)?.is_some(),
        likely_repeat: r.try_get::<Option<String>, _>(10)?.is_some(),
        status,
        term,
    })
}

/// An IIN or a document number with all but its last four characters hidden.
pub fn mask(identity: &str) -> String {
    let hidden = identity.chars().count().saturating_sub(4);
    let mut masked = String::with_capacity(identity.len() + 2 * hidden);
    for (i, c) in identity.chars().enumerate() {
        masked.push(if i < hidden { '•' } else { c });
    }
    masked
}

async fn counts(store: &Store) -> anyhow::Result<Vec<(Status, i64)>> {
    let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM requests GROUP BY status")
        .fetch_all(store.pool())
        .await
        .context("cannot count the requests per status")?;
    let mut counts = Vec::new();
    for r in rows {
        let code: String = r.try_get("status")?;
        if let Some(s) = Status::from_code(&code) {
            counts.push((s, r.try_get::<i64, _>("n")?));
        }
    }
    counts.sort_by_key(|(s, _)| Status::ALL.iter().position(|x| x == s));
    Ok(counts)
}

/// The officials the filter offers (the active ones, in their order), and every official's
/// name by id: a request keeps the official it was made to after they stop receiving.
async fn officials(store: &Store) -> anyhow::Result<(Vec<(i64, Text)>, HashMap<i64, Text>)> {
    let active = store
        .officials()
        .await?
        .into_iter()
        .map(|o| (o.id, Text::new(o.name_kk.full(), o.name_ru.full())))
        .collect();
    let names = sqlx::query(
        "SELECT id, surname_kk, name_kk, patronymic_kk, surname_ru, name_ru, patronymic_ru \
         FROM officials",
    )
    .fetch_all(store.pool())
    .await
    .context("cannot read the officials' names")?
    .iter()
    .map(|r| {
        let name = Text::new(
            full(r.try_get(1)?, r.try_get(2)?, r.try_get(3)?),
            full(r.try_get(4)?, r.try_get(5)?, r.try_get(6)?),
        );
        Ok((r.try_get(0)?, name))
    })
    .collect::<anyhow::Result<_>>()?;
    Ok((active, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_keeps_only_its_last_four_characters() {
        assert_eq!(mask("850101300123"), "••••••••0123");
        assert_eq!(mask("N123"), "N123");
    }

    #[test]
    fn a_filter_outside_the_form_is_refused() {
        let bad = |q: InboxQuery| matches!(parse(&q), Err(Error::BadInput(_)));
        assert!(bad(InboxQuery {
            status: Some("lost".into()),
            ..Default::default()
        }));
        assert!(bad(InboxQuery {
            channel: Some("fax".into()),
            ..Default::default()
        }));
        assert!(bad(InboxQuery {
            page: Some("0".into()),
            ..Default::default()
        }));
        assert!(bad(InboxQuery {
            q: Some("%%".into()),
            ..Default::default()
        }));
        assert!(bad(InboxQuery {
            q: Some("а".repeat(65)),
            ..Default::default()
        }));
    }

    #[test]
    fn a_search_is_a_number_a_full_iin_or_the_start_of_a_surname() {
        let search = |s: &str| {
            parse(&InboxQuery {
                q: Some(s.into()),
                ..Default::default()
            })
            .unwrap()
            .search
        };
        assert!(matches!(search("850101300123"), Some(Search::Iin(i)) if i == "850101300123"));
        assert!(
            matches!(search("krg-2026-000001"), Some(Search::Number(n)) if n == "KRG-2026-000001")
        );
        assert!(matches!(search("  сЕРІК%"), Some(Search::Surname(s)) if s == "серік"));
        assert!(matches!(search("Ёлкин"), Some(Search::Surname(s)) if s == "елкин"));
    }
}
