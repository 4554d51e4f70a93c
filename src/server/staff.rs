//! Staff accounts, sign-in and sessions.
//!
//! Our own session table instead of tower-sessions and axum-login: it rides on the store's
//! pool and migrations on both engines (the sqlx session stores need typed pools and a
//! schema of their own), and authorisation is the permission table in `rules`.
//!
//! Passwords are hashed with Argon2id (password-auth), off the async threads. A session is a
//! random token in an HttpOnly cookie; the database keeps only its SHA-256. Failed sign-ins
//! are counted in the database per account and per client, so the limit holds across
//! instances.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::Row;

use super::secrets::{random_hex, sha256_hex};
use super::store::Store;
use crate::model::messages;
use crate::model::staff::StaffMember;
use crate::rules::lang::{Lang, Text};
use crate::rules::permissions::StaffRole;

/// The session cookie. `__Host-` would also pin it to this host over https; plain HTTP on a
/// local network is a supported deployment, so the name stays plain.
pub const COOKIE: &str = "qabyldau_staff";

/// The session token a request carries in its cookie, if any.
pub fn token_of(headers: &http::HeaderMap) -> Option<String> {
    cookie(headers, COOKIE)
}

/// The value of the cookie `name` a request carries, if any (not empty, at most 128 bytes).
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The staff member the login names, if the account exists.
pub async fn id_of_login(store: &Store, login: &str) -> anyhow::Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM staff WHERE login = $1")
        .bind(login.trim().to_lowercase())
        .fetch_optional(store.pool())
        .await
        .context("cannot look up the login")?;
    row.map(|r| r.try_get("id").context("staff id")).transpose()
}

/// The window in which failed sign-ins are counted.
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins of one account in the window before it is refused.
pub const FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins from one client address in the window before it is refused.
pub const FAILURES_PER_CLIENT: i64 = 20;
/// The shortest password a staff member may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a sign-in did not open a session.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("wrong login or password")]
    Wrong,
    #[error("too many failed sign-ins")]
    Throttled,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl SignInError {
    pub fn message(&self) -> Text {
        match self {
            SignInError::Wrong => messages::WRONG_SIGN_IN.text(),
            SignInError::Throttled => messages::SIGN_IN_THROTTLED.text(),
            SignInError::Internal(_) => messages::INTERNAL.text(),
        }
    }
}

pub(super) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A password to hand over once: 16 characters a person can type from a sheet of paper.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 16];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf.iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// A hash of a password nobody knows, made once: an unknown login is checked against it.
async fn dummy_hash() -> anyhow::Result<String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash_password(random_hex(16)))
        .await
        .cloned()
}

pub(super) async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
        .await
        .context("the password hasher stopped")
}

async fn password_matches(password: String, hash: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .context("the password checker stopped")
}

/// Creates an account with `password` (to be changed at the first sign-in when
/// `must_change`); returns its id.
pub async fn add(
    store: &Store,
    login: &str,
    full_name: &str,
    role: StaffRole,
    password: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let login = login.trim().to_lowercase();
    anyhow::ensure!(
        !login.is_empty() && login.len() <= 64 && !login.contains(char::is_whitespace),
        "a login is 1 to 64 characters without spaces"
    );
    let hash = hash_password(password.to_owned()).await?;
    let row = sqlx::query(
        "INSERT INTO staff (login, full_name, role, password_hash, must_change_password, active, \
         created_at) VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
    )
    .bind(&login)
    .bind(full_name.trim())
    .bind(role.code())
    .bind(hash)
    .bind(i64::from(must_change))
    .bind(stamp(now))
    .fetch_one(store.pool())
    .await
    .with_context(|| format!("cannot add the staff account {login} (is the login taken?)"))?;
    row.try_get("id").context("staff id")
}

async fn failures(store: &Store, key: &str, now: DateTime<Utc>) -> anyhow::Result<i64> {
    let since = now - chrono::Duration::from_std(FAILURE_WINDOW).expect("a short window");
    let row = sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE key = $1 AND at > $2")
        .bind(key)
        .bind(stamp(since))
        .fetch_one(store.pool())
        .await
        .context("cannot count failed sign-ins")?;
    row.try_get("n").context("failure count")
}

