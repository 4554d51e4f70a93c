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
}
