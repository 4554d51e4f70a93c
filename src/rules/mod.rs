//! The regulation as code: pure functions (arguments in, verdict out; no I/O, no clock, no
//! Leptos, no database), compiled into both the wasm bundle and the server, so the form and
//! the server decide with identical code. Each public function names its clause.

pub mod allocation;
pub mod application;
pub mod calendar;
pub mod channel;
pub mod control;
pub mod deadlines;
pub mod duties;
pub mod eligibility;
pub mod identity;
pub mod lang;
pub mod lifecycle;
pub mod papers;
pub mod permissions;
pub mod queue;
pub mod report;
pub mod schedule;
pub mod survey;
pub mod time;