/// Checks `login` and `password`, from the client at `client`; on success a new session
/// (a fresh token: a session is never carried over from before the sign-in).
pub async fn sign_in(
    store: &Store,
    login: &str,
    password: &str,
    client: &str,
    now: DateTime<Utc>,
) -> std::result::Result<String, SignInError> {
    let login = login.trim().to_lowercase();
    let (account_key, client_key) = (format!("login:{login}"), format!("client:{client}"));
    // The attempt is counted before the password is checked: guesses sent at once cannot
    // all slip under the limit while the slow hash runs.
    let mut attempts = Vec::new();
    for key in [&account_key, &client_key] {
        attempts.push(record_attempt(store, key, now).await?);
    }
    if failures(store, &account_key, now).await? > FAILURES_PER_ACCOUNT
        || failures(store, &client_key, now).await? > FAILURES_PER_CLIENT
    {
        return Err(SignInError::Throttled);
    }
    let row = sqlx::query("SELECT id, password_hash FROM staff WHERE login = $1 AND active = 1")
        .bind(&login)
        .fetch_optional(store.pool())
        .await
        .context("cannot read the staff account")?;
    // An unknown login costs the same hashing as a known one: the answer time tells nothing.
    let (id, hash) = match &row {
        Some(r) => (
            Some(r.try_get::<i64, _>("id").context("staff id")?),
            r.try_get::<String, _>("password_hash").context("hash")?,
        ),
        None => (None, dummy_hash().await?),
    };
    let matches = password_matches(password.to_owned(), hash).await?;
    let Some(id) = id.filter(|_| matches) else {
        return Err(SignInError::Wrong);
    };
    // A success clears the account's failures and does not count against the client.
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1 OR id = $2")
        .bind(&account_key)
        .bind(attempts[1])
        .execute(store.pool())
        .await
        .context("cannot clear the failed sign-ins")?;
    Ok(open_session(store, id, now).await?)
}

/// Counts one attempt under `key`; its id.
async fn record_attempt(store: &Store, key: &str, now: DateTime<Utc>) -> anyhow::Result<i64> {
    sqlx::query("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2) RETURNING id")
        .bind(key)
        .bind(stamp(now))
        .fetch_one(store.pool())
        .await
        .context("cannot count a sign-in attempt")?
        .try_get("id")
        .context("attempt id")
}

/// A new session for staff member `id`: a fresh random token, of which only the hash is kept.
async fn open_session(store: &Store, id: i64, now: DateTime<Utc>) -> anyhow::Result<String> {
    let token = random_hex(32);
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $3)",
    )
    .bind(sha256_hex(&token))
    .bind(id)
    .bind(stamp(now))
    .execute(store.pool())
    .await
    .context("cannot open the session")?;
    Ok(token)
}

