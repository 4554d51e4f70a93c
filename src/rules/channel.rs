//! How a request for a reception reaches the department (clause 4): the site's own form, an
//! electronic application from egov.kz, paper (by post or brought by hand), orally to the
//! public reception room, or through the department's call-centre.

use serde::{Deserialize, Serialize};

use super::lang::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Egov,
    Paper,
    ByHand,
    Oral,
    CallCentre,
}

impl Channel {
    /// The applicant came in person (by hand, or orally at the reception room): who may be
    /// received on the day of the request (clause 3).
    pub fn in_person(self) -> bool {
        matches!(self, Channel::ByHand | Channel::Oral)
    }

    pub const ALL: [Channel; 6] = [
        Channel::Web,
        Channel::Egov,
        Channel::Paper,
        Channel::ByHand,
        Channel::Oral,
        Channel::CallCentre,
    ];

    /// The channels a clerk registers by hand (everything but the site's own form).
    pub const INTAKE: [Channel; 5] = [
        Channel::Egov,
        Channel::Paper,
        Channel::ByHand,
        Channel::Oral,
        Channel::CallCentre,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Egov => "egov",
            Channel::Paper => "paper",
            Channel::ByHand => "by_hand",
            Channel::Oral => "oral",
            Channel::CallCentre => "call_centre",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> Text {
        let (kk, ru) = match self {
            Channel::Web => ("Сайт", "Сайт"),
            Channel::Egov => ("egov.kz", "egov.kz"),
            Channel::Paper => ("Қағаз (пошта)", "Бумажное (почта)"),
            Channel::ByHand => ("Қолма-қол", "Нарочно"),
            Channel::Oral => (
                "Ауызша (қоғамдық қабылдау)",
                "Устно (общественная приёмная)",
            ),
            Channel::CallCentre => ("Call-орталық", "Call-центр"),
        };
        Text::new(kk, ru)
    }

    /// Written channels: a request without the essence of its question is still registered
    /// and then left without consideration with a notice (clause 5). An oral or telephoned
    /// request is written down by the clerk, who asks for the essence there and then.
    pub fn is_written(self) -> bool {
        matches!(self, Channel::Egov | Channel::Paper | Channel::ByHand)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_of_clause_4_round_trips_through_its_code() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
            let label = c.label();
            assert!(!label.kk.is_empty() && !label.ru.is_empty());
        }
        assert_eq!(Channel::from_code("fax"), None);
        assert!(!Channel::INTAKE.contains(&Channel::Web));
    }
}
