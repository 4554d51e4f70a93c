//! The store: one API over two engines. SQLite (one file, WAL) is the embedded default;
//! PostgreSQL serves deployments with several instances on one database.
//!
//! Both engines are reached through sqlx's `Any` driver, so every query is written once,
//! with `$n` placeholders that both engines accept, and dates kept as ISO text.

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::{bail, Context};
use chrono::{NaiveDate, NaiveTime};
use sqlx::{
    any::{AnyPoolOptions, AnyRow},
    AnyPool, Executor, Row,
};

use crate::model::{Official, PersonName, ReceptionDay};
use crate::rules::lang::Text;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> anyhow::Result<Engine> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            bail!("unsupported database URL (expected sqlite://… or postgres://…): {url}")
        }
    }
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// The notices written in the same transactions as the changes they announce.
    letters: std::sync::Arc<super::notices::Letters>,
    /// The live events of the staff screens.
    events: super::events::Bus,
    /// The inbox's counts, kept until the next live event (`inbox::KeptCounts`).
    inbox_counts: super::inbox::KeptCounts,
    /// The staff sessions read, kept until the next live event (`staff::KeptSessions`).
    sessions: super::staff::KeptSessions,
}

/// An official as the demo loader or an operator adds one.
#[derive(Clone, Debug)]
pub struct NewOfficial {
    pub role: crate::rules::duties::OfficialRole,
    pub name_kk: PersonName,
    pub name_ru: PersonName,
    pub position: Text,
    pub sort_order: i64,
}

/// A reception day as it is planned.
#[derive(Clone, Debug)]
pub struct NewReceptionDay {
    pub official_id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub place: Text,
}

