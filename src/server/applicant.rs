//! The applicant's path on the server: what the form needs, submission, and the rate limit
//! of status lookups.

use std::{
    collections::HashMap,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Mutex,
    time::{Duration, Instant},
};

use super::{requests, AppState, Error, Result};
use crate::model::request::{FormOptions, OfficialChoice, SubmitOutcome};
use crate::rules::{application::ApplicationForm, lang::Text};

pub async fn form_options(state: &AppState) -> Result<FormOptions> {
    let officials = state
        .store
        .officials()
        .await?
        .into_iter()
        .map(|o| OfficialChoice {
            id: o.id,
            name: Text::new(o.name_kk.full(), o.name_ru.full()),
            position: o.position,
        })
        .collect();
    Ok(FormOptions {
        officials,
        restrictions_in_force: state.config.restrictions_in_force,
        form_key: new_form_key(),
        calendar: crate::rules::calendar::published(),
    })
}

/// 128 random bits, hex: the form's one-time key and the secret of its coupon link.
pub fn new_form_key() -> String {
    super::secrets::random_hex(16)
}

/// A submission through the server function: the rules' refusal is an answer, not an error.
pub async fn submit(state: &AppState, form: &ApplicationForm) -> Result<SubmitOutcome> {
    match requests::submit(
        &state.registrar,
        form,
        chrono::Utc::now(),
        state.config.restrictions_in_force,
    )
    .await
    {
        Ok(r) => Ok(SubmitOutcome::Registered {
            number: r.number,
            coupon_key: r.coupon_key,
        }),
        Err(Error::Invalid(errors)) => Ok(SubmitOutcome::Invalid(errors)),
        Err(e) => Err(e),
    }
}

/// Status lookups a client may make per window: enough for a person, too few to guess IINs.
const LOOKUPS_PER_WINDOW: u32 = 10;
const WINDOW: Duration = Duration::from_secs(60);

/// A fixed-window counter per client address (per server instance).
#[derive(Debug, Default)]
pub struct RateLimiter {
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > 10_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= LOOKUPS_PER_WINDOW
    }

    /// [`RateLimiter::allow`] for the client at `addr`, now; clients whose address is unknown
    /// (no connection info, as in tests without a socket) share one counter.
    pub fn allow_client(&self, addr: Option<SocketAddr>) -> bool {
        let ip = addr.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
        self.allow(ip, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_lookup_in_a_minute_is_refused_and_the_next_minute_is_free() {
        let limiter = RateLimiter::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..LOOKUPS_PER_WINDOW {
            assert!(limiter.allow(ip, t0));
        }
        assert!(!limiter.allow(ip, t0));
        assert!(
            limiter.allow("10.0.0.2".parse().unwrap(), t0),
            "other clients are not affected"
        );
        assert!(limiter.allow(ip, t0 + WINDOW));
    }

    #[test]
    fn form_keys_are_long_and_unique() {
        let a = new_form_key();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_form_key());
    }
}
