//! The form as typed (all text, as a browser posts it) and its fields by name.

use serde::{Deserialize, Serialize};

use super::fields::is_checked;
use crate::rules::identity::Identity;

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
