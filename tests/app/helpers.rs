//! Shared by the integration tests: a fresh database per test on each engine, and the real
//! application spawned on port 0.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use qabyldau::app;
use qabyldau::server::{config::Config, store::Store};

/// Which engine a test body runs on.
#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A URL for a fresh, empty database on `engine`; `None` when PostgreSQL is not configured
/// (`TEST_DATABASE_URL` unset).
pub async fn fresh_database_url(engine: Engine) -> Option<String> {
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let unique = format!(
        "t{}_{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    );
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("qabyldau-tests");
            std::fs::create_dir_all(&dir).unwrap();
            Some(format!("sqlite://{}/{unique}.db", dir.display()))
        }
        Engine::Postgres => {
            let base = std::env::var("TEST_DATABASE_URL").ok()?;
            // One schema per test inside the run's database: nothing is shared between tests.
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
                .await
                .expect("TEST_DATABASE_URL must be reachable");
            sqlx::query(&format!("CREATE SCHEMA {unique}"))
                .execute(&mut conn)
                .await
                .expect("create a test schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            Some(format!("{base}{sep}options=-c%20search_path%3D{unique}"))
        }
    }
}

pub async fn fresh_store(engine: Engine) -> Option<Store> {
    let url = fresh_database_url(engine).await?;
    Some(open_store(&url).await)
}

tokio::task_local! {
    /// The stores a test body opened, closed when it ends.
    static OPENED: std::cell::RefCell<Vec<Store>>;
}

/// Opens the store at `url` for the running test; the test's end closes it, so that the
/// connections go back to PostgreSQL between tests (its default limit is 100 in all).
pub async fn open_store(url: &str) -> Store {
    let store = Store::open(url).await.expect("open the test database");
    let _ = OPENED.try_with(|opened| opened.borrow_mut().push(store.clone()));
    store
}

/// The application running on 127.0.0.1 with its own database.
pub struct TestApp {
    pub address: String,
    pub store: Store,
    /// The database's URL, for a second instance on it.
    pub database_url: String,
    pub client: reqwest::Client,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The body of a GET of `path`, whatever its status.
    pub async fn page(&self, path: &str) -> String {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

pub async fn spawn_app(engine: Engine) -> Option<TestApp> {
    let database_url = fresh_database_url(engine).await?;
    let store = open_store(&database_url).await;
    let config = Config {
        site_addr: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    };
    let application = app::Application::build(config, store.clone())
        .await
        .unwrap();
    let address = format!("http://{}", application.address());
    let origin = address.clone();
    tokio::spawn(application.run_until(std::future::pending()));
    Some(TestApp {
        address,
        store,
        database_url,
        // A fresh connection per request: keep-alive reuse raced with the server closing idle
        // connections now and then (IncompleteMessage), which browsers retry but reqwest does not.
        client: reqwest::Client::builder()
            .default_headers(same_origin(&origin))
            .pool_max_idle_per_host(0)
            // A page that never finishes is a failure with a name, not a CI run that hangs.
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("an HTTP client"),
    })
}

/// The headers a page of the site at `address` sends with a form or a server-function call:
/// without them a state-changing request is refused as coming from elsewhere.
pub fn same_origin(address: &str) -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ORIGIN,
        reqwest::header::HeaderValue::from_str(address).expect("an http:// address"),
    );
    headers
}

/// One runtime for every test of a test binary. Servers, pools and connections live as long as
/// the process, never tied to the runtime of the test that happened to create them first
/// (Leptos renders pages on its own threads and keeps a process-wide executor).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        // `RUST_LOG=…` shows the server's logs (request spans, latency) next to a failing test.
        if std::env::var_os("RUST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
                .with_test_writer()
                .try_init();
        }
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .thread_stack_size(16 * 1024 * 1024)
            .enable_all()
            .build()
            .expect("a test runtime")
    })
}

