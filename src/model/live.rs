//! Live events of the staff screens (DESIGN.md "Live events"): a hint that something
//! changed, never personal data. A screen that hears one reads what it shows again.

use serde::{Deserialize, Serialize};

use crate::rules::lifecycle::Status;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    /// The registration number of the request that changed.
    pub number: String,
    /// Its status now.
    pub status: Status,
    /// Not a request: the calendar changed (`server::calendar`), and every instance reads it
    /// again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub calendar: bool,
}

impl LiveEvent {
    /// Request `number` is now in `status`.
    pub fn request(number: String, status: Status) -> LiveEvent {
        LiveEvent {
            number,
            status,
            calendar: false,
        }
    }

    /// Something may have changed unheard (the live-events connection was lost and is back):
    /// every screen reads what it shows again, and the instance its calendar.
    pub fn missed() -> LiveEvent {
        LiveEvent {
            number: String::new(),
            status: Status::Registered,
            calendar: true,
        }
    }

    /// Staff sessions or accounts changed (a sign-out, a password, an account): no screen
    /// shows them, so the event streams skip it; each instance forgets the sessions it kept.
    pub fn staff() -> LiveEvent {
        LiveEvent {
            number: String::new(),
            status: Status::Registered,
            calendar: false,
        }
    }

    /// Whether this is [`LiveEvent::staff`]'s event.
    pub fn is_staff(&self) -> bool {
        self.number.is_empty() && !self.calendar
    }

    /// The administrator changed the calendar.
    pub fn calendar() -> LiveEvent {
        LiveEvent {
            number: String::new(),
            status: Status::Registered,
            calendar: true,
        }
    }
}
