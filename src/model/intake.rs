//! What a clerk adds to the application form for a request that came by another channel
//! than the site (clause 4), as the intake page sends it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeFields {
    /// A `rules::channel::Channel` code other than `web`.
    pub channel: String,
    /// When it arrived, local time, `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`).
    pub received: String,
    /// The number in the e-document system or on egov.kz, if any.
    pub external_number: String,
    /// `Some` when a written request states no essence of the question (clause 5).
    pub no_essence: Option<String>,
}
