//! The staff workspace's data as the pages see it.

use serde::{Deserialize, Serialize};

use crate::rules::lang::Text;
use crate::rules::permissions::StaffRole;

/// The signed-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub role: StaffRole,
    /// A password given by someone else is changed before anything else.
    pub must_change_password: bool,
}

/// A sign-in (or password change) the server refused, shown in the form again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffFormError {
    pub login: String,
    pub message: Text,
}
