//! The two languages of the reception (clause 23) and bilingual messages.
//!
//! Clause 7 requires schedules in Kazakh and Russian; clause 23 lets the applicant choose
//! either for the reception itself. Every message a rule produces carries both.

use serde::{Deserialize, Serialize};

/// Language of the reception, at the applicant's choice (clause 23).
/// Kazakh, the state language, comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Kk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Kk, Lang::Ru];

    /// The ISO 639-1 code, as used in URLs, cookies and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "kk" | "kz" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }
}

/// A message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    pub kk: String,
    pub ru: String,
}

impl Text {
    pub fn new(kk: impl Into<String>, ru: impl Into<String>) -> Text {
        Text {
            kk: kk.into(),
            ru: ru.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
        }
    }
}
