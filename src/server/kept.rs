//! What an instance keeps of what it read, until it hears of a change: a value is used while
//! the instance has heard no live event since it was read (every instance hears every event,
//! on PostgreSQL through LISTEN/NOTIFY; an instance's own event counts at once, before its
//! notification comes back), and for a short while at most (an event lost by a reconnecting
//! listener). The event count is taken before the read, so a change made during the read
//! makes what was read stale at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Each key's value, with the number of events heard before it was read, and when.
type Values<V> = HashMap<String, (u64, Instant, V)>;

/// Values by key, each with the number of events heard before it was read, and when.
#[derive(Clone)]
pub struct Kept<V> {
    kept: Arc<Mutex<Values<V>>>,
    /// How long a value is kept at most.
    kept_for: Duration,
    /// How many values at most.
    at_most: usize,
}

impl<V: Clone> Kept<V> {
    pub fn new(kept_for: Duration, at_most: usize) -> Kept<V> {
        Kept {
            kept: Default::default(),
            kept_for,
            at_most,
        }
    }

    /// The value kept under `key`, if nothing was heard since it was read (`heard` is the
    /// count now) and it is fresh.
    pub fn get(&self, key: &str, heard: u64) -> Option<V> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key)
            .filter(|(h, at, _)| *h == heard && at.elapsed() < self.kept_for)
            .map(|(_, _, v)| v.clone())
    }

    /// Keeps `value` under `key`, read when `heard` events had been heard.
    pub fn put(&self, key: String, heard: u64, value: V) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= self.at_most {
            let kept_for = self.kept_for;
            kept.retain(|_, (h, at, _)| *h == heard && at.elapsed() < kept_for);
            if kept.len() >= self.at_most {
                kept.clear();
            }
        }
        kept.insert(key, (heard, Instant::now(), value));
    }
}

impl<V> std::fmt::Debug for Kept<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_until_an_event_is_heard_or_it_is_old() {
        let kept = Kept::new(Duration::from_millis(200), 2);
        kept.put("a".into(), 5, 1);
        assert_eq!(kept.get("a", 5), Some(1));
        assert_eq!(kept.get("a", 6), None, "an event heard since");
        assert_eq!(kept.get("b", 5), None);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(kept.get("a", 5), None, "too old");
        // At most two: the stale go first, then all.
        kept.put("b".into(), 5, 2);
        kept.put("c".into(), 5, 3);
        kept.put("d".into(), 5, 4);
        assert_eq!(kept.get("d", 5), Some(4));
        assert!(kept.get("b", 5).is_none() || kept.get("c", 5).is_none());
    }
}
