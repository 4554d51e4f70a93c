//! `qabyldau`: the server and the operator's subcommands on one binary.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use chrono::Datelike;
use clap::{Parser, Subcommand};
use qabyldau::app;
use qabyldau::rules::{calendar, report, time};
use qabyldau::server::{self, config::Config, demo, store::Store};
use tracing_subscriber::EnvFilter;

/// Qabyldau: personal reception of citizens at the Karaganda regional akimat
/// (regulation No. 24/01 of 7 April 2021).
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The deployment's settings file; environment variables override it.
    #[arg(
        long,
        global = true,
        default_value = "Leptos.toml",
        env = "QABYLDAU_CONFIG"
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the application (the default).
    Serve {
        /// Listen on this address instead of the configured one (e.g. 127.0.0.1:0).
        #[arg(long)]
        addr: Option<std::net::SocketAddr>,
        /// Use this database instead of the configured one (sqlite://… or postgres://…).
        #[arg(long)]
        database_url: Option<String>,
        /// Do not load the demo apparatus into an empty database.
        #[arg(long)]
        no_demo_data: bool,
    },
    /// Copy the live SQLite database, while the server runs, to PATH (a new file), and check
    /// the copy. For PostgreSQL: pg_dump (README).
    Backup {
        path: PathBuf,
        /// Use this database instead of the configured one (sqlite://…).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Put the backup at PATH in place of the SQLite database (stop the server first), after
    /// checking it. For PostgreSQL: pg_restore (README).
    Restore {
        path: PathBuf,
        /// Restore into this database instead of the configured one (sqlite://…).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Print the days of YEAR that differ from a plain Monday-to-Friday week:
    /// `YYYY-MM-DD<TAB>off|work<TAB>reason`, to check against the government's decree. With
    /// a database, what the administrator entered (Kurban Ait, transfers) is in force too.
    Calendar {
        year: i32,
        /// Read the entries of this database (sqlite://… or postgres://…); without it, the
        /// compiled-in calendar alone.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Print the deadlines that run from a request received at a local (Asia/Almaty) time:
    /// `clause<TAB>name<TAB>YYYY-MM-DD`.
    Deadlines {
        /// Local time of receipt, "YYYY-MM-DD HH:MM".
        #[arg(long)]
        received: String,
    },
    /// Staff accounts of the workspace.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// The audit log of staff changes.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand, Debug)]
enum StaffCommand {
    /// Create an account and print its one-time password (changed at the first sign-in).
    /// The first administrator is made this way.
    Add {
        #[arg(long)]
        login: String,
        /// administrator, clerk, head_of_department, chief_of_staff, receiving_official, aide
        #[arg(long)]
        role: String,
        /// The full name shown in the workspace and the audit log (defaults to the login).
        #[arg(long)]
        name: Option<String>,
        /// Use this database instead of the configured one (sqlite://… or postgres://…).
        #[arg(long)]
        database_url: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Check the audit log's hash chain: prints `intact: N rows`, or names the first row that
    /// was edited or deleted and exits with failure.
    Verify {
        /// Use this database instead of the configured one (sqlite://… or postgres://…).
        #[arg(long)]
        database_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Calendar { year, database_url }) => calendar(year, database_url),
        Some(Command::Deadlines { received }) => deadlines(&received),
        Some(Command::Staff {
            command:
                StaffCommand::Add {
                    login,
                    role,
                    name,
                    database_url,
                },
        }) => staff_add(&cli.config, database_url, &login, &role, name.as_deref()),
        Some(Command::Backup {
            path,
            database_url: given,
        }) => {
            let url = database_url(&cli.config, given);
            url.and_then(|url| {
                let from = server::backup::sqlite_file(&url)?;
                let copied = block_on(server::backup::backup(&from, &path))?;
                println!("backed up {copied} requests to {}", path.display());
                Ok(())
            })
        }
        Some(Command::Restore {
            path,
            database_url: given,
        }) => {
            let url = database_url(&cli.config, given);
            url.and_then(|url| {
                let to = server::backup::sqlite_file(&url)?;
                let restored = block_on(server::backup::restore(&path, &to))?;
                println!("restored {restored} requests into {}", to.display());
                Ok(())
            })
        }
        Some(Command::Audit {
            command: AuditCommand::Verify { database_url },
        }) => audit_verify(&cli.config, database_url),
        Some(Command::Serve {
            addr,
            database_url,
            no_demo_data,
        }) => serve(cli.config, addr, database_url, no_demo_data),
        None => serve(cli.config, None, None, false),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn calendar(year: i32, database_url: Option<String>) -> anyhow::Result<()> {
    if let Some(url) = database_url {
        let entered = block_on(async {
            let store = Store::open(&url).await?;
            let entered = server::calendar::load(&store).await;
            store.close().await;
            entered
        })?;
        eprintln!(
            "entered by the administrator: {} year(s) of facts",
            entered.len()
        );
        calendar::install(entered);
    }
    let range = calendar::supported_range();
    if !(range.start().year()..=range.end().year()).contains(&year) {
        eprintln!(
            "warning: the calendar data covers {}..={}; for {year} only the holiday law's \
             fixed holidays are known (no Kurban Ait, no transfers of days off)",
            range.start().year(),
            range.end().year()
        );
    }
    print_lines(report::calendar_lines(year));
    Ok(())
}

fn deadlines(received: &str) -> anyhow::Result<()> {
    let at = report::parse_received(received).map_err(|e| anyhow::anyhow!("{e}"))?;
    print_lines(report::deadline_lines(at));
    Ok(())
}

/// The configured database, or the one named on the command line.
fn database_url(config_path: &std::path::Path, given: Option<String>) -> anyhow::Result<String> {
    match given {
        Some(url) => Ok(url),
        None => Ok(Config::load(config_path)?.database_url),
    }
}

fn block_on<T>(work: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(work)
}

fn staff_add(
    config_path: &std::path::Path,
    database_url_given: Option<String>,
    login: &str,
    role: &str,
    name: Option<&str>,
) -> anyhow::Result<()> {
    let url = database_url(config_path, database_url_given)?;
    let role = qabyldau::rules::permissions::StaffRole::from_code(role).with_context(|| {
        format!("unknown role {role}: administrator, clerk, head_of_department, chief_of_staff, receiving_official or aide")
    })?;
    let password = server::staff::one_time_password();
    block_on(async {
        let store = Store::open(&url).await?;
        let added = server::staff::add(
            &store,
            login,
            name.unwrap_or(login),
            role,
            &password,
            true,
            chrono::Utc::now(),
        )
        .await;
        store.close().await;
        added
    })?;
    println!("{login}\t{}\t{password}", role.code());
    eprintln!("The password is shown once; it must be changed at the first sign-in.");
    Ok(())
}

fn audit_verify(
    config_path: &std::path::Path,
    database_url_given: Option<String>,
) -> anyhow::Result<()> {
    let url = database_url(config_path, database_url_given)?;
    let verdict = block_on(async {
        let store = Store::open(&url).await?;
        let verdict = server::audit::verify(&store).await;
        store.close().await;
        verdict
    })?;
    match verdict {
        server::audit::Verdict::Intact { rows, head } => {
            println!("intact: {rows} rows, head {head}");
            Ok(())
        }
        server::audit::Verdict::Broken { seq, reason } => {
            println!("broken: row {seq} was {reason}");
            anyhow::bail!("the audit log was tampered with from row {seq}")
        }
    }
}

fn print_lines(lines: Vec<String>) {
    for line in lines {
        println!("{line}");
    }
}

fn serve(
    config_path: PathBuf,
    addr: Option<std::net::SocketAddr>,
    database_url: Option<String>,
    no_demo_data: bool,
) -> anyhow::Result<()> {
    let mut config = Config::load(&config_path)?;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    match config.log_format {
        server::config::LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        server::config::LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .init(),
    }
    if let Some(addr) = addr {
        config.site_addr = addr;
    }
    if let Some(url) = database_url {
        config.database_url = url;
    }
    if no_demo_data {
        config.demo_data = false;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        // Server-side rendering of large pages recurses deeply in debug builds.
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(run(config));
    // In-flight requests are finished and the database closed by now. What tasks remain are
    // dropped without waiting long: dropping one was seen to hang for good on a lock of the
    // rendering library's reactive owners, and the process then never exited.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    result
}

async fn run(config: Config) -> anyhow::Result<()> {
    let store = Store::open(&config.database_url).await?;
    if config.demo_data {
        let today = time::to_local(chrono::Utc::now()).date();
        let planned = demo::load_if_empty(&store, today).await?;
        if planned > 0 {
            tracing::info!(reception_days = planned, "loaded the demo apparatus");
        }
        let accounts = server::staff::load_demo_accounts(&store, chrono::Utc::now()).await?;
        if accounts > 0 {
            tracing::info!(
                accounts,
                "loaded the demo staff accounts (passwords in the README)"
            );
        }
    }
    let sender = server::outbox::spawn_sender(store.clone(), config.smtp.as_ref())?;
    if config.smtp.is_none() {
        tracing::warn!(
            "no SMTP relay configured: notifications stay queued in the outbox for staff"
        );
    }
    let application = app::Application::build(config, store.clone()).await?;
    let shutdown = shutdown_signal()?;
    tracing::info!(
        engine = ?store.engine(),
        "listening on http://{}",
        application.address()
    );
    application
        .run_until(shutdown)
        .await
        .context("the server failed")?;
    sender.abort();
    store.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish, then exit. The handlers
/// are installed before the server says it is listening, so no early signal is missed.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        tracing::info!("shutting down: finishing in-flight requests");
    })
}
