//! The request for a personal reception as the applicant fills it in: who applies (clause 10:
//! an individual, or a representative of a legal entity with a power of attorney), how to reach
//! them, whom they ask to see, the question (clauses 5 and 16), the language (clause 23), the
//! consent to video (clauses 14, 15), a declared out-of-turn category (clause 13), and whether
//! they are a foreigner or stateless person (clause 11).
//!
//! [`validate_application`] runs in the browser as the applicant types and again on the server
//! before saving, and reports every problem at once, one per field, in the order of the form.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::duties::{reception_format, reception_language, Format};
use super::eligibility::{
    check_request, check_request_with, EligibleRequest, Essence, Field, PastRequest, Refusal,
    RequestDraft,
};
use super::identity::{Bin, DocumentNumber, Identity, Iin};
use super::lang::{Lang, Text};
use super::queue::OutOfTurn;

/// Most characters of the form's idempotency key (a UUID needs 36).
pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 100;
/// Most characters of a surname, name or patronymic.
pub const NAME_MAX_CHARS: usize = 100;
/// Most characters of the name of a legal entity.
pub const ORGANISATION_MAX_CHARS: usize = 300;
/// Most characters of the number of a power of attorney.
pub const POA_NUMBER_MAX_CHARS: usize = 50;
/// Most characters of an e-mail address (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
/// Most characters of the language an interpreter is asked for.
pub const INTERPRETER_LANG_MAX_CHARS: usize = 50;

/// The request for a personal reception exactly as typed into the form: all text, as the
/// browser posts it. Checkboxes are `Some("on")` or `None`, so a plain HTML form posts it too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    /// Lets the server recognise a form posted twice; checked here only for length.
    pub idempotency_key: String,
    /// `individual` or `representative` (clause 10).
    pub applicant_kind: String,
    pub iin: String,
    /// Representative only (clause 10).
    pub bin: String,
    /// Representative only (clause 10).
    pub organisation: String,
    /// Number of the power of attorney, representative only (clause 10).
    pub poa_number: String,
    /// Date of the power of attorney, `YYYY-MM-DD` (or `DD.MM.YYYY`), representative only.
    pub poa_date: String,
    pub surname: String,
    pub name: String,
    /// Optional.
    pub patronymic: String,
    /// Kazakhstan mobile number in any usual spelling.
    pub phone: String,
    /// Optional.
    pub email: String,
    /// Numeric id of the official the applicant asks to see.
    pub official_id: String,
    pub topic_id: String,
    pub essence: String,
    /// `kk` or `ru` (clause 23).
    pub lang: String,
    /// Consent to a reception by video (clause 14).
    pub video_consent: Option<String>,
    /// Empty, or an out-of-turn category in snake_case (clause 13), declared now and proved
    /// at the reception.
    pub out_of_turn: String,
    /// Foreigner or stateless person (clause 11).
    pub foreigner: Option<String>,
    /// A foreigner's or stateless person's document number, when they have no IIN (clause 11).
    pub id_document: String,
    /// Optional language an interpreter is asked for.
    pub interpreter_lang: String,
}

/// The form's fields in the order the form shows them; errors are reported in this order.
/// A field of the request form, in the order the form shows them (errors are listed in
/// this order). Its [`FormField::name`] is the HTML `name`, the `id` of the input and the
/// key in [`ApplicationForm`]; a renamed field is a compile error, not a silent mismatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormField {
    IdempotencyKey,
    ApplicantKind,
    Iin,
    Bin,
    Organisation,
    PoaNumber,
    PoaDate,
    Surname,
    Name,
    Patronymic,
    Phone,
    Email,
    OfficialId,
    TopicId,
    Essence,
    Lang,
    VideoConsent,
    OutOfTurn,
    Foreigner,
    IdDocument,
    InterpreterLang,
}

impl FormField {
    pub const ALL: [FormField; 21] = [
        FormField::IdempotencyKey,
        FormField::ApplicantKind,
        FormField::Iin,
        FormField::Bin,
        FormField::Organisation,
        FormField::PoaNumber,
        FormField::PoaDate,
        FormField::Surname,
        FormField::Name,
        FormField::Patronymic,
        FormField::Phone,
        FormField::Email,
        FormField::OfficialId,
        FormField::TopicId,
        FormField::Essence,
        FormField::Lang,
        FormField::VideoConsent,
        FormField::OutOfTurn,
        FormField::Foreigner,
        FormField::IdDocument,
        FormField::InterpreterLang,
    ];

    /// The name of the field in the HTML form.
    pub fn name(self) -> &'static str {
        match self {
            FormField::IdempotencyKey => "idempotency_key",
            FormField::ApplicantKind => "applicant_kind",
            FormField::Iin => "iin",
            FormField::Bin => "bin",
            FormField::Organisation => "organisation",
            FormField::PoaNumber => "poa_number",
            FormField::PoaDate => "poa_date",
            FormField::Surname => "surname",
            FormField::Name => "name",
            FormField::Patronymic => "patronymic",
            FormField::Phone => "phone",
            FormField::Email => "email",
            FormField::OfficialId => "official_id",
            FormField::TopicId => "topic_id",
            FormField::Essence => "essence",
            FormField::Lang => "lang",
            FormField::VideoConsent => "video_consent",
            FormField::OutOfTurn => "out_of_turn",
            FormField::Foreigner => "foreigner",
            FormField::IdDocument => "id_document",
            FormField::InterpreterLang => "interpreter_lang",
        }
    }
}

/// Lets tests and callers compare a field with its form name.
impl PartialEq<&str> for FormField {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// Whether the applicant speaks for themselves or for a legal entity (clause 10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    #[default]
    Individual,
    Representative,
}

/// The legal entity a representative speaks for and the document that authorises them
/// (clause 10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representative {
    pub bin: Bin,
    pub organisation: String,
    pub poa_number: String,
    pub poa_date: NaiveDate,
}

