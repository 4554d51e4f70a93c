//! The clerks' inbox under a realistic archive (`make bench`): 100,000 requests stored, the
//! release server asked 200 times in a row for the inbox's first page with a filter and the
//! deadline colouring, as a signed-in clerk, through HTTP; next to the raw `SELECT … LIMIT
//! 50` of the same rows on the same table in the same run. On SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` names a server (a fresh schema is made for the run).

use std::time::{Duration, Instant};

use qabyldau::rules::permissions::StaffRole;
use qabyldau::server::{requests::register_all, store::Store};
use sqlx::Row;

use super::{percentile, registration, template, Server};

const STORED: u64 = 100_000;
const CALLS: usize = 200;
/// Calls made before the measured ones, on both sides alike: each connection of a pool
/// prepares its statements on first use, and a server in service is warm.
const WARM_UP: usize = 10;
/// Rows per registration batch: within both engines' limits of bound values (32 a row).
const BATCH: u64 = 500;

/// The inbox's query: requests still owed an answer, nearest term first.
const QUERY: &str = "query[status]=under_review&query[order]=deadline";

pub struct Figures {
    pub engine: &'static str,
    pub http: (Duration, Duration),
    pub raw: (Duration, Duration),
    /// Where the time between the two goes: the inbox's page built in the process (its
    /// queries and rows, no HTTP, no JSON), and its own `SELECT` alone.
    pub in_process: (Duration, Duration),
    pub own_select: (Duration, Duration),
}