/// The staff member whose session `token` is, if it is open and was used within `idle`;
/// the use is recorded. An account disabled meanwhile has no session.
pub async fn session(
    store: &Store,
    token: &str,
    idle: Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<StaffMember>> {
    let since = now - chrono::Duration::from_std(idle).context("idle timeout")?;
    let token_hash = sha256_hex(token);
    // Counted before the read: a change heard meanwhile makes what is read stale at once.
    let heard = store.events().heard();
    if let Some(member) = store.sessions().get(&token_hash, heard) {
        return Ok(Some(member));
    }
    let row = sqlx::query(
        "SELECT s.id, s.login, s.full_name, s.role, s.must_change_password, t.last_seen_at \
         FROM staff_sessions t JOIN staff s ON s.id = t.staff_id \
         WHERE t.token_hash = $1 AND t.last_seen_at > $2 AND s.active = 1",
    )
    .bind(&token_hash)
    .bind(stamp(since))
    .fetch_optional(store.pool())
    .await
    .context("cannot read the session")?;
    let Some(row) = row else {
        return Ok(None);
    };
    // Recorded at most every half minute: a clerk's screen asks many times a minute, and a
    // write per read would cost a commit each (a statement that writes nothing, a round trip).
    let touched_before = stamp(now - chrono::Duration::seconds(30));
    if row.try_get::<String, _>("last_seen_at")? < touched_before {
        sqlx::query(
            "UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $3",
        )
        .bind(stamp(now))
        .bind(&token_hash)
        .bind(touched_before)
        .execute(store.pool())
        .await
        .context("cannot record the session's use")?;
    }
    let role: String = row.try_get("role")?;
    let member = StaffMember {
        id: row.try_get("id")?,
        login: row.try_get("login")?,
        full_name: row.try_get("full_name")?,
        role: StaffRole::from_code(&role).with_context(|| format!("unknown staff role {role}"))?,
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
    };
    store.sessions().put(token_hash, heard, member.clone());
    Ok(Some(member))
}

/// The sessions an instance has read lately (`kept::Kept`), by their token's hash: a clerk's
/// screen asks many times a second at its busiest, and each would read the same row. Kept
/// for a second at most and only while nothing was heard: a sign-out, a password change and
/// every change of an account announce a live event ([`sessions_changed`]), which every
/// instance hears — so a closed session is refused at once by this instance and by the others
/// as soon as the notification reaches them (within the second when their listener was
/// reconnecting). Idle sessions are never kept: a kept one was read within the second.
pub type KeptSessions = super::kept::Kept<StaffMember>;

/// The sessions kept by a new instance.
pub(super) fn kept_sessions() -> KeptSessions {
    KeptSessions::new(Duration::from_secs(1), 1024)
}

/// Tells every instance that sessions or accounts changed: what each keeps of them is stale.
pub(super) async fn sessions_changed(store: &Store) {
    store
        .events()
        .publish(store.pool(), crate::model::live::LiveEvent::staff())
        .await;
}

/// Closes the session of `token`.
pub async fn sign_out(store: &Store, token: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(sha256_hex(token))
        .execute(store.pool())
        .await
        .context("cannot close the session")?;
    sessions_changed(store).await;
    Ok(())
}

/// The staff member replaces their password: the current one first (a wrong one counts as a
/// failed sign-in of the account), then one of at least [`MIN_PASSWORD_CHARS`] that differs
/// from it. Every session of theirs is closed and a new one opened: its token is returned.
pub async fn change_password(
    store: &Store,
    member: &StaffMember,
    current: &str,
    new: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<std::result::Result<String, Text>> {
    let account_key = format!("login:{}", member.login);
    if failures(store, &account_key, now).await? >= FAILURES_PER_ACCOUNT {
        return Ok(Err(messages::SIGN_IN_THROTTLED.text()));
    }
    let row = sqlx::query("SELECT password_hash FROM staff WHERE id = $1")
        .bind(member.id)
        .fetch_one(store.pool())
        .await
        .context("cannot read the staff account")?;
    let hash: String = row.try_get("password_hash").context("hash")?;
    if !password_matches(current.to_owned(), hash).await? {
        record_attempt(store, &account_key, now).await?;
        return Ok(Err(messages::WRONG_SIGN_IN.text()));
    }
    if new.chars().count() < MIN_PASSWORD_CHARS || new == current {
        return Ok(Err(messages::WEAK_PASSWORD.text()));
    }
    let hash = hash_password(new.to_owned()).await?;
    let mut tx = store
        .pool()
        .begin()
        .await
        .context("cannot start a transaction")?;
    sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = 0 WHERE id = $2")
        .bind(hash)
        .bind(member.id)
        .execute(&mut *tx)
        .await
        .context("cannot store the new password")?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(member.id)
        .execute(&mut *tx)
        .await
        .context("cannot close the sessions")?;
    tx.commit()
        .await
        .context("cannot commit the new password")?;
    sessions_changed(store).await;
    Ok(Ok(open_session(store, member.id, now).await?))
}

/// One demo account per role, for `make run` with demo data only; the passwords are in the
/// README. They need no change at the first sign-in.
pub const DEMO_ACCOUNTS: [(&str, &str, StaffRole, &str); 6] = [
    (
        "admin",
        "Әкімші Демо",
        StaffRole::Administrator,
        "demo-admin-2026",
    ),
    (
        "clerk",
        "Бөлім қызметкері Демо",
        StaffRole::Clerk,
        "demo-clerk-2026",
    ),
    (
        "head",
        "Бөлім басшысы Демо",
        StaffRole::HeadOfDepartment,
        "demo-head-2026",
    ),
    (
        "chief",
        "Аппарат басшысы Демо",
        StaffRole::ChiefOfStaff,
        "demo-chief-2026",
    ),
    (
        "official",
        "Қабылдайтын лауазымды адам Демо",
        StaffRole::ReceivingOfficial,
        "demo-official-2026",
    ),
    (
        "aide",
        "Әкімнің көмекшісі Демо",
        StaffRole::Aide,
        "demo-aide-2026",
    ),
];

/// Adds the demo accounts to a database that has no staff yet; how many it added.
pub async fn load_demo_accounts(store: &Store, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM staff")
        .fetch_one(store.pool())
        .await
        .context("cannot count the staff")?;
    if row.try_get::<i64, _>("n")? > 0 {
        return Ok(0);
    }
    for (login, name, role, password) in DEMO_ACCOUNTS {
        add(store, login, name, role, password, false, now).await?;
    }
    // The demo receiving official is the first official of the demo apparatus (the akim).
    sqlx::query(
        "UPDATE staff SET official_id = (SELECT id FROM officials ORDER BY sort_order, id LIMIT 1) \
         WHERE role = 'receiving_official'",
    )
    .execute(store.pool())
    .await
    .context("cannot link the demo official")?;
    Ok(DEMO_ACCOUNTS.len())
}

/// The language the staff member with `login` chose last, if any.
pub async fn lang_of(store: &Store, login: &str) -> anyhow::Result<Option<Lang>> {
    let row = sqlx::query("SELECT lang FROM staff WHERE login = $1")
        .bind(login.trim().to_lowercase())
        .fetch_optional(store.pool())
        .await
        .context("cannot read the staff member's language")?;
    Ok(row
        .map(|r| r.try_get::<Option<String>, _>("lang"))
        .transpose()?
        .flatten()
        .and_then(|l| Lang::from_code(&l)))
}

/// Remembers `lang` as the staff member's choice (a preference, not audited).
pub async fn set_lang(store: &Store, id: i64, lang: Lang) -> anyhow::Result<()> {
    sqlx::query("UPDATE staff SET lang = $1 WHERE id = $2 AND (lang IS NULL OR lang <> $1)")
        .bind(lang.code())
        .bind(id)
        .execute(store.pool())
        .await
        .context("cannot remember the staff member's language")?;
    Ok(())
}
