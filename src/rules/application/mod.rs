//! The request for a personal reception as the applicant fills it in: who applies (clause 10:
//! an individual, or a representative of a legal entity with a power of attorney), how to reach
//! them, whom they ask to see, the question (clauses 5 and 16), the language (clause 23), the
//! consent to video (clauses 14, 15), a declared out-of-turn category (clause 13), and whether
//! they are a foreigner or stateless person (clause 11).
//!
//! [`validate_application`] runs in the browser as the applicant types and again on the server
//! before saving, and reports every problem at once, one per field, in the order of the form.

mod fields;
mod form;
mod phone;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use self::fields::tidy;
use self::fields::*;
pub use self::form::{ApplicationForm, FormField};
pub use self::phone::{Phone, PhoneError};
use super::duties::{reception_format, reception_language, Format};
use super::eligibility::{
    check_request, check_request_with, EligibleRequest, Essence, Field, PastRequest, Refusal,
    RequestDraft,
};
use super::identity::{Bin, Identity};
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

/// A surname folded for search: small letters, «ё» as «е», single spaces, so that
/// «ИВАНОВА-ПЕТРОВА», «Иванова-Петрова» and «иванова-петрова» find each other, and «Ёлкин»
/// and «Елкин» too (forms are filled both ways; the engines compare Cyrillic by case).
pub fn surname_key(surname: &str) -> String {
    surname
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
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

/// A validated application, ready to store. Built only by [`validate_application`] (and
/// [`validate_form`]): its fields are private, read through the methods below.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    #[serde(flatten)]
    applicant: Applicant,
    #[serde(flatten)]
    person: Person,
    #[serde(flatten)]
    reception: Reception,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Applicant {
    kind: ApplicantKind,
    /// The IIN, or a foreigner's document number when they have none (clauses 10, 11).
    identity: Identity,
    representative: Option<Representative>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Person {
    surname: String,
    name: String,
    patronymic: Option<String>,
    phone: Phone,
    email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Reception {
    official_id: i64,
    topic_id: String,
    essence: Essence,
    lang: Lang,
    video_consent: bool,
    out_of_turn: Option<OutOfTurn>,
    foreigner: bool,
    interpreter_lang: Option<String>,
}

impl Application {
    pub fn kind(&self) -> ApplicantKind {
        self.applicant.kind
    }

    /// The IIN, or a foreigner's document number when they have none (clauses 10, 11).
    pub fn identity(&self) -> &Identity {
        &self.applicant.identity
    }

    pub fn representative(&self) -> Option<&Representative> {
        self.applicant.representative.as_ref()
    }

    pub fn surname(&self) -> &str {
        &self.person.surname
    }

    /// The surname as the clerks' search finds it (see [`surname_key`]).
    pub fn surname_key(&self) -> String {
        surname_key(&self.person.surname)
    }

    pub fn name(&self) -> &str {
        &self.person.name
    }

    pub fn patronymic(&self) -> Option<&str> {
        self.person.patronymic.as_deref()
    }

    pub fn phone(&self) -> &Phone {
        &self.person.phone
    }

    pub fn email(&self) -> Option<&str> {
        self.person.email.as_deref()
    }

    pub fn official_id(&self) -> i64 {
        self.reception.official_id
    }

    pub fn topic_id(&self) -> &str {
        &self.reception.topic_id
    }

    pub fn essence(&self) -> &Essence {
        &self.reception.essence
    }

    pub fn lang(&self) -> Lang {
        self.reception.lang
    }

    pub fn video_consent(&self) -> bool {
        self.reception.video_consent
    }

    pub fn out_of_turn(&self) -> Option<OutOfTurn> {
        self.reception.out_of_turn
    }

    pub fn foreigner(&self) -> bool {
        self.reception.foreigner
    }

    pub fn interpreter_lang(&self) -> Option<&str> {
        self.reception.interpreter_lang.as_deref()
    }

    /// The same application from another applicant, identified by a parsed IIN or document
    /// (for load tests that register many applicants from one validated form).
    pub fn with_identity(mut self, identity: Identity) -> Application {
        self.applicant.identity = identity;
        self
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
    let applicant = applicant(form, today, &mut errors);
    let person = person(form, &mut errors);
    let reception = reception(
        form,
        officials,
        restrictions_in_force,
        eligibility,
        &mut errors,
    );
    match (applicant, person, reception) {
        (Some(applicant), Some(person), Some(reception)) if errors.is_empty() => Ok(Application {
            applicant,
            person,
            reception,
        }),
        _ => Err(errors.into_sorted()),
    }
}

/// Who applies (clauses 10, 11): the kind of applicant, the IIN or a foreigner's document,
/// and for a representative the legal entity and the power of attorney.
fn applicant(form: &ApplicationForm, today: NaiveDate, errors: &mut Errors) -> Option<Applicant> {
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
    let representative = match kind {
        Some(ApplicantKind::Representative) => representative(form, today, errors),
        _ => None,
    };
    Some(Applicant {
        kind: kind?,
        identity: identity?,
        representative,
    })
}

/// The legal entity a representative speaks for, and the power of attorney (clause 10).
fn representative(
    form: &ApplicationForm,
    today: NaiveDate,
    errors: &mut Errors,
) -> Option<Representative> {
    let bin = errors.take(FormField::Bin, bin(&form.bin));
    let organisation = errors.take(FormField::Organisation, organisation(&form.organisation));
    let poa_number = errors.take(FormField::PoaNumber, poa_number(&form.poa_number));
    let poa_date = errors.take(FormField::PoaDate, poa_date(&form.poa_date, today));
    Some(Representative {
        bin: bin?,
        organisation: organisation??,
        poa_number: poa_number??,
        poa_date: poa_date?,
    })
}

/// The applicant's name and how to reach them.
fn person(form: &ApplicationForm, errors: &mut Errors) -> Option<Person> {
    let surname = errors.take(
        FormField::Surname,
        name_part(&form.surname, surname_messages()),
    );
    let name = errors.take(FormField::Name, name_part(&form.name, name_messages()));
    let patronymic = errors.take(
        FormField::Patronymic,
        name_part(&form.patronymic, patronymic_messages()),
    );
    let phone = errors.take(
        FormField::Phone,
        Phone::parse(&form.phone).map_err(|e| Problem::new(e.message())),
    );
    let email = errors.take(FormField::Email, email(&form.email));
    Some(Person {
        surname: surname??,
        name: name??,
        patronymic: patronymic?,
        phone: phone?,
        email: email?,
    })
}

/// Whom, about what, and how (clauses 2, 5, 13-16, 23): the official, the question that
/// `eligibility` checks, the language, the format, the out-of-turn category, the interpreter.
fn reception(
    form: &ApplicationForm,
    officials: &[i64],
    restrictions_in_force: bool,
    eligibility: impl FnOnce(&RequestDraft) -> Result<EligibleRequest, Vec<Refusal>>,
    errors: &mut Errors,
) -> Option<Reception> {
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
        interpreter_lang(&form.interpreter_lang),
    );
    let eligible = eligible?;
    Some(Reception {
        official_id: official_id?,
        topic_id: eligible.topic.id.clone(),
        essence: eligible.essence,
        lang: lang?,
        video_consent,
        out_of_turn: out_of_turn?,
        foreigner: is_checked(&form.foreigner),
        interpreter_lang: interpreter_lang?,
    })
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
    use crate::rules::identity::Iin;
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
        assert_eq!(app.kind(), ApplicantKind::Individual);
        assert_eq!(app.identity(), &Identity::Iin(Iin::parse(IIN).unwrap()));
        assert_eq!(app.representative(), None);
        assert_eq!(app.surname(), "Жұмабаев");
        assert_eq!(app.patronymic(), Some("Қанатұлы"));
        assert_eq!(app.phone().as_str(), "+77012345678");
        assert_eq!(app.email(), None);
        assert_eq!(app.official_id(), 7);
        assert_eq!(app.topic_id(), "heating");
        assert_eq!(app.essence().as_str(), HEATING);
        assert_eq!(app.lang(), Lang::Kk);
        assert!(!app.video_consent() && !app.foreigner());
        assert_eq!(app.out_of_turn(), None);
        assert_eq!(app.interpreter_lang(), None);
    }

    #[test]
    fn representative_of_a_legal_entity_with_power_of_attorney_is_registered_clause_10() {
        let app = validate(&representative()).unwrap();
        assert_eq!(app.kind(), ApplicantKind::Representative);
        let rep = app.representative().unwrap();
        assert_eq!(rep.bin.as_string(), BIN);
        assert_eq!(rep.organisation, "ТОО «Қарағанды Жылу»");
        assert_eq!(rep.poa_number, "№ 15/2026");
        assert_eq!(rep.poa_date, NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
        let typed = ApplicationForm {
            poa_date: "15.01.2026".into(),
            ..representative()
        };
        assert_eq!(
            validate(&typed).unwrap().representative().unwrap().poa_date,
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
        assert_eq!(app.phone().as_str(), "+77471112233");
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
        assert_eq!(app.surname(), "Әбілқайыр-Оғлы");
        assert_eq!(app.name(), "Ұлжан Гүлнұр");
        let foreign = validate(&ApplicationForm {
            surname: "O'Brien-Müller".into(),
            name: "Łukasz".into(),
            patronymic: String::new(),
            ..individual()
        })
        .unwrap();
        assert_eq!(foreign.patronymic(), None);
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
        assert_eq!(app.email(), Some("erg@mail.kz"));
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
        assert!(app.video_consent());
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
            number: "KRG-2026-000001".into(),
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
        assert_eq!(app.lang(), Lang::Ru);
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
            assert_eq!(app.out_of_turn(), Some(category));
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
        assert_eq!(app.identity().key(), "AA1234567");
        assert_eq!(app.identity().kind(), "document");
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
        assert_eq!(with_iin.identity().key(), IIN);
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
        assert!(app.foreigner());
        assert_eq!(app.interpreter_lang(), Some("English"));
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
        assert!(app.video_consent());
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

    #[test]
    fn a_surname_is_found_whatever_its_case_or_its_yo() {
        assert_eq!(surname_key("ИВАНОВА-ПЕТРОВА"), "иванова-петрова");
        assert_eq!(surname_key("  Ёлкин "), "елкин");
        assert_eq!(surname_key("ҚҰРМАНҒАЛИ  Әбдіқадыр"), "құрманғали әбдіқадыр");
        assert_eq!(surname_key("O'Neill"), "o'neill");
    }
}