impl ApplicationForm {
    /// The text of `field`; `None` for the checkboxes. Lets a form keep one state and
    /// address its fields by [`FormField`].
    pub fn text(&self, field: FormField) -> Option<&String> {
        let f = self;
        Some(match field {
            FormField::IdempotencyKey => &f.idempotency_key,
            FormField::ApplicantKind => &f.applicant_kind,
            FormField::Iin => &f.iin,
            FormField::Bin => &f.bin,
            FormField::Organisation => &f.organisation,
            FormField::PoaNumber => &f.poa_number,
            FormField::PoaDate => &f.poa_date,
            FormField::Surname => &f.surname,
            FormField::Name => &f.name,
            FormField::Patronymic => &f.patronymic,
            FormField::Phone => &f.phone,
            FormField::Email => &f.email,
            FormField::OfficialId => &f.official_id,
            FormField::TopicId => &f.topic_id,
            FormField::Essence => &f.essence,
            FormField::Lang => &f.lang,
            FormField::OutOfTurn => &f.out_of_turn,
            FormField::IdDocument => &f.id_document,
            FormField::InterpreterLang => &f.interpreter_lang,
            _ => return None,
        })
    }

    /// Whether the checkbox `field` is ticked; `None` for a text field.
    pub fn checked(&self, field: FormField) -> Option<bool> {
        match field {
            FormField::Foreigner => Some(self.foreigner.is_some()),
            FormField::VideoConsent => Some(self.video_consent.is_some()),
            _ => None,
        }
    }

    /// Ticks or clears the checkbox `field` as a browser posts it (`on` or absent).
    pub fn set_checked(&mut self, field: FormField, on: bool) {
        let slot = match field {
            FormField::Foreigner => &mut self.foreigner,
            FormField::VideoConsent => &mut self.video_consent,
            _ => return,
        };
        *slot = on.then(|| "on".into());
    }

    /// Whether the applicant is known by a document number instead of an IIN: a foreigner or
    /// stateless person who left the IIN empty (clause 11).
    pub fn gives_document(&self) -> bool {
        is_checked(&self.foreigner) && self.iin.trim().is_empty()
    }

    /// What the applicant's requests are stored and looked up by ([`Identity::key`]), if
    /// the form gives it in a readable form.
    pub fn identity_key(&self) -> Option<String> {
        Identity::lookup_key(if self.gives_document() {
            &self.id_document
        } else {
            &self.iin
        })
    }

    /// Sets the text field named `field`; unknown names and the checkboxes are ignored.
    pub fn set_text(&mut self, field: FormField, value: String) {
        let f = self;
        let slot = match field {
            FormField::IdempotencyKey => &mut f.idempotency_key,
            FormField::ApplicantKind => &mut f.applicant_kind,
            FormField::Iin => &mut f.iin,
            FormField::Bin => &mut f.bin,
            FormField::Organisation => &mut f.organisation,
            FormField::PoaNumber => &mut f.poa_number,
            FormField::PoaDate => &mut f.poa_date,
            FormField::Surname => &mut f.surname,
            FormField::Name => &mut f.name,
            FormField::Patronymic => &mut f.patronymic,
            FormField::Phone => &mut f.phone,
            FormField::Email => &mut f.email,
            FormField::OfficialId => &mut f.official_id,
            FormField::TopicId => &mut f.topic_id,
            FormField::Essence => &mut f.essence,
            FormField::Lang => &mut f.lang,
            FormField::OutOfTurn => &mut f.out_of_turn,
            FormField::IdDocument => &mut f.id_document,
            FormField::InterpreterLang => &mut f.interpreter_lang,
            _ => return,
        };
        *slot = value;
    }
}

/// A validated application, ready to store. Built only by [`validate_application`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub kind: ApplicantKind,
    /// The IIN, or a foreigner's document number when they have none (clauses 10, 11).
    pub identity: Identity,
    pub representative: Option<Representative>,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub phone: Phone,
    pub email: Option<String>,
    pub official_id: i64,
    pub topic_id: String,
    pub essence: Essence,
    pub lang: Lang,
    pub video_consent: bool,
    pub out_of_turn: Option<OutOfTurn>,
    pub foreigner: bool,
    pub interpreter_lang: Option<String>,
}

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

/// One problem with one field: the field's form name (as in [`ApplicationForm`]), the clause
/// when a clause is the reason, the message, and where to go instead when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: FormField,
    pub clause: Option<String>,
    pub message: Text,
    pub redirect: Option<Text>,
}

/// The error of this field, if any, for showing next to it.
pub fn field_error(errors: &[FieldError], field: FormField) -> Option<&FieldError> {
    errors.iter().find(|e| e.field == field)
}

/// A problem of one field before it is attached to the field's name.
struct Problem {
    clause: Option<&'static str>,
    message: Text,
}

impl Problem {
    fn new(message: Text) -> Problem {
        Problem {
            clause: None,
            message,
        }
    }

    fn clause(clause: &'static str, message: Text) -> Problem {
        Problem {
            clause: Some(clause),
            message,
        }
    }
}

/// Collected errors, at most one per field: the first problem found is the one shown.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(
        &mut self,
        field: FormField,
        clause: Option<&str>,
        message: Text,
        redirect: Option<Text>,
    ) {
        if field_error(&self.0, field).is_none() {
            self.0.push(FieldError {
                field,
                clause: clause.map(str::to_owned),
                message,
                redirect,
            });
        }
    }

    fn take<T>(&mut self, field: FormField, result: Result<T, Problem>) -> Option<T> {
        result
            .map_err(|p| self.push(field, p.clause, p.message, None))
            .ok()
    }

    fn into_sorted(mut self) -> Vec<FieldError> {
        self.0.sort_by_key(|e| e.field);
        self.0
    }
}

fn too_long(what_kk: &str, what_ru: &str, max: usize) -> Text {
    Text::new(
        format!("{what_kk} {max} таңбадан аспауы керек."),
        format!("{what_ru}: не более {max} знаков."),
    )
}

fn is_checked(checkbox: &Option<String>) -> bool {
    checkbox
        .as_deref()
        .is_some_and(|v| !matches!(v.trim(), "" | "off" | "false" | "0"))
}

/// Trimmed text with runs of whitespace collapsed to one space.
fn tidy(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A one-line free text: `Ok(None)` when blank and optional.
fn free_text(
    input: &str,
    max: usize,
    required: Option<Text>,
    long: Text,
) -> Result<Option<String>, Problem> {
    let text = tidy(input);
    if text.is_empty() {
        return match required {
            Some(message) => Err(Problem::clause("10", message)),
            None => Ok(None),
        };
    }
    if text.chars().count() > max {
        return Err(Problem::new(long));
    }
    if text.chars().any(char::is_control) {
        return Err(Problem::new(Text::new(
            "Өрісте рұқсат етілмеген таңбалар бар.",
            "Поле содержит недопустимые символы.",
        )));
    }
    Ok(Some(text))
}

/// Letters of the names of citizens (Cyrillic, with the Kazakh letters) and of foreigners
/// (Latin, with its European diacritics).
fn is_name_letter(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c, 'A'..='Z' | 'a'..='z' | '\u{c0}'..='\u{17f}' | '\u{400}'..='\u{4ff}')
}

