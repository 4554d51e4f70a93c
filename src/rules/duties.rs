//! Duties around the reception itself: who receives (clause 2), who must attend the akim's
//! reception (clause 19), its format (clauses 14, 15) and language (clause 23). Who may not
//! review an application brought from it (clause 37) is `rules::control`'s.

use serde::{Deserialize, Serialize};

use super::lang::{Lang, Text};

/// Who conducts personal reception (clause 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficialRole {
    Akim,
    DeputyAkim,
    ChiefOfStaff,
    DeputyChiefOfStaff,
    HeadOfDepartment,
    /// Another employee of the akim's office authorised to receive.
    OtherAuthorised,
}

impl OfficialRole {
    pub const ALL: [OfficialRole; 6] = [
        OfficialRole::Akim,
        OfficialRole::DeputyAkim,
        OfficialRole::ChiefOfStaff,
        OfficialRole::DeputyChiefOfStaff,
        OfficialRole::HeadOfDepartment,
        OfficialRole::OtherAuthorised,
    ];

    /// The code stored in the database (`officials.role`).
    pub fn code(self) -> &'static str {
        match self {
            OfficialRole::Akim => "akim",
            OfficialRole::DeputyAkim => "deputy_akim",
            OfficialRole::ChiefOfStaff => "chief_of_staff",
            OfficialRole::DeputyChiefOfStaff => "deputy_chief_of_staff",
            OfficialRole::HeadOfDepartment => "head_of_department",
            OfficialRole::OtherAuthorised => "other_authorised",
        }
    }

    pub fn from_code(code: &str) -> Option<OfficialRole> {
        OfficialRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Clause 6: the akim and the deputies receive at least once a month by the approved
    /// schedule, and on the working days around a report meeting. Others receive as the
    /// need arises (clause 8).
    pub fn receives_monthly(self) -> bool {
        matches!(self, OfficialRole::Akim | OfficialRole::DeputyAkim)
    }

    /// Title in the regulation's words (clause 2).
    pub fn name(self) -> Text {
        match self {
            OfficialRole::Akim => Text::new("Облыс әкімі", "Аким области"),
            OfficialRole::DeputyAkim => {
                Text::new("Облыс әкімінің орынбасары", "Заместитель акима области")
            }
            OfficialRole::ChiefOfStaff => Text::new(
                "Облыс әкімі аппаратының басшысы",
                "Руководитель аппарата акима области",
            ),
            OfficialRole::DeputyChiefOfStaff => Text::new(
                "Облыс әкімі аппараты басшысының орынбасары",
                "Заместитель руководителя аппарата акима области",
            ),
            OfficialRole::HeadOfDepartment => Text::new(
                "Облыс әкімі аппаратының құрылымдық бөлімшесінің басшысы",
                "Руководитель структурного подразделения аппарата акима области",
            ),
            OfficialRole::OtherAuthorised => Text::new(
                "Облыс әкімі аппаратының қабылдауды жүзеге асыруға уәкілетті қызметкері",
                "Работник аппарата акима области, уполномоченный на осуществление приёма",
            ),
        }
    }
}

/// Clause 3: who receives an applicant on the day of the request (with the applicant's
/// agreement): the heads of the apparatus's departments and the other employees authorised
/// to receive; not the akim, the deputies or the chief of staff, whose receptions follow the
/// schedule (clauses 6, 29, 30).
pub fn receives_on_the_day(role: OfficialRole) -> bool {
    matches!(
        role,
        OfficialRole::HeadOfDepartment | OfficialRole::OtherAuthorised
    )
}

/// Territorial subdivisions whose representatives take part in the akim's reception (clause 19).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendee {
    Prosecutor,
    InternalAffairs,
    AntiCorruption,
    CourtsAdministration,
}

impl Attendee {
    /// The code stored for the attendee (its serde name).
    pub fn code(self) -> &'static str {
        match self {
            Attendee::Prosecutor => "prosecutor",
            Attendee::InternalAffairs => "internal_affairs",
            Attendee::AntiCorruption => "anti_corruption",
            Attendee::CourtsAdministration => "courts_administration",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Attendee::Prosecutor => Text::new(
                "Прокуратура органдарының аумақтық бөлімшесі",
                "Территориальное подразделение органов прокуратуры",
            ),
            Attendee::InternalAffairs => Text::new(
                "Қазақстан Республикасы Ішкі істер министрлігінің аумақтық бөлімшесі",
                "Территориальное подразделение Министерства внутренних дел Республики Казахстан",
            ),
            Attendee::AntiCorruption => Text::new(
                "Қазақстан Республикасының Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің аумақтық бөлімшесі",
                "Территориальное подразделение Агентства Республики Казахстан по противодействию коррупции",
            ),
            Attendee::CourtsAdministration => Text::new(
                "Қазақстан Республикасы Жоғарғы Сотының жанындағы Соттардың қызметін қамтамасыз ету департаментінің аумақтық бөлімшесі",
                "Территориальное подразделение Департамента по обеспечению деятельности судов при Верховном Суде Республики Казахстан",
            ),
        }
    }
}

