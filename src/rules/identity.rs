//! Identity numbers the applicant presents before the reception (clause 10): the individual
//! identification number (ЖСН / ИИН) of a person, the business identification number
//! (БСН / БИН) of the legal entity a representative speaks for, and the document number of a
//! foreigner or stateless person who has no IIN (clause 11).
//!
//! Both are 12 digits whose last digit is a mod-11 check digit over the first eleven, computed
//! the same way for both numbers.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lang::Text;

/// Weights of the first pass of the check digit.
const WEIGHTS_FIRST: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/// Weights of the second pass, used only when the first pass yields 10.
const WEIGHTS_SECOND: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit for the first eleven digits, or `None` when both passes yield 10:
/// no number with such a prefix is ever issued.
fn check_digit(first11: &[u8]) -> Option<u8> {
    let pass = |weights: &[u32; 11]| {
        first11
            .iter()
            .zip(weights)
            .map(|(&d, &w)| u32::from(d) * w)
            .sum::<u32>()
            % 11
    };
    match pass(&WEIGHTS_FIRST) {
        10 => match pass(&WEIGHTS_SECOND) {
            10 => None,
            d => Some(d as u8),
        },
        d => Some(d as u8),
    }
}

/// Twelve digit values (0–9), or `None`.
///
/// Surrounding whitespace is trimmed; inner spaces (ordinary and non-breaking) are dropped
/// because documents and bank forms print the number in groups ("900101 300 123"). Any other
/// character makes the input not a number.
fn twelve_digits(input: &str) -> Option<[u8; 12]> {
    let mut digits = [0u8; 12];
    let mut count = 0;
    for c in input.trim().chars() {
        if c == ' ' || c == '\u{a0}' {
            continue;
        }
        let d = c.to_digit(10)?;
        *digits.get_mut(count)? = d as u8;
        count += 1;
    }
    (count == 12).then_some(digits)
}

fn number(digits: &[u8], from: usize, to: usize) -> u32 {
    digits[from..to]
        .iter()
        .fold(0, |n, &d| n * 10 + u32::from(d))
}

fn as_string(digits: &[u8; 12]) -> String {
    digits.iter().map(|&d| char::from(b'0' + d)).collect()
}

/// Verifies the check digit shared by ЖСН and БСН.
fn verify_check_digit(digits: &[u8; 12]) -> Result<(), CheckFailure> {
    match check_digit(&digits[..11]) {
        None => Err(CheckFailure::NoValidNumber),
        Some(d) if d == digits[11] => Ok(()),
        Some(_) => Err(CheckFailure::Mismatch),
    }
}

enum CheckFailure {
    Mismatch,
    NoValidNumber,
}

/// Sex encoded in the seventh digit of an ЖСН.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn name(self) -> Text {
        match self {
            Sex::Male => Text::new("Ер", "Мужской"),
            Sex::Female => Text::new("Әйел", "Женский"),
        }
    }
}

/// Individual identification number (ЖСН / ИИН), presented before the reception (clause 10).
///
/// Layout: `YYMMDD` birth date, one century-and-sex digit, four serial digits, one check digit.
/// The seventh digit is 1/2 for men/women born in the 1800s, 3/4 in the 1900s, 5/6 in the
/// 2000s. A seventh digit 0 occurs in numbers issued to some foreigners, whose century and sex
/// are not encoded; such numbers are accepted, because clauses 11 and 12 receive foreigners and
/// stateless persons too, and their date is then only checked to be a day that exists in some
/// year (29 February allowed). Digits 7–9 are never issued.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin([u8; 12]);

/// Which part of an ЖСН is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IinError {
    /// Not exactly twelve digits.
    Format,
    /// The first six digits are not a calendar date.
    BirthDate,
    /// The seventh digit is 7, 8 or 9.
    CenturySex,
    /// The last digit does not match the other eleven.
    CheckDigit,
    /// No check digit exists for the first eleven digits, so the number cannot have been issued.
    NoValidNumber,
}