async fn fill(store: &Store, official: i64) {
    let template = template(official);
    let started = Instant::now();
    for first in (0..STORED).step_by(BATCH as usize) {
        let batch: Vec<_> = (first..(first + BATCH).min(STORED))
            .map(|n| {
                let mut r = registration(&template, n);
                r.key = format!("inbox-{n:08}");
                r
            })
            .collect();
        register_all(store, &batch).await.unwrap().unwrap();
    }
    // A third of them under review, spread over the terms.
    sqlx::query("UPDATE requests SET status = 'under_review' WHERE id % 3 = 0")
        .execute(store.pool())
        .await
        .unwrap();
    // What a running deployment's statistics would be after such a load (PostgreSQL's
    // autovacuum does this by itself; SQLite's planner reads `ANALYZE`'s tables).
    let analyze = match store.engine() {
        qabyldau::server::store::Engine::Postgres => "VACUUM ANALYZE requests",
        qabyldau::server::store::Engine::Sqlite => "ANALYZE",
    };
    sqlx::query(analyze).execute(store.pool()).await.unwrap();
    eprintln!(
        "inbox: {STORED} requests stored in {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

/// The p50 and p99 of `CALLS` calls of `call`, after `WARM_UP` unmeasured ones.
async fn measure<F: std::future::Future<Output = ()>>(
    mut call: impl FnMut() -> F,
) -> (Duration, Duration) {
    let mut all = Vec::with_capacity(WARM_UP + CALLS);
    for _ in 0..WARM_UP + CALLS {
        let t = Instant::now();
        call().await;
        all.push(t.elapsed());
    }
    all.drain(..WARM_UP);
    all.sort();
    (percentile(&all, 0.5), percentile(&all, 0.99))
}

async fn select(store: &Store, sql: &str) {
    let rows = sqlx::query(sql).fetch_all(store.pool()).await.unwrap();
    assert_eq!(rows.len(), 50);
    let _: String = rows[0].try_get("number").unwrap();
}

async fn raw(store: &Store) -> (Duration, Duration) {
    measure(|| {
        select(
            store,
            "SELECT number, channel, received_local, surname, name, iin, status, answer_due \
             FROM requests WHERE status = 'under_review' ORDER BY answer_due, id LIMIT 50",
        )
    })
    .await
}

/// The inbox's own `SELECT` for this filter, as `server::inbox::page` runs it.
async fn own_select(store: &Store) -> (Duration, Duration) {
    let today = qabyldau::rules::time::to_local(chrono::Utc::now()).date();
    let (sql, values) =
        qabyldau::server::inbox::page_select(&inbox_query(), today, store.engine()).unwrap();
    measure(|| async {
        let mut query = sqlx::query(&sql);
        for v in &values {
            query = query.bind(v.clone());
        }
        let rows = query.fetch_all(store.pool()).await.unwrap();
        assert_eq!(rows.len(), 50);
    })
    .await
}

/// The filter of `QUERY`, as the server reads it.
fn inbox_query() -> qabyldau::model::inbox::InboxQuery {
    qabyldau::model::inbox::InboxQuery {
        status: Some("under_review".into()),
        order: Some("deadline".into()),
        ..Default::default()
    }
}

async fn in_process(store: &Store) -> (Duration, Duration) {
    let query = inbox_query();
    let today = qabyldau::rules::time::to_local(chrono::Utc::now()).date();
    measure(|| async {
        let page = qabyldau::server::inbox::page(store, &query, today)
            .await
            .unwrap();
        assert_eq!(page.rows.len(), 50);
    })
    .await
}

async fn through_http(database_url: &str) -> (Duration, Duration) {
    let (server, base) = Server::start(database_url).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .post(format!("{base}/staff/login"))
        .header(reqwest::header::ORIGIN, &base)
        .form(&[
            ("login", "bench-clerk"),
            ("password", "bench-password-2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "the clerk signs in");
    let cookie = res.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let url = format!("{base}/api/staff/inbox?{QUERY}");
    let mut all = Vec::with_capacity(WARM_UP + CALLS);
    for _ in 0..WARM_UP + CALLS {
        let t = Instant::now();
        let res = client
            .get(&url)
            .header(reqwest::header::COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page: serde_json::Value = res.json().await.unwrap();
        assert_eq!(page["rows"].as_array().unwrap().len(), 50);
        all.push(t.elapsed());
    }
    all.drain(..WARM_UP);
    all.sort();
    drop(server);
    (percentile(&all, 0.5), percentile(&all, 0.99))
}

pub async fn run(engine: &'static str, database_url: String) -> Figures {
    let store = Store::open(&database_url).await.unwrap();
    qabyldau::server::demo::load_if_empty(&store, chrono::Utc::now().date_naive())
        .await
        .unwrap();
    let official = store.officials().await.unwrap()[0].id;
    fill(&store, official).await;
    qabyldau::server::staff::add(
        &store,
        "bench-clerk",
        "Bench Clerk",
        StaffRole::Clerk,
        "bench-password-2026",
        false,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let raw = raw(&store).await;
    let own_select = own_select(&store).await;
    let in_process = in_process(&store).await;
    store.close().await;
    let http = through_http(&database_url).await;
    Figures {
        engine,
        http,
        raw,
        in_process,
        own_select,
    }
}

/// A fresh schema on the PostgreSQL server of `TEST_DATABASE_URL`, if set.
pub async fn postgres_url(purpose: &str) -> Option<String> {
    let base = std::env::var("TEST_DATABASE_URL").ok()?;
    sqlx::any::install_default_drivers();
    let schema = format!("bench_{purpose}_{}", std::process::id());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}

pub fn report(f: &Figures) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "inbox     {}: {STORED} requests, first page filtered by status, by term, {CALLS} calls",
        f.engine
    );
    println!(
        "          HTTP as a clerk  p50 {:.1} ms, p99 {:.1} ms (goal p99 < 50 ms)",
        ms(f.http.0),
        ms(f.http.1)
    );
    println!(
        "          raw SELECT 50    p50 {:.1} ms, p99 {:.1} ms",
        ms(f.raw.0),
        ms(f.raw.1)
    );
    println!(
        "          where it goes:   the inbox's own SELECT p50 {:.1} ms, p99 {:.1} ms; its page in the process p50 {:.1} ms, p99 {:.1} ms",
        ms(f.own_select.0),
        ms(f.own_select.1),
        ms(f.in_process.0),
        ms(f.in_process.1)
    );
    println!(
        "          ratio HTTP / raw at p99 = {:.2} (goal <= 3)",
        ms(f.http.1) / ms(f.raw.1).max(0.001)
    );
}
