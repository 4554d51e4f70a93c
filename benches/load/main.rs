//! Load benchmarks (`make bench`): request submission, the release server on SQLite against
//! the raw rate of writing the same rows straight into SQLite, in the same run; and the
//! clerks' inbox over 100,000 stored requests (`inbox.rs`).
//!
//! 1. Starts `target/release/qabyldau` on a free port with a fresh SQLite file and demo data.
//! 2. 64 concurrent clients submit valid requests through the form's server function for a
//!    fixed time; reports requests per second and p50/p99 latency.
//! 3. Baseline: 64 concurrent tasks commit the same rows (counter, request, event, outbox
//!    message) into a fresh SQLite file, one transaction per submission, with the server's
//!    SQL but no HTTP, no rules and no group commit.
//! 4. Between the two: 64 tasks hand the same rows to the server's writer (group commit, no
//!    rules), and 64 tasks call the server's `submit` (rules, history, writer) directly,
//!    which shows what the writer gains and what HTTP and the server functions add.

mod board;
mod inbox;

use std::{
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use qabyldau::rules::application::{validate_application, ApplicationForm};
use qabyldau::rules::identity::{Identity, Iin};
use qabyldau::server::{
    requests::{register_all, submit, Registrar, Registration},
    store::Store,
};

const CLIENTS: usize = 64;
const SECONDS: u64 = 10;

/// A valid IIN for the `n`-th applicant: serial `n`, born in January 1990 (another day when
/// no check digit exists for that serial).
fn iin(n: u64) -> String {
    (1..=28)
        .flat_map(|day| (0..10).map(move |d| format!("9001{day:02}3{:04}{d}", n % 10_000)))
        .find(|s| Iin::parse(s).is_ok())
        .expect("some day of January has a valid IIN for this serial")
}

fn fields(n: u64, official: &str) -> Vec<(String, String)> {
    let f = |k: &str, v: String| (format!("form[{k}]"), v);
    vec![
        f("idempotency_key", format!("load-{n:016}-{}", std::process::id())),
        f("applicant_kind", "individual".into()),
        f("iin", iin(n)),
        f("surname", "Сәрсенов".into()),
        f("name", "Ерлан".into()),
        f("phone", "+7 701 234 56 78".into()),
        f("official_id", official.into()),
        f("topic_id", "apartment_building".into()),
        f(
            "essence",
            format!("Прошу помочь с ремонтом крыши многоквартирного дома номер {n}, вода течёт в подъезд"),
        ),
        f("lang", "ru".into()),
    ]
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

impl Server {
    /// Starts the release server on a free port over `database_url` and waits until it
    /// answers; the server and its address.
    async fn start(database_url: &str) -> (Server, String) {
        let exe = concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/qabyldau");
        assert!(
            std::path::Path::new(exe).exists(),
            "build the release server first: cargo leptos build --release"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(exe)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .arg("--database-url")
            .arg(database_url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server(child);
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while reqwest::get(format!("{base}/healthz"))
            .await
            .map(|r| r.status() != 200)
            .unwrap_or(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (server, base)
    }
}

async fn through_http(dir: &std::path::Path) -> (f64, Duration, Duration, u64) {
    let (_server, base) = Server::start(&format!("sqlite://{}/http.db", dir.display())).await;
    let mut origin = reqwest::header::HeaderMap::new();
    origin.insert(reqwest::header::ORIGIN, base.parse().unwrap());
    let client = reqwest::Client::builder()
        .default_headers(origin)
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let options: serde_json::Value = client
        .get(format!("{base}/api/form-options"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let official = options["officials"][0]["id"].to_string();

    let next = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (client, base, next, official) =
            (client.clone(), base.clone(), next.clone(), official.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let t = Instant::now();
                let res = client
                    .post(format!("{base}/api/submit"))
                    .form(&fields(n, &official))
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let body = res.text().await.unwrap();
                assert!(
                    status == 200 && body.contains("Registered"),
                    "{status} {body}"
                );
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = SECONDS as f64;
    all.sort();
    (
        all.len() as f64 / elapsed,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.len() as u64,
    )
}

/// A fresh SQLite store in `dir` with the demo apparatus, and the id of its first official.
async fn demo_store(dir: &std::path::Path, file: &str) -> (Store, i64) {
    let store = Store::open(&format!("sqlite://{}/{file}", dir.display()))
        .await
        .unwrap();
    qabyldau::server::demo::load_if_empty(&store, chrono::Utc::now().date_naive())
        .await
        .unwrap();
    let official = store.officials().await.unwrap()[0].id;
    (store, official)
}

/// How many times a second 64 tasks complete `op(n)` (each `n` once) for [`SECONDS`].
async fn per_second<F, Fut>(op: F) -> f64
where
    F: Fn(u64) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (next, op) = (next.clone(), op.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            while Instant::now() < deadline {
                op(next.fetch_add(1, Ordering::Relaxed)).await;
                done += 1;
            }
            done
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total as f64 / SECONDS as f64
}

/// One validated application, copied with another applicant (and form key) for each `n`.
fn registration(template: &Registration, n: u64) -> Registration {
    let mut r = template.clone();
    r.app = r
        .app
        .with_identity(Identity::Iin(Iin::parse(&iin(n)).unwrap()));
    r.key = format!("raw-{n:016}");
    r.now = chrono::Utc::now();
    r
}

fn template(official: i64) -> Registration {
    let form = form_of(fields(0, &official.to_string()));
    let today = qabyldau::rules::time::to_local(chrono::Utc::now()).date();
    Registration {
        app: validate_application(&form, &[official], &[], today, false).unwrap(),
        key: String::new(),
        now: chrono::Utc::now(),
        intake: None,
        repeat_of: None,
    }
}

/// The baseline: each submission's rows in a transaction of its own.
async fn straight_into_sqlite(dir: &std::path::Path) -> f64 {
    let (store, official) = demo_store(dir, "raw.db").await;
    let template = Arc::new(template(official));
    per_second(move |n| {
        let (store, template) = (store.clone(), template.clone());
        async move {
            let done = register_all(&store, &[registration(&template, n)])
                .await
                .unwrap();
            assert!(done.is_some(), "a fresh key registers");
        }
    })
    .await
}

/// The same rows handed to the server's writer, which commits whatever has queued together.
async fn through_the_writer(dir: &std::path::Path) -> f64 {
    let (store, official) = demo_store(dir, "writer.db").await;
    let template = Arc::new(template(official));
    let registrar = Registrar::spawn(store);
    per_second(move |n| {
        let (registrar, template) = (registrar.clone(), template.clone());
        async move {
            let done = registrar.register(registration(&template, n)).await;
            assert!(done.unwrap().created);
        }
    })
    .await
}

/// The same submissions as [`through_http`], by 64 tasks calling the server's `submit`
/// (the rules, the applicant's history, the writer) directly: what HTTP and the server
/// functions add is the difference.
async fn submit_in_process(dir: &std::path::Path) -> f64 {
    let (store, official) = demo_store(dir, "direct.db").await;
    let official = official.to_string();
    let registrar = Registrar::spawn(store);
    per_second(move |n| {
        let (registrar, form) = (registrar.clone(), form_of(fields(n, &official)));
        async move {
            submit(&registrar, &form, chrono::Utc::now(), false)
                .await
                .map_err(|e| format!("{e:?}"))
                .unwrap();
        }
    })
    .await
}

/// The form as the server function receives it, from the fields the HTTP clients post.
fn form_of(fields: Vec<(String, String)>) -> ApplicationForm {
    serde_json::from_value(serde_json::Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| {
                (
                    k.trim_start_matches("form[")
                        .trim_end_matches(']')
                        .to_owned(),
                    v.into(),
                )
            })
            .collect(),
    ))
    .unwrap()
}

fn main() {
    // `cargo test --benches` runs every bench once as a smoke test; this one needs the
    // release server and takes 20 s, so it runs only under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("load benchmark: run with `cargo bench --bench load` after a release build");
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = std::env::temp_dir().join(format!("qabyldau-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // `cargo bench --bench load -- inbox` runs only the inbox's part, `-- board` the board's.
    let only = |part: &str| std::env::args().any(|a| a == part);
    if only("board") {
        board(&rt, &dir);
        std::fs::remove_dir_all(&dir).ok();
        return;
    }
    if !only("inbox") {
        submissions(&rt, &dir);
    }
    let sqlite = format!("sqlite://{}/inbox.db", dir.display());
    inbox::report(&rt.block_on(inbox::run("SQLite", sqlite)));
    match rt.block_on(inbox::postgres_url("inbox")) {
        Some(url) => inbox::report(&rt.block_on(inbox::run("PostgreSQL", url))),
        None => println!("inbox     PostgreSQL: skipped (set TEST_DATABASE_URL)"),
    }
    if !only("inbox") {
        board(&rt, &dir);
    }
    std::fs::remove_dir_all(&dir).ok();
}

fn board(rt: &tokio::runtime::Runtime, dir: &std::path::Path) {
    let sqlite = format!("sqlite://{}/board.db", dir.display());
    board::report(&rt.block_on(board::run("SQLite", sqlite, 1)));
    match rt.block_on(inbox::postgres_url("board")) {
        Some(url) => board::report(&rt.block_on(board::run("PostgreSQL", url, 2))),
        None => println!("board     PostgreSQL: skipped (set TEST_DATABASE_URL)"),
    }
}

fn submissions(rt: &tokio::runtime::Runtime, dir: &std::path::Path) {
    let raw = rt.block_on(straight_into_sqlite(dir));
    let writer = rt.block_on(through_the_writer(dir));
    let direct = rt.block_on(submit_in_process(dir));
    let (rate, p50, p99, n) = rt.block_on(through_http(dir));
    println!("clients: {CLIENTS}, duration: {SECONDS} s each");
    println!("baseline  raw SQLite, a commit per submission:   {raw:.0} submissions/s");
    println!("writer    the same rows, group commit:          {writer:.0} submissions/s");
    println!("submit    in process (rules + history + writer): {direct:.0} req/s");
    println!("submit    through HTTP + rules + writer:        {rate:.0} req/s ({n} requests)");
    println!(
        "latency   p50 {:.1} ms, p99 {:.1} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
    println!(
        "ratio     HTTP submit / raw = {:.2} (goal >= 0.50)",
        rate / raw
    );
    println!("ratio     HTTP submit / writer = {:.2}", rate / writer);
}