impl IinError {
    pub fn message(self) -> Text {
        match self {
            IinError::Format => Text::new(
                "ЖСН 12 цифрдан тұруы керек.",
                "ИИН должен состоять из 12 цифр.",
            ),
            IinError::BirthDate => Text::new(
                "ЖСН-нің алғашқы алты цифры (туған күні, ЖЖААКК) нақты күнтізбелік күнге сәйкес келмейді.",
                "Первые шесть цифр ИИН (дата рождения, ГГММДД) не образуют существующую дату.",
            ),
            IinError::CenturySex => Text::new(
                "ЖСН-нің жетінші цифры (туған ғасыры мен жынысы) 0-ден 6-ға дейін болуы керек.",
                "Седьмая цифра ИИН (век рождения и пол) должна быть от 0 до 6.",
            ),
            IinError::CheckDigit => Text::new(
                "ЖСН-нің соңғы, бақылау цифры сәйкес келмейді: нөмірде қате бар, тексеріп, қайта енгізіңіз.",
                "Последняя, контрольная цифра ИИН не сходится: в номере опечатка, проверьте и введите заново.",
            ),
            IinError::NoValidNumber => Text::new(
                "Алғашқы 11 цифры осындай ЖСН берілмейді: нөмірде қате бар, тексеріп, қайта енгізіңіз.",
                "ИИН с такими первыми 11 цифрами не выдаётся: в номере опечатка, проверьте и введите заново.",
            ),
        }
    }
}

impl fmt::Display for IinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message();
        write!(f, "{} / {}", m.kk, m.ru)
    }
}

impl std::error::Error for IinError {}

impl Iin {
    /// Parses an ЖСН presented before the reception (clause 10), naming the wrong part if any.
    pub fn parse(input: &str) -> Result<Iin, IinError> {
        let digits = twelve_digits(input).ok_or(IinError::Format)?;
        let century = match digits[6] {
            0 => None,
            1 | 2 => Some(1800),
            3 | 4 => Some(1900),
            5 | 6 => Some(2000),
            _ => return Err(IinError::CenturySex),
        };
        let (yy, mm, dd) = (
            number(&digits, 0, 2),
            number(&digits, 2, 4),
            number(&digits, 4, 6),
        );
        // Without a century, 2000 stands in: a leap year, so every day that exists at all passes.
        let year = century.unwrap_or(2000) + yy as i32;
        NaiveDate::from_ymd_opt(year, mm, dd).ok_or(IinError::BirthDate)?;
        verify_check_digit(&digits).map_err(|e| match e {
            CheckFailure::Mismatch => IinError::CheckDigit,
            CheckFailure::NoValidNumber => IinError::NoValidNumber,
        })?;
        Ok(Iin(digits))
    }

    /// The twelve digits, without spaces.
    pub fn as_string(&self) -> String {
        as_string(&self.0)
    }

    /// Date of birth; `None` when the seventh digit is 0 and the century is not encoded.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let century = match self.0[6] {
            1 | 2 => 1800,
            3 | 4 => 1900,
            5 | 6 => 2000,
            _ => return None,
        };
        NaiveDate::from_ymd_opt(
            century + number(&self.0, 0, 2) as i32,
            number(&self.0, 2, 4),
            number(&self.0, 4, 6),
        )
    }

    /// Sex; `None` when the seventh digit is 0.
    pub fn sex(&self) -> Option<Sex> {
        match self.0[6] {
            0 => None,
            d if d % 2 == 1 => Some(Sex::Male),
            _ => Some(Sex::Female),
        }
    }

    /// The number as shown in lists and schedules (clause 7 posts schedules publicly): the birth
    /// date and sex are personal data, so only the last four digits remain, enough for staff
    /// to tell two applicants apart.
    pub fn masked(&self) -> String {
        let tail: String = self.0[8..].iter().map(|&d| char::from(b'0' + d)).collect();
        format!("••••••••{tail}")
    }
}

