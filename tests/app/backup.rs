//! Backups (issue 12): `qabyldau backup PATH` copies a live SQLite database while it is being
//! written, consistently (every request with its notice and timeline, the numbers without a
//! gap); `qabyldau restore` puts a copy in place and the server starts on it with every
//! request intact. On PostgreSQL, the README's `pg_dump`/`pg_restore` round trip keeps every
//! request and an intact audit chain.

use std::process::Command;
use std::time::Duration;

use sqlx::Row;

use crate::helpers::{
    free_port, open_store, psql, run, start_server, stop_server, wait_healthy, Engine,
};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qabyldau"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Each request has its notice and its first timeline entry, and the numbers run 1..=n.
async fn consistent(url: &str) -> Vec<String> {
    let store = open_store(url).await;
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(check, "ok");
    let rows = sqlx::query(
        "SELECT r.number, (SELECT COUNT(*) FROM outbox o WHERE o.request_id = r.id) AS notices, \
         (SELECT COUNT(*) FROM request_events e WHERE e.request_id = r.id) AS events \
         FROM requests r ORDER BY r.number",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let numbers: Vec<String> = rows.iter().map(|r| r.get("number")).collect();
    for r in &rows {
        assert_eq!(r.get::<i64, _>("notices"), 1);
        assert!(r.get::<i64, _>("events") >= 1);
    }
    let seqs: Vec<usize> = numbers
        .iter()
        .map(|n| n.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(seqs, (1..=seqs.len()).collect::<Vec<_>>(), "no gap");
    store.close().await;
    numbers
}

#[test]
fn a_live_sqlite_database_is_backed_up_consistently_and_restored_intact() {
    run(async {
        let dir = std::env::temp_dir().join(format!("qabyldau-backup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let live = format!("sqlite://{}/live.db", dir.display());
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let server = start_server(env!("CARGO_BIN_EXE_qabyldau"), &live, port);
        wait_healthy(&base).await;
        // Sixteen clients write while the backup is taken.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writers: Vec<_> = (0..16)
            .map(|c| {
                let (base, stop) = (base.clone(), stop.clone());
                tokio::spawn(async move {
                    let http = reqwest::Client::builder()
                        .default_headers(crate::helpers::same_origin(&base))
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .unwrap();
                    let mut n = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let form = crate::requests::form(1, &format!("k-backup-{c:02}-{n:06}"));
                        let res = http
                            .post(format!("{base}/request"))
                            .form(&form)
                            .send()
                            .await;
                        assert_eq!(res.unwrap().status(), 303);
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(400)).await;
        let copy = dir.join("copy.db");
        let out = tokio::task::spawn_blocking({
            let (copy, live) = (copy.clone(), live.clone());
            move || {
                bin()
                    .args(["backup", copy.to_str().unwrap(), "--database-url", &live])
                    .output()
                    .unwrap()
            }
        })
        .await
        .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let mut written = 0;
        for w in writers {
            written += w.await.unwrap();
        }
        stop_server(server);
        // A backup over an existing file is refused, never overwritten.
        let again = bin()
            .args(["backup", copy.to_str().unwrap(), "--database-url", &live])
            .output()
            .unwrap();
        assert!(!again.status.success());
        let copied = consistent(&format!("sqlite://{}", copy.display())).await;
        let all = consistent(&live).await;
        assert_eq!(
            all.len(),
            written,
            "every acknowledged request in the live database"
        );
        assert!(
            !copied.is_empty() && copied.len() < all.len(),
            "taken while written"
        );
        assert_eq!(
            copied[..],
            all[..copied.len()],
            "a prefix of the live numbers"
        );
        // Restored elsewhere: the server starts on it with every request of the copy.
        let restored = format!("sqlite://{}/restored.db", dir.display());
        let out = bin()
            .args([
                "restore",
                copy.to_str().unwrap(),
                "--database-url",
                &restored,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let server = start_server(env!("CARGO_BIN_EXE_qabyldau"), &restored, port);
        wait_healthy(&base).await;
        let http = reqwest::Client::builder()
            .default_headers(crate::helpers::same_origin(&base))
            .build()
            .unwrap();
        let last = copied.last().unwrap();
        let res = http
            .post(format!("{base}/status"))
            .form(&[("number", last.as_str()), ("iin", crate::requests::IIN)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "the last request of the copy is found");
        stop_server(server);
        assert_eq!(consistent(&restored).await, copied);
        std::fs::remove_dir_all(&dir).ok();
    });
}

#[test]
fn a_postgresql_database_survives_the_readmes_pg_dump_and_pg_restore() {
    run(async {
        let Some(base_url) = std::env::var("TEST_DATABASE_URL").ok() else {
            eprintln!("skipped: TEST_DATABASE_URL is not set");
            return;
        };
        let (app, akim) = crate::requests::app_with_officials(Engine::Postgres).await;
        let mut numbers = Vec::new();
        for i in 0..5 {
            let (id, number) =
                crate::requests::register(&app, akim, &format!("k-pgdump-{i:05}")).await;
            // A decision, so the audit chain has rows to keep intact.
            let review = qabyldau::rules::lifecycle::Event::Review;
            let actor = crate::helpers::staff_for(review);
            qabyldau::server::workflow::advance(&app.store, id, review, actor, chrono::Utc::now())
                .await
                .unwrap();
            numbers.push(number);
        }
        let schema = app
            .database_url
            .rsplit("search_path%3D")
            .next()
            .unwrap()
            .to_owned();
        let dump = std::env::temp_dir().join(format!("qabyldau-{schema}.dump"));
        let server = base_url.split('?').next().unwrap();
        let out = Command::new("pg_dump")
            .args([
                "-Fc",
                "-n",
                &schema,
                "-f",
                dump.to_str().unwrap(),
                "-d",
                server,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Into a database of its own, as a restore onto a new server would.
        let target = format!("qabyldau_restore_{}", std::process::id());
        let admin = server.rsplit_once('/').unwrap().0;
        psql(
            admin,
            &format!("DROP DATABASE IF EXISTS {target} WITH (FORCE)"),
        );
        psql(admin, &format!("CREATE DATABASE {target}"));
        let restored_db = format!("{admin}/{target}");
        let out = Command::new("pg_restore")
            .args(["--no-owner", "-d", &restored_db, dump.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let store = open_store(&format!(
            "{restored_db}?options=-c%20search_path%3D{schema}"
        ))
        .await;
        let stored: Vec<String> = sqlx::query("SELECT number FROM requests ORDER BY number")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("number"))
            .collect();
        assert_eq!(stored, numbers);
        let verdict = qabyldau::server::audit::verify(&store).await.unwrap();
        assert!(
            matches!(
                verdict,
                qabyldau::server::audit::Verdict::Intact { rows: 5, .. }
            ),
            "{verdict:?}"
        );
        store.close().await;
        psql(
            admin,
            &format!("DROP DATABASE IF EXISTS {target} WITH (FORCE)"),
        );
        std::fs::remove_file(&dump).ok();
    });
}
