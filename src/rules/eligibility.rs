//! Whether a request for personal reception may be registered at all: the essence of the
//! question must be stated (clause 5), the question must be within the competence of the
//! region's bodies (clause 16.1), and the applicant must not have been received or answered on
//! the same question already (clause 16.2).
//!
//! The browser runs [`check_request`] with an empty history for instant feedback; the server
//! runs it again with the applicant's stored history.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lang::Text;

/// Fewest different words an essence must contain (clause 5): words of three or more letters
/// that are not [`FILLER`]. Clause 5 refuses only a request whose essence is not stated at
/// all, so the bar is the shortest statement that still names a problem: "Нет газа",
/// "Пәтерде жылу жоқ" pass; "помогите", "прошу приёма" do not.
pub const ESSENCE_MIN_WORDS: usize = 2;
/// Words that ask for a reception or for help without saying what about (lower case, ё as е).
const FILLER: [&str; 24] = [
    "прошу",
    "просим",
    "помогите",
    "помочь",
    "пожалуйста",
    "хочу",
    "хотим",
    "записаться",
    "запись",
    "записать",
    "прием",
    "приема",
    "приему",
    "приеме",
    "принять",
    "вопрос",
    "вопросу",
    "личный",
    "личному",
    "өтінемін",
    "көмектесіңіз",
    "қабылдау",
    "қабылдауға",
    "жазылу",
];
/// Most characters an essence may have: the form asks for the essence, not the whole case
/// file, which the applicant can bring to the reception.
pub const ESSENCE_MAX_CHARS: usize = 4000;

/// The stated essence of the question (clause 5). A value that exists has been stated.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Essence(String);

/// Why a text is not a stated essence (clause 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EssenceError {
    Empty,
    /// Only digits, punctuation or symbols.
    NoWords,
    TooShort,
    TooLong,
}

impl EssenceError {
    pub fn message(self) -> Text {
        match self {
            EssenceError::Empty => Text::new(
                "Мәселенің мәні баяндалмаған. Қандай мәселе бойынша қабылдауға жазылғыңыз келетінін жазыңыз.",
                "Суть вопроса не изложена. Напишите, по какому вопросу вы хотите записаться на приём.",
            ),
            EssenceError::NoWords => Text::new(
                "Мәселенің мәні сөзбен баяндалуы керек: тек цифрлар мен белгілер жеткіліксіз.",
                "Суть вопроса должна быть изложена словами: одних цифр и знаков недостаточно.",
            ),
            EssenceError::TooShort => Text::new(
                "Мәселенің мәні баяндалмаған: не болғанын және не сұрайтыныңызды жазыңыз (мысалы: «Пәтерде жылу жоқ»).",
                "Суть вопроса не изложена: напишите, что случилось и о чём вы просите (например: «В квартире нет отопления»).",
            ),
            EssenceError::TooLong => Text::new(
                format!(
                    "Мәселенің мәні {ESSENCE_MAX_CHARS} таңбадан аспауы керек. Толық құжаттарды қабылдау кезінде тапсыруға болады."
                ),
                format!(
                    "Суть вопроса должна быть не длиннее {ESSENCE_MAX_CHARS} знаков. Подробные документы можно передать на приёме."
                ),
            ),
        }
    }
}

impl fmt::Display for EssenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.message();
        write!(f, "{} / {}", m.kk, m.ru)
    }
}

impl std::error::Error for EssenceError {}

/// Words of a text: maximal runs of letters, lower-cased, ё folded into е.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| super::lang::fold_case(w).replace('ё', "е"))
}