impl fmt::Debug for Iin {
    // Debug output ends up in logs, so it is masked like a public list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iin({})", self.masked())
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl TryFrom<String> for Iin {
    type Error = IinError;
    fn try_from(s: String) -> Result<Iin, IinError> {
        Iin::parse(&s)
    }
}

impl From<Iin> for String {
    fn from(iin: Iin) -> String {
        iin.as_string()
    }
}

/// Kind of entity, the fifth digit of a БСН.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityType {
    /// 4
    ResidentLegalEntity,
    /// 5
    NonResidentLegalEntity,
    /// 6: an individual entrepreneur working as joint entrepreneurship, ИП(С).
    JointEntrepreneurship,
}

impl EntityType {
    pub fn name(self) -> Text {
        match self {
            EntityType::ResidentLegalEntity => {
                Text::new("Резидент заңды тұлға", "Юридическое лицо — резидент")
            }
            EntityType::NonResidentLegalEntity => {
                Text::new("Бейрезидент заңды тұлға", "Юридическое лицо — нерезидент")
            }
            EntityType::JointEntrepreneurship => Text::new(
                "Бірлескен кәсіпкерлік түрінде қызмет ететін дара кәсіпкер",
                "Индивидуальный предприниматель, осуществляющий деятельность в виде совместного предпринимательства",
            ),
        }
    }
}

/// Which unit of the entity, the sixth digit of a БСН.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Division {
    /// 0
    HeadOffice,
    /// 1
    Branch,
    /// 2
    RepresentativeOffice,
    /// 3
    PeasantFarm,
}

impl Division {
    pub fn name(self) -> Text {
        match self {
            Division::HeadOffice => Text::new("Бас бөлімше", "Головное подразделение"),
            Division::Branch => Text::new("Филиал", "Филиал"),
            Division::RepresentativeOffice => Text::new("Өкілдік", "Представительство"),
            Division::PeasantFarm => Text::new(
                "Бірлескен кәсіпкерлік негізінде қызмет ететін шаруа (фермер) қожалығы",
                "Крестьянское (фермерское) хозяйство, осуществляющее деятельность на основе совместного предпринимательства",
            ),
        }
    }
}

/// Business identification number (БСН / БИН) of the legal entity whose representative comes
/// to the reception (clauses 2 and 10).
///
/// Layout: `YYMM` of registration, entity type (4, 5, 6), division (0–3), five serial digits,
/// one check digit computed like the ЖСН's.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bin([u8; 12]);

/// Which part of a БСН is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BinError {
    /// Not exactly twelve digits.
    Format,
    /// The third and fourth digits are not a month 01–12.
    RegistrationMonth,
    /// The fifth digit is not 4, 5 or 6.
    EntityType,
    /// The sixth digit is not 0–3.
    Division,
    /// The last digit does not match the other eleven.
    CheckDigit,
    /// No check digit exists for the first eleven digits.
    NoValidNumber,
}

impl BinError {
    pub fn message(self) -> Text {
        match self {
            BinError::Format => Text::new(
                "БСН 12 цифрдан тұруы керек.",
                "БИН должен состоять из 12 цифр.",
            ),
            BinError::RegistrationMonth => Text::new(
                "БСН-нің үшінші және төртінші цифрлары (тіркелген айы) 01-ден 12-ге дейін болуы керек.",
                "Третья и четвёртая цифры БИН (месяц регистрации) должны быть от 01 до 12.",
            ),
            BinError::EntityType => Text::new(
                "БСН-нің бесінші цифры (тұлғаның түрі) 4, 5 немесе 6 болуы керек.",
                "Пятая цифра БИН (тип лица) должна быть 4, 5 или 6.",
            ),
            BinError::Division => Text::new(
                "БСН-нің алтыншы цифры (бөлімше белгісі) 0-ден 3-ке дейін болуы керек.",
                "Шестая цифра БИН (признак подразделения) должна быть от 0 до 3.",
            ),
            BinError::CheckDigit => Text::new(
                "БСН-нің соңғы, бақылау цифры сәйкес келмейді: нөмірде қате бар, тексеріп, қайта енгізіңіз.",
                "Последняя, контрольная цифра БИН не сходится: в номере опечатка, проверьте и введите заново.",
            ),
            BinError::NoValidNumber => Text::new(
                "Алғашқы 11 цифры осындай БСН берілмейді: нөмірде қате бар, тексеріп, қайта енгізіңіз.",
                "БИН с такими первыми 11 цифрами не выдаётся: в номере опечатка, проверьте и введите заново.",
            ),
        }
    }
}