fn is_name_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '\'' | '’' | 'ʼ')
}

/// Messages for one of the three parts of a name.
struct NamePart {
    required: Option<Text>,
    long: Text,
    invalid: Text,
}

fn name_part(input: &str, part: NamePart) -> Result<Option<String>, Problem> {
    let text = tidy(input);
    if text.is_empty() {
        return match part.required {
            Some(message) => Err(Problem::new(message)),
            None => Ok(None),
        };
    }
    if text.chars().count() > NAME_MAX_CHARS {
        return Err(Problem::new(part.long));
    }
    let well_formed = text.chars().next().is_some_and(is_name_letter)
        && text
            .chars()
            .all(|c| is_name_letter(c) || is_name_separator(c));
    if !well_formed {
        return Err(Problem::new(part.invalid));
    }
    Ok(Some(text))
}

fn idempotency_key(input: &str) -> Result<(), Problem> {
    if input.chars().count() > IDEMPOTENCY_KEY_MAX_CHARS {
        return Err(Problem::new(Text::new(
            "Форма дұрыс жіберілмеді: бетті жаңартып, қайтадан жіберіңіз.",
            "Форма отправлена с ошибкой: обновите страницу и отправьте её снова.",
        )));
    }
    Ok(())
}

fn applicant_kind(input: &str) -> Result<ApplicantKind, Problem> {
    match input.trim() {
        "individual" => Ok(ApplicantKind::Individual),
        "representative" => Ok(ApplicantKind::Representative),
        _ => Err(Problem::clause(
            "10",
            Text::new(
                "Өтінішті кімнің атынан беретініңізді таңдаңыз: өз атыңыздан немесе заңды тұлғаның өкілі ретінде.",
                "Выберите, от чьего имени вы обращаетесь: от своего имени или как представитель юридического лица.",
            ),
        )),
    }
}

fn id_document(input: &str) -> Result<DocumentNumber, Problem> {
    if input.trim().is_empty() {
        return Err(Problem::clause(
            "11",
            Text::new(
                "ЖСН-іңіз болмаса, жеке басыңызды куәландыратын құжаттың (паспорттың) нөмірін жазыңыз.",
                "Если у вас нет ИИН, укажите номер документа, удостоверяющего личность (паспорта).",
            ),
        ));
    }
    DocumentNumber::parse(input).map_err(Problem::new)
}

fn iin(input: &str, today: NaiveDate) -> Result<Iin, Problem> {
    if input.trim().is_empty() {
        return Err(Problem::clause(
            "10",
            Text::new(
                "ЖСН-іңізді жазыңыз: ол жеке басыңызды куәландыратын құжатта көрсетілген. ЖСН-і жоқ шетелдік немесе азаматтығы жоқ адам төменде 11-тармақты белгілеп, құжатының нөмірін жазады.",
                "Укажите ваш ИИН: он указан в документе, удостоверяющем личность. Иностранец или лицо без гражданства без ИИН отмечает ниже пункт 11 и указывает номер своего документа.",
            ),
        ));
    }
    let iin = Iin::parse(input).map_err(|e| Problem::new(e.message()))?;
    // The number can be well formed and still name a birth date to come: a typo.
    if iin.birth_date().is_some_and(|born| born > today) {
        return Err(Problem::new(Text::new(
            "ЖСН-дегі туған күн әлі келген жоқ: алғашқы жеті цифрды тексеріңіз.",
            "Дата рождения в ИИН ещё не наступила: проверьте первые семь цифр.",
        )));
    }
    Ok(iin)
}

fn bin(input: &str) -> Result<Bin, Problem> {
    if input.trim().is_empty() {
        return Err(Problem::clause(
            "10",
            Text::new(
                "Өзіңіз атынан өтініш беретін заңды тұлғаның БСН-ін жазыңыз.",
                "Укажите БИН юридического лица, от имени которого вы обращаетесь.",
            ),
        ));
    }
    Bin::parse(input).map_err(|e| Problem::new(e.message()))
}

/// A date as an HTML date input posts it (`YYYY-MM-DD`) or as typed without one
/// (`DD.MM.YYYY`).
/// Parsed by hand: chrono's format parser would add its weight to the browser's bundle.
fn parse_date(input: &str) -> Option<NaiveDate> {
    let text = input.trim();
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = text.split(['-', '.']).collect();
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if text.contains('-') => (*y, *m, *d),
        [d, m, y] if text.contains('.') => (*y, *m, *d),
        _ => return None,
    };
    let year = i32::try_from(number(y, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(m, 1..=2)?, number(d, 1..=2)?)
}

fn poa_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    if input.trim().is_empty() {
        return Err(Problem::clause(
            "10",
            Text::new(
                "Сенімхаттың берілген күнін көрсетіңіз.",
                "Укажите дату выдачи доверенности.",
            ),
        ));
    }
    let date = parse_date(input).ok_or_else(|| {
        Problem::new(Text::new(
            "Сенімхаттың күнін КК.АА.ЖЖЖЖ түрінде жазыңыз, мысалы 05.03.2026.",
            "Напишите дату доверенности в виде ДД.ММ.ГГГГ, например 05.03.2026.",
        ))
    })?;
    if date > today {
        return Err(Problem::clause(
            "10",
            Text::new(
                "Сенімхаттың берілген күні болашақта бола алмайды: құжаттағы күнді тексеріңіз.",
                "Дата выдачи доверенности не может быть в будущем: проверьте дату в документе.",
            ),
        ));
    }
    Ok(date)
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it.
fn email(input: &str) -> Result<Option<String>, Problem> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > EMAIL_MAX_CHARS {
        return Err(Problem::new(too_long(
            "Электрондық пошта мекенжайы",
            "Адрес электронной почты",
            EMAIL_MAX_CHARS,
        )));
    }
    let plausible = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.chars().count() <= 64
                && !domain.contains('@')
                && domain.contains('.')
                && domain
                    .split('.')
                    .all(|label| !label.is_empty() && !label.starts_with('-'))
                && text
                    .chars()
                    .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\"\\".contains(c))
        }
        None => false,
    };
    if !plausible {
        return Err(Problem::new(Text::new(
            "Электрондық пошта мекенжайы қате жазылған: оны name@example.kz түрінде жазыңыз немесе бос қалдырыңыз.",
            "Адрес электронной почты указан неверно: напишите его в виде name@example.kz или оставьте поле пустым.",
        )));
    }
    Ok(Some(text.to_owned()))
}

