//! The applicant's mobile number: how they are told about the request (clause 31).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::lang::Text;

/// A Kazakhstan mobile number, stored as `+77XXXXXXXXX`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Why a text is not a Kazakhstan mobile number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PhoneError {
    Empty,
    /// Not ten digits after +7 or 8.
    Format,
    /// A landline or a number of another country.
    NotMobile,
}

impl PhoneError {
    pub fn message(self) -> Text {
        match self {
            PhoneError::Empty => Text::new(
                "Ұялы телефоныңыздың нөмірін жазыңыз: қабылдау туралы сізге осы нөмір арқылы хабарлаймыз.",
                "Укажите номер мобильного телефона: по нему мы сообщим вам о приёме.",
            ),
            PhoneError::Format => Text::new(
                "Телефон нөмірін +7 7XX XXX XX XX түрінде жазыңыз.",
                "Напишите номер телефона в виде +7 7XX XXX XX XX.",
            ),
            PhoneError::NotMobile => Text::new(
                "Қазақстандағы ұялы байланыс операторының нөмірін жазыңыз (+7 70X, +7 74X–77X): қалалық және шетелдік нөмірлер қабылданбайды.",
                "Укажите номер казахстанского мобильного оператора (+7 70X, +7 74X–77X): городские и зарубежные номера не принимаются.",
            ),
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message();
        write!(f, "{} / {}", m.kk, m.ru)
    }
}

impl std::error::Error for PhoneError {}

impl Phone {
    /// Parses a mobile number written as `+7 7XX XXX XX XX`, `8 7XX ...`, `7 7XX ...` or
    /// `7XX ...`, with any spaces, dashes, dots and brackets.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut digits = String::new();
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '\u{a0}' | '-' | '.' | '(' | ')' => {}
                _ => return Err(PhoneError::Format),
            }
        }
        let national = match (plus, digits.len()) {
            (true, 11) if digits.starts_with('7') => &digits[1..],
            (false, 11) if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
            (false, 10) => &digits[..],
            (true, _) if !digits.starts_with('7') => return Err(PhoneError::NotMobile),
            _ => return Err(PhoneError::Format),
        };
        // Mobile codes are 70X and 74X–77X; 71X–73X are landlines, other first digits are
        // Russian or not numbers at all.
        let mut code = national.chars();
        match (code.next(), code.next()) {
            (Some('7'), Some('0' | '4'..='7')) => Ok(Phone(format!("+7{national}"))),
            _ => Err(PhoneError::NotMobile),
        }
    }

    /// `+77XXXXXXXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as shown in lists and logs: enough for the applicant to recognise it.
    pub fn masked(&self) -> String {
        format!("+7 7•• ••• •• {}", &self.0[10..])
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Phone, PhoneError> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}
