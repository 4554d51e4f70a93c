//! The crash drill (issue 12): the server under 64 concurrent submitting clients is killed
//! with SIGKILL at a random moment and started again on the same database; every
//! registration number any client was given is in the database with its notice in the
//! outbox, no number is given twice, and the year's numbers run without a gap (the counter
//! moves in the transaction that writes the requests, so a batch cut short takes its numbers
//! back with it: the design allows no gap at all). On SQLite and on PostgreSQL.
//!
//! `DRILL_ROUNDS` kills per engine (3 in the test command, 50 in `make drill`) and
//! `DRILL_BIN` the server binary (the test build's by default; `make drill` the release
//! build). The seed of the kill moments is printed; `DRILL_SEED` replays it.

use std::collections::BTreeSet;
use std::time::Duration;

use sqlx::Row;

use crate::helpers::{
    free_port, fresh_database_url, open_store, run, start_server, stop_server, wait_healthy, Engine,
};

const CLIENTS: usize = 64;

fn binary() -> String {
    std::env::var("DRILL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_qabyldau").to_owned())
}

fn rounds() -> usize {
    std::env::var("DRILL_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}

/// One client: submits forms until the server goes away; the numbers it was given.
async fn client(base: String, official: i64, id: usize, round: usize) -> Vec<String> {
    let http = reqwest::Client::builder()
        .default_headers(crate::helpers::same_origin(&base))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut given = Vec::new();
    for n in 0.. {
        let key = format!("k-drill-{round:03}-{id:03}-{n:06}");
        let form = crate::requests::form(official, &key);
        match http
            .post(format!("{base}/request"))
            .form(&form)
            .send()
            .await
        {
            Ok(res) if res.status() == 303 => {
                let location = res.headers()["location"].to_str().unwrap();
                given.push(crate::requests::number_of(location));
            }
            // Refused while the database is busy: try again.
            Ok(res) if res.status().is_server_error() => {}
            Ok(res) => panic!("a valid form was answered {}", res.status()),
            Err(_) => break, // the server is gone
        }
    }
    given
}

async fn drill(engine: Engine) {
    let Some(url) = fresh_database_url(engine).await else {
        return;
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let seed: u64 = std::env::var("DRILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| chrono::Utc::now().timestamp_micros() as u64);
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut server = start_server(&binary(), &url, port);
    wait_healthy(&base).await;
    let store = open_store(&url).await;
    let official: i64 = sqlx::query("SELECT id FROM officials ORDER BY id LIMIT 1")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let mut acknowledged: Vec<String> = Vec::new();
    for round in 0..rounds() {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|id| tokio::spawn(client(base.clone(), official, id, round)))
            .collect();
        // Killed at a random moment of the load: 200 ms to 1.5 s in.
        tokio::time::sleep(Duration::from_millis(200 + next() % 1300)).await;
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        for c in clients {
            acknowledged.extend(c.await.unwrap());
        }
        server = start_server(&binary(), &url, port);
        wait_healthy(&base).await;
        // Every number given is there, with its notice; none twice; no gap.
        let rows = sqlx::query(
            "SELECT r.number, (SELECT COUNT(*) FROM outbox o WHERE o.request_id = r.id) AS notices \
             FROM requests r",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        let stored: BTreeSet<String> = rows.iter().map(|r| r.get::<String, _>("number")).collect();
        assert_eq!(stored.len(), rows.len(), "a number given twice");
        assert!(
            rows.iter().all(|r| r.get::<i64, _>("notices") == 1),
            "a request without its notice"
        );
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|n| !stored.contains(*n))
            .collect();
        assert!(
            lost.is_empty(),
            "acknowledged and lost after kill {round}: {lost:?} (DRILL_SEED={seed})"
        );
        let given: BTreeSet<&String> = acknowledged.iter().collect();
        assert_eq!(
            given.len(),
            acknowledged.len(),
            "one number given to two clients"
        );
        let mut by_year: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
        for n in &stored {
            let mut parts = n.rsplitn(2, '-');
            let seq: u32 = parts.next().unwrap().parse().unwrap();
            by_year.entry(parts.next().unwrap()).or_default().push(seq);
        }
        for (year, mut seqs) in by_year {
            seqs.sort_unstable();
            let expected: Vec<u32> = (1..=seqs.len() as u32).collect();
            assert_eq!(
                seqs, expected,
                "{year}: a gap in the numbers after kill {round}"
            );
        }
    }
    stop_server(server);
    println!(
        "crash drill on {engine:?}: {} kills survived, {} acknowledged requests checked (seed {seed})",
        rounds(),
        acknowledged.len()
    );
    assert!(!acknowledged.is_empty(), "the clients were served");
}

#[test]
fn killed_under_load_the_server_loses_no_acknowledged_request_on_sqlite() {
    run(drill(Engine::Sqlite));
}

#[test]
fn killed_under_load_the_server_loses_no_acknowledged_request_on_postgresql() {
    run(drill(Engine::Postgres));
}