const AKIM_ATTENDEES: [Attendee; 4] = [
    Attendee::Prosecutor,
    Attendee::InternalAffairs,
    Attendee::AntiCorruption,
    Attendee::CourtsAdministration,
];

/// Representatives the Department must bring to a reception held by this official
/// (clause 19): all four for the akim of the region, none required for anyone else.
pub fn required_attendees(role: OfficialRole) -> &'static [Attendee] {
    match role {
        OfficialRole::Akim => &AKIM_ATTENDEES,
        _ => &[],
    }
}

/// How the reception is held (clauses 14, 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    InPerson,
    Video,
}

impl Format {
    pub fn name(self) -> Text {
        match self {
            Format::InPerson => Text::new("Жеке келу арқылы", "Очно"),
            Format::Video => Text::new("Бейнеконференцбайланыс арқылы", "По видеоконференцсвязи"),
        }
    }
}

/// The format the reception will actually take.
///
/// Video is possible only with the applicant's consent (clause 14). While restrictive
/// measures are in force, reception is by video only (clause 15), whatever was requested: so
/// without consent the applicant cannot be received until they are lifted.
pub fn reception_format(
    consent_to_video: bool,
    restrictions_in_force: bool,
    requested: Format,
) -> Result<Format, Text> {
    match (restrictions_in_force, consent_to_video, requested) {
        (true, true, _) => Ok(Format::Video),
        (true, false, _) => Err(Text::new(
            "Шектеу шаралары қолданылып тұрған кезде қабылдау тек бейнеконференцбайланыс арқылы жүргізіледі (15-тармақ). Бейнеқабылдауға келісім бермесеңіз, сізді шектеулер алынғаннан кейін ғана қабылдау мүмкін.",
            "Пока действуют ограничительные меры, приём проводится только по видеоконференцсвязи (пункт 15). Без вашего согласия на видеоприём принять вас можно будет только после снятия ограничений.",
        )),
        (false, false, Format::Video) => Err(Text::new(
            "Бейнеконференцбайланыс арқылы қабылдау тек сіздің келісіміңізбен жүргізіледі (14-тармақ). Келісім беріңіз немесе жеке келуді таңдаңыз.",
            "Приём по видеоконференцсвязи проводится только с вашего согласия (пункт 14). Дайте согласие или выберите очный приём.",
        )),
        (false, _, requested) => Ok(requested),
    }
}

/// The language of the reception chosen by the applicant: Kazakh or Russian (clause 23).
///
/// Accepts the codes `kk`/`kz`/`ru` and the languages' names in either language.
pub fn reception_language(input: &str) -> Result<Lang, Text> {
    let s = super::lang::fold_case(input.trim());
    Lang::from_code(&s)
        .or(match s.as_str() {
            "қазақ" | "қазақша" | "қазақ тілі" | "казахский" | "мемлекеттік тіл"
            | "государственный" => Some(Lang::Kk),
            "орыс" | "орысша" | "орыс тілі" | "русский" => Some(Lang::Ru),
            _ => None,
        })
        .ok_or_else(|| {
            Text::new(
                "Қабылдау мемлекеттік тілде немесе орыс тілінде жүргізіледі: қазақ немесе орыс тілін таңдаңыз (23-тармақ).",
                "Приём проводится на государственном или русском языке: выберите казахский или русский (пункт 23).",
            )
        })
}

/// Who else may attend a reception day on the department's invitation: legal consultants,
/// mediators, psychologists and social workers (clause 18), and employees of the akimat
/// called in to the reception, or with whom a time and place are agreed (clause 24).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invitee {
    LegalConsultant,
    Mediator,
    Psychologist,
    SocialWorker,
    AkimatEmployee,
}

