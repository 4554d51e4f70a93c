//! The parsers of the form's fields, one per field, each turning what was typed into a value
//! or a [`Problem`] in both languages; [`Errors`] collects them, one per field.

use chrono::NaiveDate;

use super::{
    field_error, ApplicantKind, FieldError, FormField, EMAIL_MAX_CHARS, IDEMPOTENCY_KEY_MAX_CHARS,
    INTERPRETER_LANG_MAX_CHARS, NAME_MAX_CHARS, ORGANISATION_MAX_CHARS, POA_NUMBER_MAX_CHARS,
};
use crate::rules::identity::{Bin, DocumentNumber, Iin};
use crate::rules::lang::Text;
use crate::rules::queue::OutOfTurn;

/// A problem of one field before it is attached to the field's name.
pub(super) struct Problem {
    pub clause: Option<&'static str>,
    pub message: Text,
}

impl Problem {
    pub(super) fn new(message: Text) -> Problem {
        Problem {
            clause: None,
            message,
        }
    }

    pub(super) fn clause(clause: &'static str, message: Text) -> Problem {
        Problem {
            clause: Some(clause),
            message,
        }
    }
}

/// Collected errors, at most one per field: the first problem found is the one shown.
#[derive(Default)]
pub(super) struct Errors(Vec<FieldError>);

impl Errors {
    pub(super) fn push(
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

    pub(super) fn take<T>(&mut self, field: FormField, result: Result<T, Problem>) -> Option<T> {
        result
            .map_err(|p| self.push(field, p.clause, p.message, None))
            .ok()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn into_sorted(mut self) -> Vec<FieldError> {
        self.0.sort_by_key(|e| e.field);
        self.0
    }
}

pub(super) fn too_long(what_kk: &str, what_ru: &str, max: usize) -> Text {
    Text::new(
        format!("{what_kk} {max} таңбадан аспауы керек."),
        format!("{what_ru}: не более {max} знаков."),
    )
}

pub(super) fn is_checked(checkbox: &Option<String>) -> bool {
    checkbox
        .as_deref()
        .is_some_and(|v| !matches!(v.trim(), "" | "off" | "false" | "0"))
}

/// Trimmed text with runs of whitespace collapsed to one space.
pub fn tidy(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A one-line free text: `Ok(None)` when blank and optional.
pub(super) fn free_text(
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
pub(super) fn is_name_letter(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c, 'A'..='Z' | 'a'..='z' | '\u{c0}'..='\u{17f}' | '\u{400}'..='\u{4ff}')
}

pub(super) fn is_name_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '\'' | '’' | 'ʼ')
}

/// Messages for one of the three parts of a name.
pub(super) struct NamePart {
    pub required: Option<Text>,
    pub long: Text,
    pub invalid: Text,
}

pub(super) fn name_part(input: &str, part: NamePart) -> Result<Option<String>, Problem> {
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

pub(super) fn idempotency_key(input: &str) -> Result<(), Problem> {
    if input.chars().count() > IDEMPOTENCY_KEY_MAX_CHARS {
        return Err(Problem::new(Text::new(
            "Форма дұрыс жіберілмеді: бетті жаңартып, қайтадан жіберіңіз.",
            "Форма отправлена с ошибкой: обновите страницу и отправьте её снова.",
        )));
    }
    Ok(())
}

pub(super) fn applicant_kind(input: &str) -> Result<ApplicantKind, Problem> {
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

pub(super) fn id_document(input: &str) -> Result<DocumentNumber, Problem> {
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

pub(super) fn iin(input: &str, today: NaiveDate) -> Result<Iin, Problem> {
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

pub(super) fn bin(input: &str) -> Result<Bin, Problem> {
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
pub(super) fn parse_date(input: &str) -> Option<NaiveDate> {
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

pub(super) fn poa_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
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
pub(super) fn email(input: &str) -> Result<Option<String>, Problem> {
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

pub(super) fn official_id(input: &str, officials: &[i64]) -> Result<i64, Problem> {
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

pub(super) fn out_of_turn(input: &str) -> Result<Option<OutOfTurn>, Problem> {
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

/// The name of the legal entity a representative speaks for (clause 10).
pub(super) fn organisation(input: &str) -> Result<Option<String>, Problem> {
    free_text(
        input,
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
    )
}

/// The number of the power of attorney (clause 10).
pub(super) fn poa_number(input: &str) -> Result<Option<String>, Problem> {
    free_text(
        input,
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
    )
}

/// The language an interpreter is asked for (clause 11), if any.
pub(super) fn interpreter_lang(input: &str) -> Result<Option<String>, Problem> {
    free_text(
        input,
        INTERPRETER_LANG_MAX_CHARS,
        None,
        too_long(
            "Аудармашы тілінің атауы",
            "Язык переводчика",
            INTERPRETER_LANG_MAX_CHARS,
        ),
    )
}

pub(super) fn surname_messages() -> NamePart {
    NamePart {
        required: Some(Text::new("Тегіңізді жазыңыз.", "Укажите фамилию.")),
        long: too_long("Тегі", "Фамилия", NAME_MAX_CHARS),
        invalid: Text::new(
            "Тегіңізде тек әріптер, бос орын, дефис және апостроф болуы мүмкін.",
            "Фамилия может содержать только буквы, пробелы, дефисы и апострофы.",
        ),
    }
}

pub(super) fn name_messages() -> NamePart {
    NamePart {
        required: Some(Text::new("Атыңызды жазыңыз.", "Укажите имя.")),
        long: too_long("Аты", "Имя", NAME_MAX_CHARS),
        invalid: Text::new(
            "Атыңызда тек әріптер, бос орын, дефис және апостроф болуы мүмкін.",
            "Имя может содержать только буквы, пробелы, дефисы и апострофы.",
        ),
    }
}

pub(super) fn patronymic_messages() -> NamePart {
    NamePart {
        required: None,
        long: too_long("Әкесінің аты", "Отчество", NAME_MAX_CHARS),
        invalid: Text::new(
            "Әкеңіздің атында тек әріптер, бос орын, дефис және апостроф болуы мүмкін.",
            "Отчество может содержать только буквы, пробелы, дефисы и апострофы.",
        ),
    }
}