impl Store {
    /// Opens the database named by `url`, creating an SQLite file (and its folder) when
    /// missing, and applies the engine's migrations.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = Engine::of_url(url)?;
        let url = match engine {
            Engine::Sqlite => prepare_sqlite_url(url)?,
            Engine::Postgres => url.to_owned(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(match engine {
                Engine::Sqlite => 8,
                Engine::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // A connection whose transaction did not end cleanly (SQLite refused a COMMIT on a
            // full disk and may have rolled back by itself; the driver's rollback then failed
            // too) is closed, never handed to the next writer: it would hold the write lock, or
            // nest the next transaction in a savepoint of the broken one, whose acknowledged
            // rows a later rollback would take away. The crash and full-disk drills found it.
            .after_release(|conn, _meta| {
                Box::pin(async move {
                    use sqlx::Connection;
                    if !conn.is_in_transaction() {
                        return Ok(true);
                    }
                    // A transaction dropped after a refusal queues its rollback: a round trip
                    // lets it run, and only a connection still in a transaction is closed.
                    conn.ping().await?;
                    Ok(!conn.is_in_transaction())
                })
            })
            // A pinged SQLite connection is a round trip to its worker thread on every
            // acquire, for a file that cannot hang up; a server across a network can.
            .test_before_acquire(engine == Engine::Postgres);
        let options = match engine {
            Engine::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers work while one writer commits; foreign keys are off by
                    // default in SQLite; the busy timeout makes writers queue instead of failing.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Engine::Postgres => options,
        };
        let pool = options
            .connect(&url)
            .await
            .with_context(|| format!("cannot open the database {}", redact(&url)))?;
        let letters = super::notices::Letters::new(super::config::Config::default().akimat.name());
        let events = super::events::Bus::start(engine, &url, &pool).await?;
        let store = Store {
            pool,
            engine,
            letters: std::sync::Arc::new(letters),
            events,
            inbox_counts: super::inbox::kept_counts(),
            sessions: super::staff::kept_sessions(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// The same database, with notices signed by the akimat named `akimat`.
    pub fn with_akimat(self, akimat: Text) -> Store {
        Store {
            letters: std::sync::Arc::new(super::notices::Letters::new(akimat)),
            ..self
        }
    }

    /// The notice texts of this deployment.
    pub fn letters(&self) -> &super::notices::Letters {
        &self.letters
    }

    /// The inbox's counts kept by this instance.
    pub(super) fn inbox_counts(&self) -> &super::inbox::KeptCounts {
        &self.inbox_counts
    }

    /// The staff sessions kept by this instance.
    pub(super) fn sessions(&self) -> &super::staff::KeptSessions {
        &self.sessions
    }

    /// The live events of the staff screens.
    pub fn events(&self) -> &super::events::Bus {
        &self.events
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The pool, for the server's other storage modules (outbox, requests) and for tests.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .context("cannot apply the database migrations")?;
        self.fold_surnames().await
    }

    /// Folds the surnames of requests registered before `surname_key` existed (migration
    /// 0024), a thousand at a time: at start, and before a search by surname (an instance of
    /// an older release may still be writing during an upgrade). Nothing to do otherwise, and
    /// the index finds that at once.
    pub(super) async fn fold_surnames(&self) -> anyhow::Result<()> {
        loop {
            let rows = sqlx::query(
                "SELECT id, surname FROM requests WHERE surname_key IS NULL ORDER BY id LIMIT 1000",
            )
            .fetch_all(&self.pool)
            .await
            .context("cannot read the surnames to fold")?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut tx = self.pool.begin().await.context("no database connection")?;
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let surname: String = row.try_get("surname")?;
                sqlx::query("UPDATE requests SET surname_key = $1 WHERE id = $2")
                    .bind(crate::rules::application::surname_key(&surname))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .context("cannot fold a surname")?;
            }
            tx.commit().await.context("cannot fold the surnames")?;
        }
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("the database does not answer")?;
        Ok(())
    }

    pub async fn close(&self) {
        self.events.stop();
        self.pool.close().await;
    }

    pub async fn count_officials(&self) -> anyhow::Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM officials")
            .fetch_one(&self.pool)
            .await
            .context("cannot count officials")?;
        Ok(row.try_get("n")?)
    }

    pub async fn add_official(&self, o: &NewOfficial) -> anyhow::Result<i64> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("no database connection")?;
        insert_official(&mut conn, o).await
    }

    pub async fn add_reception_day(&self, d: &NewReceptionDay) -> anyhow::Result<i64> {
        let row = sqlx::query(
            "INSERT INTO reception_days (official_id, day, starts, ends, place_kk, place_ru) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(d.official_id)
        .bind(d.date.format("%Y-%m-%d").to_string())
        .bind(d.starts.format("%H:%M").to_string())
        .bind(d.ends.format("%H:%M").to_string())
        .bind(&d.place.kk)
        .bind(&d.place.ru)
        .fetch_one(&self.pool)
        .await
        .context("cannot add a reception day")?;
        Ok(row.try_get("id")?)
    }

    /// Active officials in the order of the published schedule.
    pub async fn officials(&self) -> anyhow::Result<Vec<Official>> {
        let rows = sqlx::query(
            "SELECT id, role, surname_kk, name_kk, patronymic_kk, surname_ru, name_ru, \
             patronymic_ru, position_kk, position_ru FROM officials WHERE active = 1 \
             ORDER BY sort_order, id",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read officials")?;
        rows.iter().map(official_from_row).collect()
    }

    /// Ids of the active officials: who may be asked for a reception (clause 2).
    pub async fn official_ids(&self) -> anyhow::Result<Vec<i64>> {
        let rows = sqlx::query("SELECT id FROM officials WHERE active = 1")
            .fetch_all(&self.pool)
            .await
            .context("cannot read officials")?;
        rows.iter()
            .map(|r| r.try_get("id").context("official id"))
            .collect()
    }

    /// Published reception days with `from <= date <= to`, ordered by date and start time.
    pub async fn reception_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> anyhow::Result<Vec<ReceptionDay>> {
        let rows = sqlx::query(&format!(
            "SELECT id, official_id, day, starts, ends, place_kk, place_ru, cancelled \
             FROM reception_days WHERE day >= $1 AND day <= $2 AND {PUBLISHED} \
             ORDER BY day, starts, id"
        ))
        .bind(from.format("%Y-%m-%d").to_string())
        .bind(to.format("%Y-%m-%d").to_string())
        .fetch_all(&self.pool)
        .await
        .context("cannot read reception days")?;
        rows.iter().map(reception_day_from_row).collect()
    }
}

/// Stores an official; their id.
pub(super) async fn insert_official(
    conn: &mut sqlx::AnyConnection,
    o: &NewOfficial,
) -> anyhow::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO officials (role, surname_kk, name_kk, patronymic_kk, surname_ru, name_ru, \
         patronymic_ru, position_kk, position_ru, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(o.role.code())
    .bind(&o.name_kk.surname)
    .bind(&o.name_kk.name)
    .bind(o.name_kk.patronymic.as_deref())
    .bind(&o.name_ru.surname)
    .bind(&o.name_ru.name)
    .bind(o.name_ru.patronymic.as_deref())
    .bind(&o.position.kk)
    .bind(&o.position.ru)
    .bind(o.sort_order)
    .fetch_one(conn)
    .await
    .context("cannot add an official")?;
    Ok(row.try_get("id")?)
}

/// A condition on a `reception_days` row: on the public schedule, because it was published
/// before month planning existed or its month is approved (clause 7).
pub(crate) const PUBLISHED: &str = "(planned = 0 OR EXISTS (SELECT 1 FROM schedule_months sm \
     WHERE sm.month = substr(reception_days.day, 1, 7)))";

/// `rows` groups of `cols` numbered placeholders, for a multi-row `VALUES`:
/// `($1, $2), ($3, $4)` for 2 rows of 2 columns. Callers keep the prepared statement only for
/// one row (`persistent(rows == 1)`): batches vary in size and would crowd the cache.
pub(crate) fn placeholders(rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * cols * 5);
    for row in 0..rows {
        out.push_str(if row == 0 { "(" } else { ", (" });
        for col in 0..cols {
            if col > 0 {
                out.push_str(", ");
            }
            out.push('$');
            out.push_str(&(row * cols + col + 1).to_string());
        }
        out.push(')');
    }
    out
}

fn official_from_row(row: &AnyRow) -> anyhow::Result<Official> {
    Ok(Official {
        id: row.try_get("id")?,
        role: {
            let code: String = row.try_get("role")?;
            crate::rules::duties::OfficialRole::from_code(&code)
                .with_context(|| format!("unknown role of an official: {code}"))?
        },
        name_kk: PersonName {
            surname: row.try_get("surname_kk")?,
            name: row.try_get("name_kk")?,
            patronymic: row.try_get("patronymic_kk")?,
        },
        name_ru: PersonName {
            surname: row.try_get("surname_ru")?,
            name: row.try_get("name_ru")?,
            patronymic: row.try_get("patronymic_ru")?,
        },
        position: Text::new(
            row.try_get::<String, _>("position_kk")?,
            row.try_get::<String, _>("position_ru")?,
        ),
    })
}

fn reception_day_from_row(row: &AnyRow) -> anyhow::Result<ReceptionDay> {
    let day: String = row.try_get("day")?;
    let starts: String = row.try_get("starts")?;
    let ends: String = row.try_get("ends")?;
    Ok(ReceptionDay {
        id: row.try_get("id")?,
        official_id: row.try_get("official_id")?,
        date: NaiveDate::from_str(&day).with_context(|| format!("bad stored date {day}"))?,
        starts: NaiveTime::parse_from_str(&starts, "%H:%M")
            .with_context(|| format!("bad stored time {starts}"))?,
        ends: NaiveTime::parse_from_str(&ends, "%H:%M")
            .with_context(|| format!("bad stored time {ends}"))?,
        place: Text::new(
            row.try_get::<String, _>("place_kk")?,
            row.try_get::<String, _>("place_ru")?,
        ),
        cancelled: row.try_get::<i64, _>("cancelled")? != 0,
    })
}

/// Makes sure the SQLite file's folder exists and the file is created when missing.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create the folder {}", parent.display()))?;
            }
        }
    }
    let mut query = query.to_owned();
    if !query.split('&').any(|kv| kv.starts_with("mode=")) {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("mode=rwc");
    }
    Ok(format!("sqlite://{path}?{query}"))
}