impl fmt::Display for BinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message();
        write!(f, "{} / {}", m.kk, m.ru)
    }
}

impl std::error::Error for BinError {}

impl Bin {
    /// Parses the БСН of the entity a representative speaks for (clauses 2 and 10).
    pub fn parse(input: &str) -> Result<Bin, BinError> {
        let digits = twelve_digits(input).ok_or(BinError::Format)?;
        if !(1..=12).contains(&number(&digits, 2, 4)) {
            return Err(BinError::RegistrationMonth);
        }
        if !(4..=6).contains(&digits[4]) {
            return Err(BinError::EntityType);
        }
        if digits[5] > 3 {
            return Err(BinError::Division);
        }
        verify_check_digit(&digits).map_err(|e| match e {
            CheckFailure::Mismatch => BinError::CheckDigit,
            CheckFailure::NoValidNumber => BinError::NoValidNumber,
        })?;
        Ok(Bin(digits))
    }

    /// The twelve digits, without spaces.
    pub fn as_string(&self) -> String {
        as_string(&self.0)
    }

    /// Two-digit year and month of (re-)registration. The century is not encoded: entities
    /// registered before БСН existed kept their original year (e.g. `94…` for 1994).
    pub fn registration_year_month(&self) -> (u32, u32) {
        (number(&self.0, 0, 2), number(&self.0, 2, 4))
    }

    pub fn entity_type(&self) -> EntityType {
        match self.0[4] {
            4 => EntityType::ResidentLegalEntity,
            5 => EntityType::NonResidentLegalEntity,
            _ => EntityType::JointEntrepreneurship,
        }
    }

    pub fn division(&self) -> Division {
        match self.0[5] {
            0 => Division::HeadOffice,
            1 => Division::Branch,
            2 => Division::RepresentativeOffice,
            _ => Division::PeasantFarm,
        }
    }
}

impl fmt::Debug for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bin({})", self.as_string())
    }
}

impl fmt::Display for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl TryFrom<String> for Bin {
    type Error = BinError;
    fn try_from(s: String) -> Result<Bin, BinError> {
        Bin::parse(&s)
    }
}

impl From<Bin> for String {
    fn from(bin: Bin) -> String {
        bin.as_string()
    }
}

/// The number of a foreign passport or other identity document of a foreigner or stateless
/// person who has no IIN (clauses 10 and 11), as its machine-readable zone writes it (ICAO
/// 9303: Latin capitals and digits): spaces and hyphens dropped, letters in capitals
/// ("aa 123-4567" → "AA1234567").
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentNumber(String);

/// Most characters a document number may have once spaces and hyphens are dropped.
pub const DOCUMENT_NUMBER_MAX_CHARS: usize = 20;

impl DocumentNumber {
    pub fn parse(input: &str) -> Result<DocumentNumber, Text> {
        let number: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !(5..=DOCUMENT_NUMBER_MAX_CHARS).contains(&number.len())
            || !number.bytes().all(|b| b.is_ascii_alphanumeric())
            || !number.bytes().any(|b| b.is_ascii_digit())
        {
            return Err(Text::new(
                format!("Құжаттың нөмірін ол құжатта жазылғандай көрсетіңіз: 5-тен {DOCUMENT_NUMBER_MAX_CHARS}-ға дейін латын әрпі мен цифр."),
                format!("Укажите номер документа так, как он записан в документе: от 5 до {DOCUMENT_NUMBER_MAX_CHARS} латинских букв и цифр."),
            ));
        }
        Ok(DocumentNumber(number))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DocumentNumber {
    // Personal data: logs see only the last three characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        write!(f, "DocumentNumber(…{tail})")
    }
}

impl TryFrom<String> for DocumentNumber {
    type Error = String;
    fn try_from(s: String) -> Result<DocumentNumber, String> {
        DocumentNumber::parse(&s).map_err(|t| t.ru)
    }
}

impl From<DocumentNumber> for String {
    fn from(d: DocumentNumber) -> String {
        d.0
    }
}

/// Who the applicant is, by the identity document shown before the reception (clause 10): the
/// IIN, or for a foreigner or stateless person who has none, their document's number
/// (clause 11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Iin(Iin),
    Document(DocumentNumber),
}