/// Runs a test body on the shared runtime, failing it (not hanging the whole run) when it takes
/// longer than two minutes.
pub fn run<F: std::future::Future<Output = ()>>(body: F) {
    runtime().block_on(OPENED.scope(std::cell::RefCell::new(Vec::new()), async {
        tokio::time::timeout(std::time::Duration::from_secs(120), body)
            .await
            .expect("the test body did not finish within 120 s");
        // Closing waits for every connection to come back; the next test need not.
        for store in OPENED.with(|opened| opened.take()) {
            tokio::spawn(async move { store.close().await });
        }
    }));
}

/// Runs each test body once on SQLite and once on PostgreSQL. The PostgreSQL half says it
/// was skipped, and passes, only when `TEST_DATABASE_URL` is not set; `make test` in CI sets it.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::helpers::run(super::$name($crate::helpers::Engine::Sqlite));
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if std::env::var_os("TEST_DATABASE_URL").is_none() {
                        eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set");
                        return;
                    }
                    $crate::helpers::run(super::$name($crate::helpers::Engine::Postgres));
                }
            )*
        }
    };
}

/// A staff member whose role may send `event` (the first such role of the table), as the
/// staff screens will send it once someone signs in.
pub fn staff_for(event: qabyldau::rules::lifecycle::Event) -> qabyldau::server::audit::Actor {
    use qabyldau::rules::permissions::{allows, Action, StaffRole};
    let role = StaffRole::ALL
        .into_iter()
        .find(|r| allows(*r, Action::Lifecycle(event)))
        .expect("some role may send it");
    qabyldau::server::audit::Actor::Staff { id: 1, role }
}

/// The first column of the one row `sql` finds for `value` (bound as `$1`).
pub async fn scalar<'q, T, B>(store: &Store, sql: &'q str, value: B) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    B: 'q + Send + sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    use sqlx::Row;
    sqlx::query(sql)
        .bind(value)
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<T, _>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server binary `bin` serving the database at `url` on loopback port `port`, quiet.
pub fn start_server(bin: &str, url: &str, port: u16) -> Server {
    let child = std::process::Command::new(bin)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            url,
        ])
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    Server(child)
}

/// Waits (up to a minute) until the server at `base` says it is healthy.
pub async fn wait_healthy(base: &str) {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        if let Ok(res) = client.get(format!("{base}/healthz")).send().await {
            if res.status() == 200 {
                return;
            }
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the server at {base} is not healthy"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Stops a server as its operator would (SIGTERM) and waits for it.
pub fn stop_server(mut child: Server) {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    child.wait().unwrap();
}

/// Runs `sql` as the administrator of the PostgreSQL cluster at `admin` (its URL without a
/// database), in its `postgres` database. `CREATE DATABASE` copies `template1` and is refused
/// while another test's `CREATE DATABASE` copies it too: that is tried again.
pub fn psql(admin: &str, sql: &str) {
    for attempt in 0.. {
        let out = std::process::Command::new("psql")
            .args(["-d", &format!("{admin}/postgres"), "-qtAc", sql])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            return;
        }
        assert!(
            attempt < 50 && err.contains("is being accessed by other users"),
            "{sql}: {err}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A server process started by a test: killed when the test ends, however it ends.
pub struct Server(pub std::process::Child);

impl std::ops::Deref for Server {
    type Target = std::process::Child;
    fn deref(&self) -> &std::process::Child {
        &self.0
    }
}

impl std::ops::DerefMut for Server {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        &mut self.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Takes step `event` of request `id` as a staff member who may: a proposal with its
/// reference note (clause 28), any other step that carries no data of its own.
pub async fn step(
    store: &Store,
    id: i64,
    event: qabyldau::rules::lifecycle::Event,
) -> Result<qabyldau::rules::lifecycle::Status, qabyldau::server::Error> {
    use qabyldau::rules::lifecycle::Event;
    use qabyldau::server::workflow;
    let now = chrono::Utc::now();
    match event {
        Event::Propose => {
            let note = "Материалы собраны с отделом ЖКХ: вопрос в компетенции акима.";
            let (shown, proposal) = (
                workflow::Shown::Current,
                qabyldau::model::card::Proposal::Reception,
            );
            workflow::propose(store, id, shown, proposal, note, staff_for(event), now).await
        }
        _ => workflow::advance(store, id, event, staff_for(event), now).await,
    }
}
