//! The event bus of the live staff screens (the inbox now, the aides' board next). A change
//! is published after its transaction commits. On SQLite (one server process) the bus is a
//! broadcast channel in the process; on PostgreSQL every instance LISTENs on one channel of
//! its schema and a change is sent with NOTIFY, so each instance's screens hear the changes
//! made through any instance. Events are hints: a screen that misses one (a lagging reader,
//! a reconnect) shows the truth on its next read.

use std::sync::Arc;

use anyhow::Context;
use sqlx::Row;
use tokio::sync::broadcast;

use super::store::Engine;
use crate::model::live::LiveEvent;

/// How many events a slow reader may fall behind before it skips some.
const BACKLOG: usize = 256;

#[derive(Clone, Debug)]
pub struct Bus {
    local: broadcast::Sender<LiveEvent>,
    /// How many events this instance has heard: what a screen shows changes only with it.
    heard: Arc<std::sync::atomic::AtomicU64>,
    /// On PostgreSQL, the NOTIFY channel of this database schema.
    channel: Option<String>,
    listener: Option<Arc<tokio::task::JoinHandle<()>>>,
}

/// The NOTIFY channel of a schema: tests (and deployments) that share one database in
/// separate schemas do not hear each other.
fn channel_of(schema: &str) -> String {
    let safe: String = schema
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(48)
        .collect();
    format!("qabyldau_live_{safe}")
}

/// A connection LISTENing on `channel`.
async fn listen(url: &str, channel: &str) -> anyhow::Result<sqlx::postgres::PgListener> {
    let mut listener = sqlx::postgres::PgListener::connect(url)
        .await
        .context("cannot open the live-events connection")?;
    listener
        .listen(channel)
        .await
        .context("cannot LISTEN for live events")?;
    Ok(listener)
}

impl Bus {
    /// Starts the bus of a store: on PostgreSQL it listens before it returns, so that no
    /// change committed after the store is open is missed.
    pub async fn start(engine: Engine, url: &str, pool: &sqlx::AnyPool) -> anyhow::Result<Bus> {
        let (local, _) = broadcast::channel(BACKLOG);
        let heard = Arc::new(std::sync::atomic::AtomicU64::new(0));
        if engine == Engine::Sqlite {
            return Ok(Bus {
                local,
                heard,
                channel: None,
                listener: None,
            });
        }
        let schema: String = sqlx::query("SELECT CAST(current_schema() AS TEXT) AS s")
            .fetch_one(pool)
            .await
            .context("cannot read the current schema")?
            .try_get("s")?;
        let channel = channel_of(&schema);
        let mut listener = listen(url, &channel).await?;
        let url = url.to_owned();
        let listened = channel.clone();
        let sender = local.clone();
        let counter = heard.clone();
        let task = tokio::spawn(async move {
            let heard = |event: LiveEvent| {
                counter.fetch_add(1, std::sync::atomic::Ordering::Release);
                let _ = sender.send(event);
            };
            loop {
                match listener.try_recv().await {
                    Ok(Some(n)) => match serde_json::from_str::<LiveEvent>(n.payload()) {
                        Ok(event) => heard(event),
                        Err(e) => tracing::warn!(error = %e, "an unreadable live event"),
                    },
                    // The connection was lost and is back (sqlx reconnects and LISTENs again):
                    // what was said meanwhile is lost, so every screen reads again.
                    Ok(None) => {
                        tracing::warn!("the live-events connection was lost and is back");
                        heard(LiveEvent::missed());
                    }
                    // An error the listener does not recover from by itself (a connection
                    // reset keeps the dead connection): a new listener, once one connects.
                    Err(e) => {
                        tracing::warn!(error = %e, "the live-events connection failed; retrying");
                        listener = loop {
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                            if let Ok(l) = listen(&url, &listened).await {
                                break l;
                            }
                        };
                        heard(LiveEvent::missed());
                    }
                }
            }
        });
        Ok(Bus {
            local,
            heard,
            channel: Some(channel),
            listener: Some(Arc::new(task)),
        })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.local.subscribe()
    }

    /// How many events this instance has heard (and sent) so far: what is kept by it is stale
    /// once it moves (a reconnect of the listener may lose some: a reader that keeps what it
    /// read by this count also keeps it briefly).
    pub fn heard(&self) -> u64 {
        self.heard.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Tells every screen of every instance about a committed change. A failure to tell
    /// is logged, not returned: the change itself is already safe.
    pub async fn publish(&self, pool: &sqlx::AnyPool, event: LiveEvent) {
        match &self.channel {
            None => {
                self.heard
                    .fetch_add(1, std::sync::atomic::Ordering::Release);
                let _ = self.local.send(event);
            }
            Some(channel) => {
                // What this instance keeps by the count is stale from now on, before the
                // notification comes back to it.
                self.heard
                    .fetch_add(1, std::sync::atomic::Ordering::Release);
                let payload = serde_json::to_string(&event).expect("an event serialises");
                if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(channel.as_str())
                    .bind(payload)
                    .execute(pool)
                    .await
                {
                    tracing::warn!(error = %e, "cannot send a live event");
                }
            }
        }
    }

    pub fn stop(&self) {
        if let Some(task) = &self.listener {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_gets_its_own_channel_name_within_the_identifier_limit() {
        assert_eq!(channel_of("public"), "qabyldau_live_public");
        assert_eq!(channel_of("T-1 x"), "qabyldau_live_t_1_x");
        assert!(channel_of(&"s".repeat(200)).len() <= 63);
    }
}