fn official_id(input: &str, officials: &[i64]) -> Result<i64, Problem> {
    if input.trim().is_empty() {
        return Err(Problem::new(Text::new(
            "Қабылдауына жазылғыңыз келетін лауазымды тұлғаны таңдаңыз.",
            "Выберите должностное лицо, к которому вы хотите записаться на приём.",
        )));
    }
    input
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| officials.contains(id))
        .ok_or_else(|| {
            Problem::new(Text::new(
                "Таңдалған лауазымды тұлға азаматтарды қабылдайтындардың тізімінде жоқ: тізімнен таңдаңыз.",
                "Выбранного должностного лица нет в списке ведущих приём: выберите из списка.",
            ))
        })
}

fn out_of_turn(input: &str) -> Result<Option<OutOfTurn>, Problem> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    OutOfTurn::from_code(text).map(Some).ok_or_else(|| {
        Problem::clause(
            "13",
            Text::new(
                "Кезектен тыс қабылданатын санатты тізімнен таңдаңыз немесе бос қалдырыңыз.",
                "Выберите категорию внеочередного приёма из списка или оставьте поле пустым.",
            ),
        )
    })
}

/// Validates the request for a personal reception and returns every problem at once, one per
/// field, in the order of the form.
///
/// Clause 10: a representative of a legal entity gives its БСН, name and the number and date
/// of the power of attorney (dated no later than `today`). Clauses 5, 16.1 and 16.2 are
/// checked by [`check_request`] against `history`; the browser runs [`validate_form`]. Clause 15: while
/// `restrictions_in_force`, reception is by video only, so consent to video is required.
/// Clause 23: the language is Kazakh or Russian. `officials` are the ids of officials who
/// receive.
pub fn validate_application(
    form: &ApplicationForm,
    officials: &[i64],
    history: &[PastRequest],
    today: NaiveDate,
    restrictions_in_force: bool,
) -> Result<Application, Vec<FieldError>> {
    validate_with(form, officials, today, restrictions_in_force, |draft| {
        check_request(draft, history)
    })
}

/// The browser's check as the applicant types: [`validate_application`] without the repeat
/// check of 16.2, which needs the applicant's stored history and runs on the server.
pub fn validate_form(
    form: &ApplicationForm,
    officials: &[i64],
    today: NaiveDate,
    restrictions_in_force: bool,
) -> Result<Application, Vec<FieldError>> {
    validate_with(form, officials, today, restrictions_in_force, |draft| {
        check_request_with(draft, |_, _| None)
    })
}