/// The URL without its password, for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_rows_after_one_another() {
        assert_eq!(placeholders(1, 3), "($1, $2, $3)");
        assert_eq!(placeholders(2, 2), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(3, 1), "($1), ($2), ($3)");
    }
}

#[cfg(test)]
mod migration_tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use crate::rules::{calendar, deadlines};

    /// Every row of the data migration that corrects the 2026 deadlines holds, for the
    /// first and the last minute it covers, the deadlines the rules count now; and the
    /// two engines run the same statements.
    #[test]
    fn the_2026_constitution_day_migration_matches_the_rules() {
        let sqlite = include_str!("../../migrations/sqlite/0005_constitution_day_2026.sql");
        let postgres = include_str!("../../migrations/postgres/0005_constitution_day_2026.sql");
        assert_eq!(sqlite, postgres);
        let quoted = |line: &str| -> Vec<String> {
            line.split('\'')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        };
        let minute = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let mut ranges = Vec::new();
        for line in sqlite.lines().filter(|l| l.starts_with("UPDATE")) {
            let [registration, answer, from, until] = &quoted(line)[..] else {
                panic!("{line}")
            };
            for at in [minute(from), minute(until) - chrono::Duration::minutes(1)] {
                let registered_on = deadlines::effective_receipt(at).date();
                assert_eq!(
                    deadlines::registration_due(at).to_string(),
                    *registration,
                    "{at}"
                );
                assert_eq!(
                    deadlines::answer_due(registered_on).to_string(),
                    *answer,
                    "{at}"
                );
            }
            ranges.push((minute(from), minute(until)));
        }
        // And every receipt whose deadlines the old calendar (31 August 2026 off) counted
        // otherwise is covered by a row: each half hour of August and September 2026.
        let old_working = |d: NaiveDate| {
            calendar::is_working_day(d) && d != NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()
        };
        let old_next = |mut d: NaiveDate| loop {
            d = d.succ_opt().unwrap();
            if old_working(d) {
                return d;
            }
        };
        let old_deadlines = |at: NaiveDateTime| {
            let closing = chrono::NaiveTime::from_hms_opt(18, 30, 0).unwrap();
            let day = if old_working(at.date()) && at.time() < closing {
                at.date()
            } else {
                old_next(at.date())
            };
            let registration = old_next(old_next(old_next(day)));
            let mut answer = day + chrono::Days::new(15);
            while !old_working(answer) {
                answer = answer.pred_opt().unwrap();
            }
            (registration, answer)
        };
        let mut at = minute("2026-08-01 00:00");
        while at < minute("2026-10-01 00:00") {
            let now = (
                deadlines::registration_due(at),
                deadlines::answer_due(deadlines::effective_receipt(at).date()),
            );
            if now != old_deadlines(at) {
                assert!(
                    ranges
                        .iter()
                        .any(|(from, until)| *from <= at && at < *until),
                    "no row corrects a request received at {at}"
                );
            }
            at += chrono::Duration::minutes(30);
        }
        assert!(ranges.len() >= 18, "{ranges:?}");
    }
}