impl Essence {
    /// Accepts the essence of the question only if it is actually stated (clause 5): an
    /// application without it is left without consideration.
    pub fn parse(input: &str) -> Result<Essence, EssenceError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(EssenceError::Empty);
        }
        if text.chars().count() > ESSENCE_MAX_CHARS {
            return Err(EssenceError::TooLong);
        }
        if !text.chars().any(char::is_alphabetic) {
            return Err(EssenceError::NoWords);
        }
        let word_count = words(text)
            .filter(|w| w.chars().count() >= 3 && !FILLER.contains(&w.as_str()))
            .collect::<BTreeSet<_>>()
            .len();
        if word_count < ESSENCE_MIN_WORDS {
            return Err(EssenceError::TooShort);
        }
        Ok(Essence(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Essence {
    type Error = EssenceError;
    fn try_from(s: String) -> Result<Essence, EssenceError> {
        Essence::parse(&s)
    }
}

impl From<Essence> for String {
    fn from(e: Essence) -> String {
        e.0
    }
}

/// Whose competence a topic falls in (clause 16.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Competence {
    /// Local executive bodies of Karaganda region: the akimat and its departments.
    Local,
    /// Territorial subdivisions of central state bodies (tax, police, labour committee, ...).
    Territorial,
    /// Neither: registration is refused, and the applicant is told where to go.
    Outside,
}

impl Competence {
    pub fn is_within(self) -> bool {
        self != Competence::Outside
    }
}

/// A topic of the catalogue in `data/topics.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name: Text,
    pub competence: Competence,
    /// Where to go instead, for topics outside the competence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Text>,
}

static TOPICS: LazyLock<Vec<Topic>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("data/topics.json"))
        .expect("data/topics.json is compiled in and checked by tests")
});

/// The topic catalogue, in display order (clause 16.1).
pub fn topics() -> &'static [Topic] {
    &TOPICS
}

/// The topic with this id, if the catalogue has one (clause 16.1).
pub fn topic(id: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.id == id)
}

/// The clause a refusal rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clause {
    #[serde(rename = "5")]
    C5,
    #[serde(rename = "16.1")]
    C16_1,
    #[serde(rename = "16.2")]
    C16_2,
}

impl Clause {
    /// The clause number as written in the regulation.
    pub fn as_str(self) -> &'static str {
        match self {
            Clause::C5 => "5",
            Clause::C16_1 => "16.1",
            Clause::C16_2 => "16.2",
        }
    }
}

/// The form field a refusal concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Topic,
    Essence,
}

/// Why a request cannot be registered, and, when known, where to go instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub clause: Clause,
    pub field: Field,
    pub message: Text,
    pub redirect: Option<Text>,
}

/// A request for reception as typed into the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDraft {
    pub topic_id: String,
    pub essence: String,
}

/// How an earlier request of the same applicant ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PastOutcome {
    /// The applicant was received.
    Received,
    /// The applicant got an answer on the request.
    Answered,
    /// Registered, not yet received or answered.
    Pending,
    /// Refused as ineligible (clauses 5, 16).
    Refused,
    /// Withdrawn by the applicant.
    Withdrawn,
}

/// An earlier request of the same applicant, from the server's records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastRequest {
    /// Its registration number.
    pub number: String,
    pub topic_id: String,
    pub essence: String,
    pub outcome: PastOutcome,
    /// Who received the applicant or signed the answer, as shown to the applicant.
    pub official: String,
    /// Date of the reception or of the answer.
    pub date: NaiveDate,
}

/// A request that passed clauses 5 and 16 and may be registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EligibleRequest {
    pub topic: &'static Topic,
    pub essence: Essence,
}

/// Similarity at or above which two essences under the same topic are the same question.
const SAME_TOPIC_SIMILARITY: f64 = 0.6;
/// Similarity at or above which two essences are the same question even under different
/// topics: applicants sometimes pick another topic for the same matter.
const ANY_TOPIC_SIMILARITY: f64 = 0.85;