fn validate_with(
    form: &ApplicationForm,
    officials: &[i64],
    today: NaiveDate,
    restrictions_in_force: bool,
    eligibility: impl FnOnce(&RequestDraft) -> Result<EligibleRequest, Vec<Refusal>>,
) -> Result<Application, Vec<FieldError>> {
    let mut errors = Errors::default();

    errors.take(
        FormField::IdempotencyKey,
        idempotency_key(&form.idempotency_key),
    );
    let kind = errors.take(
        FormField::ApplicantKind,
        applicant_kind(&form.applicant_kind),
    );
    // A foreigner or stateless person without an IIN gives their document's number instead.
    let identity = if form.gives_document() {
        errors
            .take(FormField::IdDocument, id_document(&form.id_document))
            .map(Identity::Document)
    } else {
        errors
            .take(FormField::Iin, iin(&form.iin, today))
            .map(Identity::Iin)
    };

    let representative = if kind == Some(ApplicantKind::Representative) {
        let bin = errors.take(FormField::Bin, bin(&form.bin));
        let organisation = errors.take(
            FormField::Organisation,
            free_text(
                &form.organisation,
                ORGANISATION_MAX_CHARS,
                Some(Text::new(
                    "Өзіңіз атынан өтініш беретін заңды тұлғаның атауын жазыңыз.",
                    "Укажите наименование юридического лица, от имени которого вы обращаетесь.",
                )),
                too_long(
                    "Заңды тұлғаның атауы",
                    "Наименование юридического лица",
                    ORGANISATION_MAX_CHARS,
                ),
            ),
        );
        let poa_number = errors.take(
            FormField::PoaNumber,
            free_text(
                &form.poa_number,
                POA_NUMBER_MAX_CHARS,
                Some(Text::new(
                    "Өкілеттігіңізді растайтын сенімхаттың нөмірін жазыңыз.",
                    "Укажите номер доверенности, подтверждающей ваши полномочия.",
                )),
                too_long(
                    "Сенімхаттың нөмірі",
                    "Номер доверенности",
                    POA_NUMBER_MAX_CHARS,
                ),
            ),
        );
        let poa_date = errors.take(FormField::PoaDate, poa_date(&form.poa_date, today));
        match (bin, organisation.flatten(), poa_number.flatten(), poa_date) {
            (Some(bin), Some(organisation), Some(poa_number), Some(poa_date)) => {
                Some(Representative {
                    bin,
                    organisation,
                    poa_number,
                    poa_date,
                })
            }
            _ => None,
        }
    } else {
        None
    };

    let surname = errors.take(
        FormField::Surname,
        name_part(
            &form.surname,
            NamePart {
                required: Some(Text::new("Тегіңізді жазыңыз.", "Укажите фамилию.")),
                long: too_long("Тегі", "Фамилия", NAME_MAX_CHARS),
                invalid: Text::new(
                    "Тегіңізде тек әріптер, бос орын, дефис және апостроф болуы мүмкін.",
                    "Фамилия может содержать только буквы, пробелы, дефисы и апострофы.",
                ),
            },
        ),
    );
    let name = errors.take(
        FormField::Name,
        name_part(
            &form.name,
            NamePart {
                required: Some(Text::new("Атыңызды жазыңыз.", "Укажите имя.")),
                long: too_long("Аты", "Имя", NAME_MAX_CHARS),
                invalid: Text::new(
                    "Атыңызда тек әріптер, бос орын, дефис және апостроф болуы мүмкін.",
                    "Имя может содержать только буквы, пробелы, дефисы и апострофы.",
                ),
            },
        ),
    );
    let patronymic = errors.take(
        FormField::Patronymic,
        name_part(
            &form.patronymic,
            NamePart {
                required: None,
                long: too_long("Әкесінің аты", "Отчество", NAME_MAX_CHARS),
                invalid: Text::new(
                    "Әкеңіздің атында тек әріптер, бос орын, дефис және апостроф болуы мүмкін.",
                    "Отчество может содержать только буквы, пробелы, дефисы и апострофы.",
                ),
            },
        ),
    );
    let phone = errors.take(
        FormField::Phone,
        Phone::parse(&form.phone).map_err(|e| Problem::new(e.message())),
    );
    let email = errors.take(FormField::Email, email(&form.email));
    let official_id = errors.take(
        FormField::OfficialId,
        official_id(&form.official_id, officials),
    );

    let draft = RequestDraft {
        topic_id: form.topic_id.clone(),
        essence: form.essence.clone(),
    };
    let eligible = eligibility(&draft)
        .map_err(|refusals| {
            for r in refusals {
                let field = match r.field {
                    Field::Topic => FormField::TopicId,
                    Field::Essence => FormField::Essence,
                };
                errors.push(field, Some(r.clause.as_str()), r.message, r.redirect);
            }
        })
        .ok();

    let lang = errors.take(
        FormField::Lang,
        reception_language(&form.lang).map_err(|m| Problem::clause("23", m)),
    );
    let video_consent = is_checked(&form.video_consent);
    errors.take(
        FormField::VideoConsent,
        reception_format(video_consent, restrictions_in_force, Format::InPerson)
            .map_err(|m| Problem::clause(if restrictions_in_force { "15" } else { "14" }, m)),
    );
    let out_of_turn = errors.take(FormField::OutOfTurn, out_of_turn(&form.out_of_turn));
    let interpreter_lang = errors.take(
        FormField::InterpreterLang,
        free_text(
            &form.interpreter_lang,
            INTERPRETER_LANG_MAX_CHARS,
            None,
            too_long(
                "Аудармашы тілінің атауы",
                "Язык переводчика",
                INTERPRETER_LANG_MAX_CHARS,
            ),
        ),
    );

    match (
        kind,
        identity,
        surname.flatten(),
        name.flatten(),
        patronymic,
        phone,
        email,
        official_id,
        eligible,
        lang,
        out_of_turn,
        interpreter_lang,
    ) {
        (
            Some(kind),
            Some(identity),
            Some(surname),
            Some(name),
            Some(patronymic),
            Some(phone),
            Some(email),
            Some(official_id),
            Some(eligible),
            Some(lang),
            Some(out_of_turn),
            Some(interpreter_lang),
        ) if errors.0.is_empty() => Ok(Application {
            kind,
            identity,
            representative,
            surname,
            name,
            patronymic,
            phone,
            email,
            official_id,
            topic_id: eligible.topic.id.clone(),
            essence: eligible.essence,
            lang,
            video_consent,
            out_of_turn,
            foreigner: is_checked(&form.foreigner),
            interpreter_lang,
        }),
        _ => Err(errors.into_sorted()),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_iin_whose_birth_date_is_still_to_come_is_a_typo_clause_10() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        // Well formed, check digit right, born 1 January 2030 (seventh digit 5: 21st century).
        let future = (0..10)
            .map(|d| format!("30010150000{d}"))
            .find(|s| Iin::parse(s).is_ok())
            .expect("some check digit fits");
        let problem = iin(&future, today).unwrap_err();
        assert!(
            problem.message.ru.contains("ещё не наступила"),
            "{:?}",
            problem.message
        );
        assert!(iin("900101300126", today).is_ok());
    }

    #[test]
    fn the_browsers_check_is_the_servers_without_history() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let valid = ApplicationForm {
            idempotency_key: "k".repeat(32),
            applicant_kind: "individual".into(),
            iin: "900101300126".into(),
            surname: "Сәрсенов".into(),
            name: "Ерлан".into(),
            phone: "+7 701 234 56 78".into(),
            official_id: "1".into(),
            topic_id: "heating".into(),
            essence: "В квартире нет отопления с октября, батареи холодные".into(),
            lang: "ru".into(),
            ..Default::default()
        };
        let invalid = ApplicationForm {
            iin: "900101300127".into(),
            essence: "помогите".into(),
            ..valid.clone()
        };
        for form in [&valid, &invalid] {
            assert_eq!(
                validate_form(form, &[1], today, false),
                validate_application(form, &[1], &[], today, false)
            );
        }
        assert!(validate_form(&valid, &[1], today, false).is_ok());
    }

    #[test]
    fn dates_are_read_as_a_date_input_posts_them_or_as_typed() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(parse_date("2026-03-05"), Some(date));
        assert_eq!(parse_date(" 05.03.2026 "), Some(date));
        assert_eq!(parse_date("5.3.2026"), Some(date));
        for bad in [
            "",
            "2026-02-30",
            "05-03-2026",
            "2026.03.05",
            "26-03-05",
            "2026-03",
            "2026-3-5-1",
            "+2026-03-05",
            "2026-03-05x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
    use super::super::eligibility::PastOutcome;
    use super::*;
    use proptest::prelude::*;

    /// A man born on 1 January 1990; check digit computed as in `identity`.
    const IIN: &str = "900101300126";
    /// A foreigner's ЖСН: seventh digit 0, no century or sex encoded (clause 11).
    const FOREIGNER_IIN: &str = "960229000779";
    /// A real, published БСН (registered January 1994).
    const BIN: &str = "940140000385";
    const HEATING: &str =
        "В нашем доме по улице Ерубаева с октября нет отопления, батареи холодные";
    const OFFICIALS: [i64; 3] = [1, 7, 12];

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()
    }

    fn individual() -> ApplicationForm {
        ApplicationForm {
            idempotency_key: "4f1c2d3e-0000-4000-8000-000000000001".into(),
            applicant_kind: "individual".into(),
            iin: IIN.into(),
            surname: "Жұмабаев".into(),
            name: "Ерғали".into(),
            patronymic: "Қанатұлы".into(),
            phone: "+7 701 234 56 78".into(),
            official_id: "7".into(),
            topic_id: "heating".into(),
            essence: HEATING.into(),
            lang: "kk".into(),
            ..ApplicationForm::default()
        }
    }

    fn representative() -> ApplicationForm {
        ApplicationForm {
            applicant_kind: "representative".into(),
            bin: BIN.into(),
            organisation: "ТОО «Қарағанды Жылу»".into(),
            poa_number: "№ 15/2026".into(),
            poa_date: "2026-01-15".into(),
            ..individual()
        }
    }

    fn validate(form: &ApplicationForm) -> Result<Application, Vec<FieldError>> {
        validate_application(form, &OFFICIALS, &[], today(), false)
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.name()).collect()
    }

    fn only_error(form: &ApplicationForm) -> FieldError {
        let errors = validate(form).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    }

    #[test]
    fn individual_presenting_a_valid_iin_is_registered_clause_10() {
        let app = validate(&individual()).unwrap();
        assert_eq!(app.kind, ApplicantKind::Individual);
        assert_eq!(app.identity, Identity::Iin(Iin::parse(IIN).unwrap()));
        assert_eq!(app.representative, None);
        assert_eq!(app.surname, "Жұмабаев");
        assert_eq!(app.patronymic.as_deref(), Some("Қанатұлы"));
        assert_eq!(app.phone.as_str(), "+77012345678");
        assert_eq!(app.email, None);
        assert_eq!(app.official_id, 7);
        assert_eq!(app.topic_id, "heating");
        assert_eq!(app.essence.as_str(), HEATING);
        assert_eq!(app.lang, Lang::Kk);
        assert!(!app.video_consent && !app.foreigner);
        assert_eq!(app.out_of_turn, None);
        assert_eq!(app.interpreter_lang, None);
    }

    #[test]
    fn representative_of_a_legal_entity_with_power_of_attorney_is_registered_clause_10() {
        let app = validate(&representative()).unwrap();
        assert_eq!(app.kind, ApplicantKind::Representative);
        let rep = app.representative.unwrap();
        assert_eq!(rep.bin.as_string(), BIN);
        assert_eq!(rep.organisation, "ТОО «Қарағанды Жылу»");
        assert_eq!(rep.poa_number, "№ 15/2026");
        assert_eq!(rep.poa_date, NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
        let typed = ApplicationForm {
            poa_date: "15.01.2026".into(),
            ..representative()
        };
        assert_eq!(
            validate(&typed).unwrap().representative.unwrap().poa_date,
            rep.poa_date
        );
    }

    #[test]
    fn representative_without_power_of_attorney_is_refused_clause_10() {
        let form = ApplicationForm {
            bin: String::new(),
            organisation: " ".into(),
            poa_number: String::new(),
            poa_date: String::new(),
            ..representative()
        };
        let errors = validate(&form).unwrap_err();
        assert_eq!(
            fields(&errors),
            ["bin", "organisation", "poa_number", "poa_date"]
        );
        assert!(errors.iter().all(|e| e.clause.as_deref() == Some("10")));
        assert_eq!(
            field_error(&errors, FormField::PoaNumber)
                .unwrap()
                .message
                .ru,
            "Укажите номер доверенности, подтверждающей ваши полномочия."
        );
        // An individual is not asked for any of it.
        assert!(validate(&ApplicationForm {
            applicant_kind: "individual".into(),
            ..form
        })
        .is_ok());
    }

    #[test]
    fn representative_with_a_mistyped_bin_is_told_which_part_is_wrong_clause_10() {
        let e = only_error(&ApplicationForm {
            bin: "940140000386".into(),
            ..representative()
        });
        assert_eq!(e.field, "bin");
        assert!(e.message.ru.contains("контрольная цифра БИН"));
    }

    #[test]
    fn power_of_attorney_dated_in_the_future_is_refused_clause_10() {
        let e = only_error(&ApplicationForm {
            poa_date: "2026-03-21".into(),
            ..representative()
        });
        assert_eq!(
            (e.field.name(), e.clause.as_deref()),
            ("poa_date", Some("10"))
        );
        assert!(e.message.kk.contains("болашақта"));
        let today = ApplicationForm {
            poa_date: "2026-03-20".into(),
            ..representative()
        };
        assert!(validate(&today).is_ok());
        let garbled = only_error(&ApplicationForm {
            poa_date: "2026-02-30".into(),
            ..representative()
        });
        assert!(garbled.message.ru.contains("ДД.ММ.ГГГГ"));
    }

    #[test]
    fn iin_is_required_and_its_wrong_part_is_named_clause_10() {
        let missing = only_error(&ApplicationForm {
            iin: String::new(),
            ..individual()
        });
        assert_eq!(missing.clause.as_deref(), Some("10"));
        assert!(missing.message.kk.contains("ЖСН"));
        let typo = only_error(&ApplicationForm {
            iin: "900101300127".into(),
            ..individual()
        });
        assert_eq!(typo.field, "iin");
        assert!(typo.message.ru.contains("контрольная цифра ИИН"));
    }

    #[test]
    fn phone_in_8_7xx_form_is_normalised() {
        for typed in [
            "8 701 234 56 78",
            "8(701)234-56-78",
            "+7 (701) 234-56-78",
            "+77012345678",
            "77012345678",
            "701 234 5678",
            " 8-701-234-56-78 ",
        ] {
            assert_eq!(
                Phone::parse(typed).map(|p| p.as_str().to_owned()),
                Ok("+77012345678".to_owned()),
                "{typed}"
            );
        }
        let app = validate(&ApplicationForm {
            phone: "8 (747) 111-22-33".into(),
            ..individual()
        })
        .unwrap();
        assert_eq!(app.phone.as_str(), "+77471112233");
    }

    #[test]
    fn landline_foreign_or_garbled_phone_is_refused() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("8 7212 41 00 00"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("+7 916 123 45 67"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("+996 555 123 456"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("8 701 234 56"), Err(PhoneError::Format));
        assert_eq!(Phone::parse("8 701 234 56 7x"), Err(PhoneError::Format));
        let e = only_error(&ApplicationForm {
            phone: String::new(),
            ..individual()
        });
        assert_eq!(e.field, "phone");
        assert!(e
            .message
            .ru
            .starts_with("Укажите номер мобильного телефона"));
    }

    #[test]
    fn phone_is_masked_in_lists_and_logs() {
        let phone = Phone::parse("+7 701 234 56 67").unwrap();
        assert_eq!(phone.masked(), "+7 7•• ••• •• 67");
        assert!(!format!("{phone:?}").contains("234"));
        let json = serde_json::to_string(&phone).unwrap();
        assert_eq!(json, "\"+77012345667\"");
        assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), phone);
        assert!(serde_json::from_str::<Phone>("\"+7 727 000 00 00\"").is_err());
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let errors = validate(&ApplicationForm::default()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "applicant_kind",
                "iin",
                "surname",
                "name",
                "phone",
                "official_id",
                "topic_id",
                "essence",
                "lang",
            ]
        );
        let surname = field_error(&errors, FormField::Surname).unwrap();
        assert_eq!(surname.message.kk, "Тегіңізді жазыңыз.");
        assert_eq!(surname.message.ru, "Укажите фамилию.");
        assert_eq!(
            field_error(&errors, FormField::Essence)
                .unwrap()
                .clause
                .as_deref(),
            Some("5")
        );
        assert_eq!(
            field_error(&errors, FormField::Lang)
                .unwrap()
                .clause
                .as_deref(),
            Some("23")
        );
        for e in &errors {
            assert!(!e.message.kk.is_empty() && e.message.kk != e.message.ru);
        }
    }

    #[test]
    fn errors_follow_the_order_of_the_form_one_per_field() {
        let form = ApplicationForm {
            applicant_kind: "representative".into(),
            lang: "en".into(),
            essence: String::new(),
            topic_id: "weather".into(),
            surname: "<b>".into(),
            bin: "1".into(),
            idempotency_key: "k".repeat(IDEMPOTENCY_KEY_MAX_CHARS + 1),
            ..individual()
        };
        let errors = validate(&form).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "idempotency_key",
                "bin",
                "organisation",
                "poa_number",
                "poa_date",
                "surname",
                "topic_id",
                "essence",
                "lang",
            ]
        );
    }

    #[test]
    fn script_in_a_name_is_refused() {
        let e = only_error(&ApplicationForm {
            name: "<script>alert(1)</script>".into(),
            ..individual()
        });
        assert_eq!(e.field, "name");
        assert_eq!(
            e.message.ru,
            "Имя может содержать только буквы, пробелы, дефисы и апострофы."
        );
        for bad in ["Ерғали1", "-Ерғали", "Ер&гали", "Ерғали\u{0}"] {
            assert!(validate(&ApplicationForm {
                surname: bad.into(),
                ..individual()
            })
            .is_err());
        }
    }

    #[test]
    fn kazakh_russian_and_latin_names_with_hyphens_and_apostrophes_are_accepted() {
        let app = validate(&ApplicationForm {
            surname: "  Әбілқайыр-Оғлы ".into(),
            name: "Ұлжан   Гүлнұр".into(),
            patronymic: "Сейітқызы".into(),
            ..individual()
        })
        .unwrap();
        assert_eq!(app.surname, "Әбілқайыр-Оғлы");
        assert_eq!(app.name, "Ұлжан Гүлнұр");
        let foreign = validate(&ApplicationForm {
            surname: "O'Brien-Müller".into(),
            name: "Łukasz".into(),
            patronymic: String::new(),
            ..individual()
        })
        .unwrap();
        assert_eq!(foreign.patronymic, None);
    }

    #[test]
    fn every_field_has_a_length_limit() {
        let long = |n: usize| "а".repeat(n + 1);
        let cases = [
            (
                "organisation",
                ApplicationForm {
                    organisation: long(ORGANISATION_MAX_CHARS),
                    ..representative()
                },
            ),
            (
                "poa_number",
                ApplicationForm {
                    poa_number: long(POA_NUMBER_MAX_CHARS),
                    ..representative()
                },
            ),
            (
                "surname",
                ApplicationForm {
                    surname: long(NAME_MAX_CHARS),
                    ..individual()
                },
            ),
            (
                "patronymic",
                ApplicationForm {
                    patronymic: long(NAME_MAX_CHARS),
                    ..individual()
                },
            ),
            (
                "email",
                ApplicationForm {
                    email: format!("{}@mail.kz", "a".repeat(EMAIL_MAX_CHARS)),
                    ..individual()
                },
            ),
            (
                "interpreter_lang",
                ApplicationForm {
                    interpreter_lang: long(INTERPRETER_LANG_MAX_CHARS),
                    ..individual()
                },
            ),
            (
                "essence",
                ApplicationForm {
                    essence: "жылу ".repeat(1000),
                    ..individual()
                },
            ),
        ];
        for (field, form) in cases {
            let e = only_error(&form);
            assert_eq!(e.field, field);
            assert!(e.message.kk.contains("аспауы"), "{field}: {}", e.message.kk);
        }
        // Exactly at the limit is fine; characters, not bytes, are counted.
        assert!(validate(&ApplicationForm {
            surname: "Ә".repeat(NAME_MAX_CHARS),
            ..individual()
        })
        .is_ok());
    }

    #[test]
    fn email_is_optional_but_must_look_like_an_address() {
        let app = validate(&ApplicationForm {
            email: " erg@mail.kz ".into(),
            ..individual()
        })
        .unwrap();
        assert_eq!(app.email.as_deref(), Some("erg@mail.kz"));
        for bad in [
            "erg",
            "erg@",
            "@mail.kz",
            "erg@mail",
            "e rg@mail.kz",
            "a@b@c.kz",
            "a@.kz",
        ] {
            let e = only_error(&ApplicationForm {
                email: bad.into(),
                ..individual()
            });
            assert_eq!(e.field, "email", "{bad}");
        }
    }

    #[test]
    fn video_only_while_restrictions_are_in_force_clause_15() {
        let errors =
            validate_application(&individual(), &OFFICIALS, &[], today(), true).unwrap_err();
        assert_eq!(fields(&errors), ["video_consent"]);
        assert_eq!(errors[0].clause.as_deref(), Some("15"));
        assert!(errors[0].message.ru.contains("пункт 15"));
        let consenting = ApplicationForm {
            video_consent: Some("on".into()),
            ..individual()
        };
        let app = validate_application(&consenting, &OFFICIALS, &[], today(), true).unwrap();
        assert!(app.video_consent);
        // Without restrictions an in-person reception needs no consent (clause 14).
        assert!(validate(&individual()).is_ok());
    }

    #[test]
    fn question_outside_competence_is_refused_with_where_to_go_clause_16_1() {
        let e = only_error(&ApplicationForm {
            topic_id: "criminal_case".into(),
            ..individual()
        });
        assert_eq!(e.field, "topic_id");
        assert_eq!(e.clause.as_deref(), Some("16.1"));
        assert!(e.redirect.is_some());
    }

    #[test]
    fn applicant_already_answered_on_the_same_question_is_refused_clause_16_2() {
        let history = [PastRequest {
            topic_id: "heating".into(),
            essence: HEATING.into(),
            outcome: PastOutcome::Answered,
            official: "Ахметов А. А.".into(),
            date: NaiveDate::from_ymd_opt(2026, 2, 12).unwrap(),
        }];
        let errors =
            validate_application(&individual(), &OFFICIALS, &history, today(), false).unwrap_err();
        assert_eq!(fields(&errors), ["essence"]);
        assert_eq!(errors[0].clause.as_deref(), Some("16.2"));
    }

    #[test]
    fn unknown_official_is_refused() {
        for id in ["99", "abc", "7.0"] {
            let e = only_error(&ApplicationForm {
                official_id: id.into(),
                ..individual()
            });
            assert_eq!(e.field, "official_id", "{id}");
        }
        assert!(validate(&ApplicationForm {
            official_id: " 12 ".into(),
            ..individual()
        })
        .is_ok());
    }

    #[test]
    fn reception_is_in_kazakh_or_russian_at_the_applicants_choice_clause_23() {
        let app = validate(&ApplicationForm {
            lang: "ru".into(),
            ..individual()
        })
        .unwrap();
        assert_eq!(app.lang, Lang::Ru);
        let e = only_error(&ApplicationForm {
            lang: "en".into(),
            ..individual()
        });
        assert_eq!((e.field.name(), e.clause.as_deref()), ("lang", Some("23")));
    }

    #[test]
    fn out_of_turn_category_is_declared_in_the_words_of_clause_13() {
        for category in OutOfTurn::ALL {
            let code = serde_json::to_value(category).unwrap();
            let app = validate(&ApplicationForm {
                out_of_turn: code.as_str().unwrap().into(),
                ..individual()
            })
            .unwrap();
            assert_eq!(app.out_of_turn, Some(category));
        }
        let e = only_error(&ApplicationForm {
            out_of_turn: "vip".into(),
            ..individual()
        });
        assert_eq!(
            (e.field.name(), e.clause.as_deref()),
            ("out_of_turn", Some("13"))
        );
    }

    #[test]
    fn a_foreigner_without_an_iin_gives_the_document_number_clauses_10_11() {
        let without_iin = ApplicationForm {
            iin: String::new(),
            foreigner: Some("on".into()),
            id_document: "aa 1234567".into(),
            ..individual()
        };
        let app = validate(&without_iin).unwrap();
        assert_eq!(app.identity.key(), "AA1234567");
        assert_eq!(app.identity.kind(), "document");
        // Without the document number, the error names clause 11 and the field.
        let errors = validate(&ApplicationForm {
            id_document: String::new(),
            ..without_iin.clone()
        })
        .unwrap_err();
        assert_eq!(fields(&errors), ["id_document"]);
        assert_eq!(errors[0].clause.as_deref(), Some("11"));
        // A citizen cannot leave the IIN out, and the message says what a foreigner does.
        let errors = validate(&ApplicationForm {
            foreigner: None,
            ..without_iin.clone()
        })
        .unwrap_err();
        assert_eq!(fields(&errors), ["iin"]);
        assert!(errors[0].message.ru.contains("пункт 11"));
        // A foreigner who has an IIN is known by it.
        let with_iin = validate(&ApplicationForm {
            iin: IIN.into(),
            ..without_iin
        })
        .unwrap();
        assert_eq!(with_iin.identity.key(), IIN);
    }

    #[test]
    fn foreigner_or_stateless_person_may_ask_for_an_interpreter_clause_11() {
        let app = validate(&ApplicationForm {
            iin: FOREIGNER_IIN.into(),
            surname: "Smith".into(),
            name: "John".into(),
            patronymic: String::new(),
            foreigner: Some("on".into()),
            interpreter_lang: " English ".into(),
            lang: "ru".into(),
            ..individual()
        })
        .unwrap();
        assert!(app.foreigner);
        assert_eq!(app.interpreter_lang.as_deref(), Some("English"));
    }

    #[test]
    fn plain_html_form_posts_deserialise_and_application_round_trips() {
        let form: ApplicationForm = serde_json::from_str(
            r#"{"applicant_kind":"individual","iin":"900101300126","surname":"Жұмабаев",
                "name":"Ерғали","phone":"87012345678","official_id":"1","topic_id":"heating",
                "essence":"В нашем доме по улице Ерубаева с октября нет отопления, батареи холодные",
                "lang":"ru","video_consent":"on"}"#,
        )
        .unwrap();
        let app = validate(&form).unwrap();
        assert!(app.video_consent);
        let json = serde_json::to_string(&app).unwrap();
        assert!(json.contains(r#""kind":"individual""#));
        assert_eq!(serde_json::from_str::<Application>(&json).unwrap(), app);
    }

    proptest! {
        #[test]
        fn validation_never_panics_and_errors_name_form_fields(
            iin in "\\PC{0,14}",
            surname in "\\PC{0,12}",
            phone in "[+0-9 ()-]{0,18}",
            email in "\\PC{0,12}",
            official_id in "\\PC{0,4}",
            poa_date in "\\PC{0,12}",
        ) {
            let form = ApplicationForm {
                applicant_kind: "representative".into(),
                iin, surname, phone, email, official_id, poa_date,
                ..ApplicationForm::default()
            };
            if let Err(errors) = validate(&form) {
                let positions: Vec<_> = errors
                    .iter()
                    .map(|e| FormField::ALL.iter().position(|f| *f == e.field))
                    .collect();
                prop_assert!(positions.iter().all(Option::is_some));
                prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
            }
        }

        #[test]
        fn a_parsed_phone_parses_again_to_itself(national in "7[04-7][0-9]{8}") {
            let phone = Phone::parse(&format!("8 {national}")).unwrap();
            prop_assert_eq!(phone.as_str(), format!("+7{national}"));
            prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone));
        }
    }
}
