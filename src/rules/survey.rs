//! The satisfaction survey by phone (clause 38): whom the department asks, and what a call
//! can record.

use serde::{Deserialize, Serialize};

use super::lang::Text;
use super::lifecycle::Status;

/// What an applicant said when phoned (or that they could not be asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Satisfied,
    PartlySatisfied,
    NotSatisfied,
    /// Did not answer the phone, or the number does not work.
    Unreachable,
    /// Answered but would not say.
    DeclinedToAnswer,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Satisfied,
        Outcome::PartlySatisfied,
        Outcome::NotSatisfied,
        Outcome::Unreachable,
        Outcome::DeclinedToAnswer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Satisfied => "satisfied",
            Outcome::PartlySatisfied => "partly_satisfied",
            Outcome::NotSatisfied => "not_satisfied",
            Outcome::Unreachable => "unreachable",
            Outcome::DeclinedToAnswer => "declined_to_answer",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label(self) -> Text {
        let (kk, ru) = match self {
            Outcome::Satisfied => ("Қанағаттанды", "Удовлетворён"),
            Outcome::PartlySatisfied => ("Ішінара қанағаттанды", "Частично удовлетворён"),
            Outcome::NotSatisfied => ("Қанағаттанбады", "Не удовлетворён"),
            Outcome::Unreachable => ("Байланысқа шықпады", "Не удалось связаться"),
            Outcome::DeclinedToAnswer => ("Жауап беруден бас тартты", "Отказался отвечать"),
        };
        Text::new(kk, ru)
    }
}

/// The statuses of the requests whose applicants are asked (clause 38): consulted — the
/// request closed by the final answer (35) — or declined the reception (withdrew).
pub const SURVEYED: [Status; 2] = [Status::Closed, Status::Withdrawn];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consulted_and_those_who_declined_are_asked_and_each_answer_has_both_languages_clause_38()
    {
        assert_eq!(SURVEYED, [Status::Closed, Status::Withdrawn]);
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.code());
            assert!(!o.label().kk.is_empty() && !o.label().ru.is_empty());
        }
        assert_eq!(Outcome::from_code("happy"), None);
    }
}