/// Comparable stems of an essence: words of four or more letters cut to five letters, so
/// that Kazakh and Russian endings ("жылыту"/"жылытуы", "отопление"/"отопления") match, and
/// short function words ("и", "на", "мен") do not count.
fn stems(text: &str) -> BTreeSet<String> {
    words(text)
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// Jaccard similarity of the stems of two essences, 1.0 when the words are equal.
fn similarity(a: &str, b: &str) -> f64 {
    if words(a).eq(words(b)) {
        return 1.0;
    }
    let (a, b) = (stems(a), stems(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Whether an earlier request bars registration under clause 16.2.
///
/// Only a request on which the applicant was received or answered counts: the clause names
/// exactly those two, so a refused, withdrawn or still pending request does not. "The same
/// question" means the same topic and essences whose word stems overlap by at least 60 %
/// (Jaccard), or any topic with an overlap of at least 85 %; equal words always match.
fn is_same_question_already_handled(topic_id: &str, essence: &Essence, past: &PastRequest) -> bool {
    if !matches!(past.outcome, PastOutcome::Received | PastOutcome::Answered) {
        return false;
    }
    let s = similarity(essence.as_str(), &past.essence);
    s >= ANY_TOPIC_SIMILARITY || (past.topic_id == topic_id && s >= SAME_TOPIC_SIMILARITY)
}

fn repeat_refusal(past: &PastRequest) -> Refusal {
    let date = super::calendar::dmy(past.date);
    let who = &past.official;
    let message = match past.outcome {
        PastOutcome::Answered => Text::new(
            format!(
                "Осы мәселе бойынша өтінішіңізге {date} жауап берілген ({who}). Сол мәселе бойынша қабылдауға қайта жазу жүзеге асырылмайды; жауаппен келіспесеңіз, оған шағым беруге болады."
            ),
            format!(
                "На ваше обращение по этому вопросу дан ответ {date} ({who}). Повторная запись на приём по тому же вопросу не осуществляется; если вы не согласны с ответом, его можно обжаловать."
            ),
        ),
        _ => Text::new(
            format!(
                "Сіз осы мәселе бойынша {date} қабылдауда болғансыз ({who}). Сол мәселе бойынша қабылдауға қайта жазу жүзеге асырылмайды; жаңа мән-жайлар туындаса, соларды баяндаңыз."
            ),
            format!(
                "Вы уже были приняты по этому вопросу {date} ({who}). Повторная запись на приём по тому же вопросу не осуществляется; если появились новые обстоятельства, изложите их."
            ),
        ),
    };
    Refusal {
        clause: Clause::C16_2,
        field: Field::Essence,
        message,
        redirect: None,
    }
}

/// The earlier request of the same applicant on which they were already received or
/// answered on the same question (clause 16.2), if any: the server registers such a request
/// all the same and flags it as a likely repeat, with a link to this one; the clerk decides.
pub fn repeat_of<'a>(
    topic_id: &str,
    essence: &Essence,
    history: &'a [PastRequest],
) -> Option<&'a PastRequest> {
    history
        .iter()
        .find(|p| is_same_question_already_handled(topic_id, essence, p))
}

/// Checks a request for reception against clauses 5, 16.1 and 16.2 and returns every reason
/// it cannot be registered, so the form can show them all at once.
///
/// `history` is the applicant's earlier requests; the browser passes an empty slice, so the
/// repeat check (16.2) only happens on the server.
pub fn check_request(
    draft: &RequestDraft,
    history: &[PastRequest],
) -> Result<EligibleRequest, Vec<Refusal>> {
    check_request_with(draft, |topic_id, essence| {
        repeat_of(topic_id, essence, history).map(repeat_refusal)
    })
}

/// [`check_request`] with the repeat check (16.2) given as a function of the topic and the
/// essence: the browser, which has no history, passes one that finds nothing, so the
/// comparison of essences stays out of its bundle.
pub fn check_request_with(
    draft: &RequestDraft,
    repeat: impl FnOnce(&str, &Essence) -> Option<Refusal>,
) -> Result<EligibleRequest, Vec<Refusal>> {
    let mut refusals = Vec::new();

    let topic = match topic(draft.topic_id.trim()) {
        None => {
            refusals.push(Refusal {
                clause: Clause::C16_1,
                field: Field::Topic,
                message: Text::new(
                    "Мәселенің тақырыбын тізімнен таңдаңыз.",
                    "Выберите тему вопроса из списка.",
                ),
                redirect: None,
            });
            None
        }
        Some(t) if !t.competence.is_within() => {
            refusals.push(Refusal {
                clause: Clause::C16_1,
                field: Field::Topic,
                message: Text::new(
                    format!(
                        "«{}» мәселесі Қарағанды облысының жергілікті атқарушы органдарының және орталық мемлекеттік органдардың аумақтық бөлімшелерінің құзыретіне кірмейді, сондықтан қабылдауға жазу жүзеге асырылмайды.",
                        t.name.kk
                    ),
                    format!(
                        "Вопрос «{}» не входит в компетенцию местных исполнительных органов Карагандинской области и территориальных подразделений центральных государственных органов, поэтому запись на приём не осуществляется.",
                        t.name.ru
                    ),
                ),
                redirect: t.redirect.clone(),
            });
            None
        }
        Some(t) => Some(t),
    };

    let essence = match Essence::parse(&draft.essence) {
        Ok(e) => Some(e),
        Err(e) => {
            refusals.push(Refusal {
                clause: Clause::C5,
                field: Field::Essence,
                message: e.message(),
                redirect: None,
            });
            None
        }
    };

    if let Some(refusal) = essence
        .as_ref()
        .and_then(|essence| repeat(draft.topic_id.trim(), essence))
    {
        refusals.push(refusal);
    }

    match (topic, essence) {
        (Some(topic), Some(essence)) if refusals.is_empty() => {
            Ok(EligibleRequest { topic, essence })
        }
        _ => Err(refusals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const HEATING: &str =
        "В нашем доме по улице Ерубаева с октября нет отопления, батареи холодные";

    fn draft(topic_id: &str, essence: &str) -> RequestDraft {
        RequestDraft {
            topic_id: topic_id.into(),
            essence: essence.into(),
        }
    }

    fn past(topic_id: &str, essence: &str, outcome: PastOutcome) -> PastRequest {
        PastRequest {
            number: "KRG-2026-000001".into(),
            topic_id: topic_id.into(),
            essence: essence.into(),
            outcome,
            official: "Ахметов А. А.".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
        }
    }

    fn clauses(r: Result<EligibleRequest, Vec<Refusal>>) -> Vec<&'static str> {
        r.err()
            .unwrap_or_default()
            .iter()
            .map(|r| r.clause.as_str())
            .collect()
    }

    #[test]
    fn request_without_essence_is_not_considered_clause_5() {
        for blank in ["", "   \n\t"] {
            assert_eq!(Essence::parse(blank), Err(EssenceError::Empty));
            assert_eq!(clauses(check_request(&draft("heating", blank), &[])), ["5"]);
        }
    }

    #[test]
    fn essence_of_only_digits_and_punctuation_is_not_stated_clause_5() {
        assert_eq!(
            Essence::parse("12345 !!! ??? 67-89"),
            Err(EssenceError::NoWords)
        );
    }

    #[test]
    fn essence_of_a_few_words_is_not_stated_clause_5() {
        assert_eq!(Essence::parse("помогите"), Err(EssenceError::TooShort));
        // Asking for a reception or for help says nothing of the question.
        for empty in [
            "прошу приёма",
            "Прошу записать на личный приём, пожалуйста",
            "Қабылдауға жазылу өтінемін",
        ] {
            assert_eq!(
                Essence::parse(empty),
                Err(EssenceError::TooShort),
                "{empty}"
            );
        }
        // The same word again and again is one word.
        assert_eq!(
            Essence::parse("жильё жильё жильё"),
            Err(EssenceError::TooShort)
        );
    }

    #[test]
    fn essence_stated_in_kazakh_or_russian_is_accepted_clause_5() {
        assert!(Essence::parse("Пәтерімізде қазаннан бері жылу жоқ, батареялар суық").is_ok());
        // Short, but the problem is named: clause 5 does not refuse these.
        for short in ["Нет воды в доме", "Нет отопления", "Жылу жоқ, пәтер суық"]
        {
            assert!(Essence::parse(short).is_ok(), "{short}");
        }
        assert_eq!(
            Essence::parse(&format!("  {HEATING}  ")).unwrap().as_str(),
            HEATING
        );
    }

    #[test]
    fn essence_longer_than_the_limit_is_refused_clause_5() {
        let long = "жылу ".repeat(ESSENCE_MAX_CHARS / 5 + 1);
        assert_eq!(Essence::parse(&long), Err(EssenceError::TooLong));
        // The limit counts characters, not bytes: Cyrillic text near the limit passes.
        let fits = format!("бір екі үш {}", "ә".repeat(ESSENCE_MAX_CHARS - 20));
        assert!(fits.len() > ESSENCE_MAX_CHARS);
        assert!(Essence::parse(&fits).is_ok());
    }

    #[test]
    fn topic_catalogue_is_bilingual_unique_and_redirects_outside_topics_clause_16_1() {
        let all = topics();
        assert!((25..=45).contains(&all.len()));
        let ids: HashSet<_> = all.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), all.len());
        for t in all {
            assert!(!t.name.kk.is_empty() && !t.name.ru.is_empty(), "{}", t.id);
            assert_eq!(
                t.redirect.is_some(),
                t.competence == Competence::Outside,
                "{}",
                t.id
            );
        }
        assert!(all.iter().any(|t| t.competence == Competence::Territorial));
    }

    #[test]
    fn question_outside_competence_of_local_bodies_is_not_registered_clause_16_1() {
        for id in [
            "court_decision_review",
            "criminal_case",
            "private_dispute",
            "other_region",
            "national_legislation",
            "foreign_state",
        ] {
            let refusals = check_request(&draft(id, HEATING), &[]).unwrap_err();
            assert_eq!(refusals.len(), 1);
            assert_eq!(refusals[0].clause, Clause::C16_1);
            assert_eq!(refusals[0].field, Field::Topic);
            assert!(refusals[0].redirect.is_some(), "{id}");
        }
    }

    #[test]
    fn question_of_territorial_subdivisions_of_central_bodies_is_registered_clause_16_1() {
        let ok = check_request(&draft("taxes", HEATING), &[]).unwrap();
        assert_eq!(ok.topic.competence, Competence::Territorial);
    }

    #[test]
    fn unknown_topic_is_refused_together_with_missing_essence_clauses_5_and_16_1() {
        assert_eq!(
            clauses(check_request(&draft("weather", ""), &[])),
            ["16.1", "5"]
        );
    }

    #[test]
    fn person_already_received_on_the_same_question_is_not_registered_clause_16_2() {
        let history = [past(
            "heating",
            "С октября в нашем доме на улице Ерубаева нет отопления, холодные батареи",
            PastOutcome::Received,
        )];
        let refusals = check_request(&draft("heating", HEATING), &history).unwrap_err();
        assert_eq!(refusals.len(), 1);
        assert_eq!(refusals[0].clause, Clause::C16_2);
        assert!(refusals[0].message.ru.contains("12.03.2026"));
        assert!(refusals[0].message.kk.contains("Ахметов"));
    }

    #[test]
    fn person_who_has_an_answer_on_the_same_question_is_not_registered_clause_16_2() {
        let history = [past("heating", HEATING, PastOutcome::Answered)];
        let refusals = check_request(&draft("heating", HEATING), &history).unwrap_err();
        assert!(refusals[0].message.ru.contains("дан ответ"));
        // Even when the applicant picks another topic for the same text.
        assert_eq!(
            clauses(check_request(&draft("other_local", HEATING), &history)),
            ["16.2"]
        );
    }

    #[test]
    fn refused_withdrawn_or_pending_request_does_not_bar_a_new_one_clause_16_2() {
        for outcome in [
            PastOutcome::Refused,
            PastOutcome::Withdrawn,
            PastOutcome::Pending,
        ] {
            let history = [past("heating", HEATING, outcome)];
            assert!(check_request(&draft("heating", HEATING), &history).is_ok());
        }
    }

    #[test]
    fn different_question_on_the_same_topic_is_registered_clause_16_2() {
        let history = [past("heating", HEATING, PastOutcome::Received)];
        let other = "Просим заменить трубы теплотрассы во дворе школы номер пять, зимой прорыв";
        assert!(check_request(&draft("heating", other), &history).is_ok());
    }

    #[test]
    fn browser_check_with_empty_history_accepts_an_eligible_request() {
        let ok = check_request(&draft(" heating ", HEATING), &[]).unwrap();
        assert_eq!(ok.topic.id, "heating");
        assert_eq!(ok.essence.as_str(), HEATING);
    }

    #[test]
    fn refusal_serialises_its_clause_as_written_in_the_regulation() {
        let refusals = check_request(&draft("criminal_case", ""), &[]).unwrap_err();
        let json = serde_json::to_string(&refusals).unwrap();
        assert!(json.contains(r#""clause":"16.1""#) && json.contains(r#""clause":"5""#));
    }
}
