//! Data that travels between the browser and the server (serde), shared by `ui`, `api` and `server`.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::rules::lang::{Lang, Text};

/// A person's name as written in one language: surname, given name and patronymic where
/// present (clause 7 requires all three on the published schedule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
}

impl PersonName {
    pub fn full(&self) -> String {
        match &self.patronymic {
            Some(p) if !p.is_empty() => format!("{} {} {}", self.surname, self.name, p),
            _ => format!("{} {}", self.surname, self.name),
        }
    }
}

/// An official of the akimat's apparatus who receives citizens (clause 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub id: i64,
    /// The official's name in Kazakh and in Russian spelling (they differ: «Жеңіс» / «Женис»).
    pub name_kk: PersonName,
    pub name_ru: PersonName,
    pub position: Text,
    pub role: crate::rules::duties::OfficialRole,
}

impl Official {
    pub fn full_name(&self, lang: Lang) -> String {
        match lang {
            Lang::Kk => self.name_kk.full(),
            Lang::Ru => self.name_ru.full(),
        }
    }
}

/// One reception day of one official, as published (clause 7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionDay {
    pub id: i64,
    pub official_id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub place: Text,
    pub cancelled: bool,
}

/// The public schedule of one official for a period: no applicant's data, ever.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialSchedule {
    pub official: Official,
    pub days: Vec<ReceptionDay>,
    /// For each day already held: how many applicants were received (clause 26: the
    /// receptions are public; counts only), by day id.
    pub held: Vec<(i64, i64)>,
}

/// The public reception schedule of a month (clause 7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthSchedule {
    pub year: i32,
    pub month: u32,
    pub akimat: Text,
    pub officials: Vec<OfficialSchedule>,
}

pub mod allocation;
pub mod calendar;
pub mod card;
pub mod desk;
pub mod inbox;
pub mod intake;
pub mod live;
pub mod messages;
pub mod planning;
pub mod report;
pub mod request;
pub mod staff;