impl Identity {
    /// What requests are stored and looked up by: the IIN's twelve digits, or the document
    /// number as [`DocumentNumber`] writes it.
    pub fn key(&self) -> String {
        match self {
            Identity::Iin(iin) => iin.as_string(),
            Identity::Document(d) => d.as_str().to_owned(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Identity::Iin(_) => "iin",
            Identity::Document(_) => "document",
        }
    }

    /// The key of what an applicant typed where the IIN or, lacking one, the document number
    /// is asked for (the status page); `None` for something that is neither.
    pub fn lookup_key(input: &str) -> Option<String> {
        match Iin::parse(input) {
            Ok(iin) => Some(iin.as_string()),
            Err(_) => DocumentNumber::parse(input).ok().map(|d| d.0),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_foreigners_document_number_is_read_as_written_clause_11() {
        assert_eq!(
            DocumentNumber::parse(" aa 123-4567 ").unwrap().as_str(),
            "AA1234567"
        );
        assert_eq!(
            DocumentNumber::parse("4508 123456").unwrap().as_str(),
            "4508123456"
        );
        for bad in [
            "",
            "1234",
            "ABCDEFG",
            "AA<1234567>",
            "АВ1234567",
            &"1".repeat(21),
        ] {
            assert!(DocumentNumber::parse(bad).is_err(), "{bad}");
        }
        let d = DocumentNumber::parse("AA1234567").unwrap();
        assert!(!format!("{d:?}").contains("1234"), "masked in logs");
    }

    #[test]
    fn requests_are_looked_up_by_the_iin_or_the_document_number() {
        assert_eq!(
            Identity::lookup_key("9001 0130 0126").as_deref(),
            Some("900101300126")
        );
        assert_eq!(
            Identity::lookup_key("aa 1234567").as_deref(),
            Some("AA1234567")
        );
        assert_eq!(Identity::lookup_key("<script>"), None);
        let passport = Identity::Document(DocumentNumber::parse("AA1234567").unwrap());
        assert_eq!(Identity::lookup_key("AA1234567"), Some(passport.key()));
    }
    use super::*;
    use proptest::prelude::*;

    /// Completes eleven digits with their check digit, as an issuing office would.
    fn issue(first11: &str) -> String {
        let digits: Vec<u8> = first11.bytes().map(|b| b - b'0').collect();
        let check = check_digit(&digits).expect("prefix has a check digit");
        format!("{first11}{check}")
    }

    fn with_last_digit_changed(number: &str) -> String {
        let last = number.as_bytes()[11] - b'0';
        format!("{}{}", &number[..11], (last + 1) % 10)
    }

    #[test]
    fn iin_of_a_man_born_in_1990_is_accepted_before_the_reception_clause_10() {
        let iin = Iin::parse(&issue("90010130012")).unwrap();
        assert_eq!(iin.birth_date(), NaiveDate::from_ymd_opt(1990, 1, 1));
        assert_eq!(iin.sex(), Some(Sex::Male));
        assert_eq!(iin.as_string().len(), 12);
    }

    #[test]
    fn iin_of_a_woman_born_in_2004_and_in_1899_carries_century_and_sex_clause_10() {
        let iin = Iin::parse(&issue("04022960345")).unwrap();
        assert_eq!(iin.birth_date(), NaiveDate::from_ymd_opt(2004, 2, 29));
        assert_eq!(iin.sex(), Some(Sex::Female));
        let old = Iin::parse(&issue("99123120001")).unwrap();
        assert_eq!(old.birth_date(), NaiveDate::from_ymd_opt(1899, 12, 31));
        assert_eq!(old.sex(), Some(Sex::Female));
    }

    #[test]
    fn iin_first_pass_remainder_ten_uses_second_weights_clause_10() {
        // Some serial makes the first pass yield 10; the number must still be issuable.
        let prefix = (0..10_000)
            .map(|serial| format!("8506153{serial:04}"))
            .find(|p| {
                let d: Vec<u8> = p.bytes().map(|b| b - b'0').collect();
                d.iter()
                    .zip(WEIGHTS_FIRST)
                    .map(|(&x, w)| u32::from(x) * w)
                    .sum::<u32>()
                    % 11
                    == 10
                    && check_digit(&d).is_some()
            })
            .unwrap();
        assert!(Iin::parse(&issue(&prefix)).is_ok());
    }

    #[test]
    fn iin_of_a_foreigner_without_century_has_no_birth_date_or_sex_clause_11() {
        let iin = Iin::parse(&issue("96022900077")).unwrap();
        assert_eq!(iin.birth_date(), None);
        assert_eq!(iin.sex(), None);
        assert_eq!(
            Iin::parse(&issue("96023000077")),
            Err(IinError::BirthDate),
            "30 February exists in no year"
        );
    }

    #[test]
    fn iin_with_wrong_length_or_letters_is_a_format_error() {
        for input in [
            "",
            "12345",
            "9001013001234",
            "90010130012a",
            "900101-300123",
        ] {
            assert_eq!(Iin::parse(input), Err(IinError::Format), "{input:?}");
        }
        assert_eq!(Iin::parse("٩٠٠١٠١٣٠٠١٢٣"), Err(IinError::Format));
    }

    #[test]
    fn iin_with_impossible_birth_date_names_the_birth_date() {
        assert_eq!(Iin::parse(&issue("90130130012")), Err(IinError::BirthDate));
        assert_eq!(Iin::parse(&issue("90023130012")), Err(IinError::BirthDate));
        // 1900 was not a leap year.
        assert_eq!(Iin::parse(&issue("00022930012")), Err(IinError::BirthDate));
    }

    #[test]
    fn iin_with_seventh_digit_seven_to_nine_names_century_and_sex() {
        for d in ['7', '8', '9'] {
            let iin = issue(&format!("900101{d}0012"));
            assert_eq!(Iin::parse(&iin), Err(IinError::CenturySex));
        }
    }

    #[test]
    fn iin_with_a_typo_names_the_check_digit() {
        let valid = issue("90010130012");
        assert_eq!(
            Iin::parse(&with_last_digit_changed(&valid)),
            Err(IinError::CheckDigit)
        );
    }

    #[test]
    fn iin_prefix_without_any_check_digit_is_never_issued() {
        let prefix = (0..10_000)
            .map(|serial| format!("9001013{serial:04}"))
            .find(|p| check_digit(&p.bytes().map(|b| b - b'0').collect::<Vec<_>>()).is_none())
            .unwrap();
        for last in 0..10 {
            assert_eq!(
                Iin::parse(&format!("{prefix}{last}")),
                Err(IinError::NoValidNumber)
            );
        }
    }

    #[test]
    fn iin_surrounding_whitespace_and_inner_spaces_are_ignored() {
        let valid = issue("90010130012");
        let spaced = format!("  {} {}\u{a0}{}\n", &valid[..6], &valid[6..9], &valid[9..]);
        assert_eq!(Iin::parse(&spaced), Iin::parse(&valid));
        assert!(Iin::parse(&spaced).is_ok());
    }

    #[test]
    fn iin_is_masked_in_lists_hiding_the_birth_date() {
        let valid = issue("90010130012");
        let iin = Iin::parse(&valid).unwrap();
        assert_eq!(iin.masked(), format!("••••••••{}", &valid[8..]));
        assert!(!format!("{iin:?}").contains("900101"));
    }

    #[test]
    fn iin_round_trips_through_serde_and_rejects_invalid_json() {
        let iin = Iin::parse(&issue("90010130012")).unwrap();
        let json = serde_json::to_string(&iin).unwrap();
        assert_eq!(serde_json::from_str::<Iin>(&json).unwrap(), iin);
        assert!(serde_json::from_str::<Iin>("\"123\"").is_err());
    }

    #[test]
    fn every_error_has_kazakh_and_russian_messages() {
        let iin = [
            IinError::Format,
            IinError::BirthDate,
            IinError::CenturySex,
            IinError::CheckDigit,
            IinError::NoValidNumber,
        ]
        .map(IinError::message);
        let bin = [
            BinError::Format,
            BinError::RegistrationMonth,
            BinError::EntityType,
            BinError::Division,
            BinError::CheckDigit,
            BinError::NoValidNumber,
        ]
        .map(BinError::message);
        for m in iin.iter().chain(&bin) {
            assert!(m.kk.contains("ЖСН") || m.kk.contains("БСН"));
            assert!(m.ru.contains("ИИН") || m.ru.contains("БИН"));
        }
    }

    #[test]
    fn bin_of_a_resident_head_office_is_accepted_for_a_representative_clause_10() {
        // A real, published БСН (registered January 1994).
        let bin = Bin::parse("940140000385").unwrap();
        assert_eq!(bin.registration_year_month(), (94, 1));
        assert_eq!(bin.entity_type(), EntityType::ResidentLegalEntity);
        assert_eq!(bin.division(), Division::HeadOffice);
        let branch = Bin::parse(&issue("07105100123")).unwrap();
        assert_eq!(branch.entity_type(), EntityType::NonResidentLegalEntity);
        assert_eq!(branch.division(), Division::Branch);
        let farm = Bin::parse(&issue("21126300042")).unwrap();
        assert_eq!(farm.entity_type(), EntityType::JointEntrepreneurship);
        assert_eq!(farm.division(), Division::PeasantFarm);
    }

    #[test]
    fn bin_names_the_wrong_part() {
        assert_eq!(Bin::parse("94014000038"), Err(BinError::Format));
        assert_eq!(
            Bin::parse(&issue("94134000038")),
            Err(BinError::RegistrationMonth)
        );
        assert_eq!(
            Bin::parse(&issue("94004000038")),
            Err(BinError::RegistrationMonth)
        );
        assert_eq!(Bin::parse(&issue("94017000038")), Err(BinError::EntityType));
        assert_eq!(Bin::parse(&issue("94014400038")), Err(BinError::Division));
        assert_eq!(Bin::parse("940140000386"), Err(BinError::CheckDigit));
        assert_eq!(Bin::parse(" 940 140 000 385 "), Bin::parse("940140000385"));
    }

    #[test]
    fn bin_prefix_without_any_check_digit_is_never_issued() {
        let prefix = (0..100_000)
            .map(|serial| format!("210140{serial:05}"))
            .find(|p| check_digit(&p.bytes().map(|b| b - b'0').collect::<Vec<_>>()).is_none())
            .unwrap();
        assert_eq!(
            Bin::parse(&format!("{prefix}0")),
            Err(BinError::NoValidNumber)
        );
    }

    proptest! {
        #[test]
        fn any_iin_prefix_has_exactly_one_check_digit_or_none_at_all(
            date in (0u32..100, 1u32..=12, 1u32..=28),
            century_sex in 1u8..=6,
            serial in 0u32..10_000,
        ) {
            let prefix = format!("{:02}{:02}{:02}{century_sex}{serial:04}", date.0, date.1, date.2);
            let verdicts: Vec<_> = (0..10).map(|d| Iin::parse(&format!("{prefix}{d}"))).collect();
            let valid = verdicts.iter().filter(|v| v.is_ok()).count();
            if verdicts.iter().all(|v| *v == Err(IinError::NoValidNumber)) {
                prop_assert_eq!(valid, 0);
            } else {
                prop_assert_eq!(valid, 1);
                prop_assert!(verdicts.iter().all(|v| v.is_ok() || *v == Err(IinError::CheckDigit)));
            }
        }

        #[test]
        fn iin_parse_never_panics(s in "\\PC{0,20}") {
            let _ = Iin::parse(&s);
            let _ = Bin::parse(&s);
        }
    }
}