impl Invitee {
    pub const ALL: [Invitee; 5] = [
        Invitee::LegalConsultant,
        Invitee::Mediator,
        Invitee::Psychologist,
        Invitee::SocialWorker,
        Invitee::AkimatEmployee,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Invitee::LegalConsultant => "legal_consultant",
            Invitee::Mediator => "mediator",
            Invitee::Psychologist => "psychologist",
            Invitee::SocialWorker => "social_worker",
            Invitee::AkimatEmployee => "akimat_employee",
        }
    }

    pub fn from_code(code: &str) -> Option<Invitee> {
        Invitee::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The clause that provides for the invitation.
    pub fn clause(self) -> &'static str {
        match self {
            Invitee::AkimatEmployee => "24",
            _ => "18",
        }
    }

    pub fn name(self) -> Text {
        let (kk, ru) = match self {
            Invitee::LegalConsultant => ("Заң кеңесшісі", "Юридический консультант"),
            Invitee::Mediator => ("Медиатор", "Медиатор"),
            Invitee::Psychologist => ("Психолог", "Психолог"),
            Invitee::SocialWorker => ("Әлеуметтік қызметкер", "Социальный работник"),
            Invitee::AkimatEmployee => ("Әкімдік қызметкері", "Работник акимата"),
        };
        Text::new(kk, ru)
    }

    /// The checklist's line for `who`, invited as this: "Психолог (п. 18): Иванова А. А.".
    pub fn line(self, who: &str) -> Text {
        let name = self.name();
        Text::new(
            format!("{} ({}-т.): {who}", name.kk, self.clause()),
            format!("{} (п. {}): {who}", name.ru, self.clause()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn akims_reception_is_attended_by_prosecutor_police_anti_corruption_and_courts_clause_19() {
        assert_eq!(required_attendees(OfficialRole::Akim), AKIM_ATTENDEES);
        for role in &OfficialRole::ALL[1..] {
            assert!(required_attendees(*role).is_empty(), "{role:?}");
        }
        for a in AKIM_ATTENDEES {
            assert!(a.name().kk.contains("аумақтық бөлімше"));
            assert!(a.name().ru.starts_with("Территориальное подразделение"));
        }
    }

    #[test]
    fn every_official_who_receives_has_a_bilingual_title_clause_2() {
        for role in OfficialRole::ALL {
            assert!(role.name().kk.contains("әкім") || role.name().kk.contains("Облыс"));
            assert!(role.name().ru.to_lowercase().contains("аким"));
        }
    }

    #[test]
    fn video_reception_is_held_only_with_the_applicants_consent_clause_14() {
        assert_eq!(
            reception_format(true, false, Format::Video),
            Ok(Format::Video)
        );
        assert!(reception_format(false, false, Format::Video).is_err());
        assert_eq!(
            reception_format(false, false, Format::InPerson),
            Ok(Format::InPerson)
        );
        assert_eq!(
            reception_format(true, false, Format::InPerson),
            Ok(Format::InPerson)
        );
    }

    #[test]
    fn while_restrictions_are_in_force_reception_is_by_video_only_clause_15() {
        assert_eq!(
            reception_format(true, true, Format::InPerson),
            Ok(Format::Video)
        );
        assert_eq!(
            reception_format(true, true, Format::Video),
            Ok(Format::Video)
        );
        let refusal = reception_format(false, true, Format::InPerson).unwrap_err();
        assert!(refusal.ru.contains("пункт 15") && refusal.kk.contains("15-тармақ"));
    }

    #[test]
    fn reception_is_in_the_state_language_or_russian_at_the_applicants_choice_clause_23() {
        for kk in ["kk", " KZ ", "Қазақ тілі", "казахский"] {
            assert_eq!(reception_language(kk), Ok(Lang::Kk), "{kk}");
        }
        for ru in ["ru", "Русский", "орыс тілі"] {
            assert_eq!(reception_language(ru), Ok(Lang::Ru), "{ru}");
        }
        let err = reception_language("en").unwrap_err();
        assert!(err.kk.contains("23-тармақ") && err.ru.contains("пункт 23"));
        assert!(Format::Video.name().kk.contains("Бейне"));
    }

    #[test]
    fn consultants_mediators_psychologists_social_workers_and_akimat_employees_may_be_invited_clauses_18_24(
    ) {
        for invitee in Invitee::ALL {
            assert_eq!(Invitee::from_code(invitee.code()), Some(invitee));
            assert_eq!(serde_json::to_value(invitee).unwrap(), invitee.code());
            let line = invitee.line("Иванова А. А.");
            assert!(line.kk.ends_with("-т.): Иванова А. А."), "{}", line.kk);
            assert!(
                line.ru.contains("(п. ") && line.ru.ends_with("Иванова А. А."),
                "{}",
                line.ru
            );
        }
        assert_eq!(Invitee::AkimatEmployee.clause(), "24");
        assert_eq!(Invitee::Psychologist.clause(), "18");
        assert_eq!(Invitee::from_code("lawyer"), None);
    }

    #[test]
    fn role_codes_round_trip_and_match_serde() {
        for role in OfficialRole::ALL {
            assert_eq!(OfficialRole::from_code(role.code()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.code());
        }
        assert_eq!(OfficialRole::from_code("deputy"), None);
    }

    #[test]
    fn heads_of_departments_and_authorised_employees_receive_on_the_day_clause_3() {
        let on_the_day: Vec<_> = OfficialRole::ALL
            .into_iter()
            .filter(|r| receives_on_the_day(*r))
            .collect();
        assert_eq!(
            on_the_day,
            [
                OfficialRole::HeadOfDepartment,
                OfficialRole::OtherAuthorised
            ]
        );
    }

    #[test]
    fn an_attendees_code_is_its_serde_name() {
        for a in required_attendees(OfficialRole::Akim) {
            assert_eq!(serde_json::to_value(a).unwrap(), a.code());
        }
    }
}
