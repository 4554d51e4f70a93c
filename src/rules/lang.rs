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

/// A fixed interface string in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub kk: &'static str,
    pub ru: &'static str,
}

impl Tr {
    pub const fn new(kk: &'static str, ru: &'static str) -> Tr {
        Tr { kk, ru }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Kk => self.kk,
            Lang::Ru => self.ru,
        }
    }

    pub fn text(self) -> Text {
        Text::new(self.kk, self.ru)
    }
}

impl From<Tr> for Text {
    fn from(tr: Tr) -> Text {
        tr.text()
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

/// Lower case for comparing words of Kazakh, Russian and Latin text: ASCII and the Cyrillic
/// block (Kazakh's ә ғ қ ң ө ұ ү һ і included) as `str::to_lowercase` would write them,
/// every other character as it is. `to_lowercase` would bring all of Unicode's case tables
/// into the browser's bundle for letters a request to an akimat does not contain.
pub fn fold_case(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let code = u32::from(c);
    let lower = match code {
        0x41..=0x5A => code + 0x20,
        0x400..=0x40F => code + 0x50,
        0x410..=0x42F => code + 0x20,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x4FF if code % 2 == 0 => code + 1,
        0x4C0 => 0x4CF,
        0x4C1..=0x4CE if code % 2 == 1 => code + 1,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_case_writes_latin_and_cyrillic_as_to_lowercase_does() {
        let letters = ('A'..='Z').chain('a'..='z').chain('\u{400}'..='\u{4FF}');
        for c in letters {
            let expected: String = c.to_lowercase().collect();
            assert_eq!(
                fold_char(c).to_string(),
                expected,
                "{c} U+{:04X}",
                u32::from(c)
            );
        }
        assert_eq!(
            fold_case("ҚАЗАҚ ТІЛІ, Әкім, ҰЛЫ ҮҢӨҒҺ"),
            "қазақ тілі, әкім, ұлы үңөғһ"
        );
        assert_eq!(
            fold_case("Ἀθῆναι"),
            "Ἀθῆναι",
            "other scripts stay as they are"
        );
    }
}
