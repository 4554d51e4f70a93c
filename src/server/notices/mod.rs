//! The texts of the notices to applicants (clauses 5, 17, 21, 31, 32), in the applicant's language,
//! from templates, signed with the akimat's name from the configuration.

use chrono::{NaiveDate, NaiveTime};

use crate::rules::lang::{Lang, Text};

/// What happened to a request that the applicant must know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Registered {
        number: String,
        answer_by: NaiveDate,
    },
    Extended {
        number: String,
        answer_by: NaiveDate,
    },
    Scheduled {
        number: String,
        date: NaiveDate,
        starts: NaiveTime,
        place: Text,
    },
    Refused {
        number: String,
        clause: String,
        reason: Text,
    },
    Withdrawn {
        number: String,
    },
    /// A central state body was asked to take part by video; the review is extended
    /// (clauses 20, 21).
    CentralBodyAsked {
        number: String,
        body: String,
        answer_by: NaiveDate,
    },
    /// No essence of the question: left without consideration (clause 5).
    LeftWithoutConsideration {
        number: String,
    },
    /// The department moved the reception to another date or time (clause 30).
    Moved {
        number: String,
        date: NaiveDate,
        starts: NaiveTime,
        place: Text,
    },
    /// The official cannot receive on the day (clause 17); a new time follows.
    ReceptionCancelled {
        number: String,
        date: NaiveDate,
    },
    /// The final reasoned answer that takes a request from a reception off control (clause
    /// 35), as the department wrote it in the applicant's language.
    FinalAnswer {
        number: String,
        answer: String,
    },
}

/// The templates of the notices (`src/server/notices/templates`), rendered with the
/// akimat's name from the configuration. Each notice's template holds the subject, a line
/// `---`, and the text; `letter.<lang>.txt` puts the text between the greeting and the
/// signature.
#[derive(Debug)]
pub struct Letters {
    env: minijinja::Environment<'static>,
    akimat: Text,
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        [$(
            (concat!($name, ".kk.txt"), include_str!(concat!("templates/", $name, ".kk.txt"))),
            (concat!($name, ".ru.txt"), include_str!(concat!("templates/", $name, ".ru.txt"))),
        )*]
    };
}

impl Letters {
    /// The letters signed by `akimat` (the name in Kazakh and Russian).
    pub fn new(akimat: Text) -> Letters {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, source) in templates!(
            "letter",
            "registered",
            "extended",
            "scheduled",
            "moved",
            "refused",
            "withdrawn",
            "left",
            "central",
            "cancelled",
            "final"
        ) {
            env.add_template(name, source)
                .expect("the notice templates compile (a test renders every one)");
        }
        Letters { env, akimat }
    }

    /// The subject and body of `notice` in the applicant's language.
    pub fn render(&self, notice: &Notice, lang: Lang) -> (String, String) {
        let date = |d: &NaiveDate| d.format("%d.%m.%Y").to_string();
        let (name, vars) = match notice {
            Notice::Registered { number, answer_by } => (
                "registered",
                minijinja::context! { number, answer_by => date(answer_by) },
            ),
            Notice::Extended { number, answer_by } => (
                "extended",
                minijinja::context! { number, answer_by => date(answer_by) },
            ),
            Notice::Scheduled {
                number,
                date: day,
                starts,
                place,
            }
            | Notice::Moved {
                number,
                date: day,
                starts,
                place,
            } => (
                if matches!(notice, Notice::Moved { .. }) {
                    "moved"
                } else {
                    "scheduled"
                },
                minijinja::context! {
                    number,
                    date => date(day),
                    starts => starts.format("%H:%M").to_string(),
                    place => place.get(lang),
                },
            ),
            Notice::Refused {
                number,
                clause,
                reason,
            } => (
                "refused",
                minijinja::context! { number, clause, reason => reason.get(lang) },
            ),
            Notice::Withdrawn { number } => ("withdrawn", minijinja::context! { number }),
            Notice::LeftWithoutConsideration { number } => ("left", minijinja::context! { number }),
            Notice::CentralBodyAsked {
                number,
                body,
                answer_by,
            } => (
                "central",
                minijinja::context! { number, body, answer_by => date(answer_by) },
            ),
            Notice::ReceptionCancelled { number, date: day } => (
                "cancelled",
                minijinja::context! { number, date => date(day) },
            ),
            Notice::FinalAnswer { number, answer } => {
                ("final", minijinja::context! { number, answer })
            }
        };
        let notice_text = self.fill(&format!("{name}.{}.txt", lang.code()), vars);
        let (subject, text) = notice_text
            .split_once("\n---\n")
            .expect("a notice template has its subject, a line ---, and its text");
        let akimat = self.akimat.get(lang);
        let letter = minijinja::context! { text => text.trim(), akimat };
        let body = self.fill(&format!("letter.{}.txt", lang.code()), letter);
        (subject.trim().to_owned(), body + "\n")
    }

    fn fill(&self, template: &str, vars: minijinja::Value) -> String {
        self.env
            .get_template(template)
            .and_then(|t| t.render(vars))
            .unwrap_or_else(|e| panic!("notice template {template}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters() -> Letters {
        Letters::new(Text::new(
            "Қарағанды облысы әкімінің аппараты",
            "Аппарат акима Карагандинской области",
        ))
    }

    fn kind(notice: &Notice) -> &'static str {
        match notice {
            Notice::Registered { .. } => "registered",
            Notice::Extended { .. } => "extended",
            Notice::Scheduled { .. } => "scheduled",
            Notice::Moved { .. } => "moved",
            Notice::Refused { .. } => "refused",
            Notice::Withdrawn { .. } => "withdrawn",
            Notice::LeftWithoutConsideration { .. } => "left",
            Notice::CentralBodyAsked { .. } => "central",
            Notice::ReceptionCancelled { .. } => "cancelled",
            Notice::FinalAnswer { .. } => "final",
        }
    }

    /// Every notice in both languages, as an applicant reads it, pinned in
    /// `src/server/notices/snapshots/`. `UPDATE_SNAPSHOTS=1 cargo test --features ssr --lib
    /// notices` rewrites the files after a deliberate change of a text; review their diff.
    #[test]
    fn every_notice_reads_as_its_snapshot_in_both_languages() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/notices/snapshots");
        let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
        let mut differ = Vec::new();
        for notice in every_notice() {
            for lang in Lang::ALL {
                let (subject, body) = letters().render(&notice, lang);
                let got = format!("Subject: {subject}\n\n{body}");
                let file = dir.join(format!("{}.{}.txt", kind(&notice), lang.code()));
                if update {
                    std::fs::write(&file, &got).unwrap();
                } else if std::fs::read_to_string(&file).ok().as_deref() != Some(got.as_str()) {
                    differ.push(format!("{}:\n{got}", file.display()));
                }
            }
        }
        assert!(
            differ.is_empty(),
            "notices differ from their snapshots:\n{}",
            differ.join("\n")
        );
    }

    #[test]
    fn the_letter_is_signed_with_the_akimat_of_the_configuration() {
        let other = Letters::new(Text::new(
            "Ұлытау облысы әкімінің аппараты",
            "Аппарат акима области Ұлытау",
        ));
        for notice in every_notice() {
            let (_, kk) = other.render(&notice, Lang::Kk);
            let (_, ru) = other.render(&notice, Lang::Ru);
            assert!(
                kk.contains("Құрметпен,\nҰлытау облысы әкімінің аппараты\n"),
                "{kk}"
            );
            assert!(
                ru.contains("С уважением,\nАппарат акима области Ұлытау\n"),
                "{ru}"
            );
            assert!(
                !kk.contains("Қарағанды") && !ru.contains("Караганд"),
                "{kk}\n{ru}"
            );
        }
    }

    fn every_notice() -> Vec<Notice> {
        let number = "ЖҚ-2025-0042".to_string();
        let day = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        vec![
            Notice::Registered {
                number: number.clone(),
                answer_by: day,
            },
            Notice::Extended {
                number: number.clone(),
                answer_by: day,
            },
            Notice::Scheduled {
                number: number.clone(),
                date: day,
                starts: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                place: Text::new("Қоғамдық қабылдау бөлмесі", "Общественная приёмная"),
            },
            Notice::Moved {
                number: number.clone(),
                date: day,
                starts: NaiveTime::from_hms_opt(11, 30, 0).unwrap(),
                place: Text::new("Әкімдіктің 214-кабинеті", "Кабинет 214 акимата"),
            },
            Notice::Refused {
                number: number.clone(),
                clause: "5".into(),
                reason: Text::new("өтініштің мәні көрсетілмеген", "не указана суть обращения"),
            },
            Notice::Withdrawn {
                number: number.clone(),
            },
            Notice::LeftWithoutConsideration {
                number: number.clone(),
            },
            Notice::CentralBodyAsked {
                number: number.clone(),
                body: "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі"
                    .into(),
                answer_by: day,
            },
            Notice::ReceptionCancelled {
                number: number.clone(),
                date: day,
            },
            Notice::FinalAnswer {
                number,
                answer: "Жол жөнделді, жұмыс 2025 жылғы 1 сәуірде аяқталды.".into(),
            },
        ]
    }

    #[test]
    fn every_notice_names_the_registration_number_in_both_languages() {
        for notice in every_notice() {
            for lang in Lang::ALL {
                let (subject, body) = letters().render(&notice, lang);
                assert!(subject.contains("ЖҚ-2025-0042"), "{subject}");
                assert!(body.contains("ЖҚ-2025-0042"), "{body}");
            }
        }
    }

    #[test]
    fn the_applicants_language_decides_the_text() {
        for notice in every_notice() {
            let (_, kk) = letters().render(&notice, Lang::Kk);
            let (_, ru) = letters().render(&notice, Lang::Ru);
            assert!(kk.starts_with("Құрметті") && kk.contains("Сіз"), "{kk}");
            assert!(!kk.contains(" сіз"), "the polite form is capitalised: {kk}");
            assert!(ru.starts_with("Уважаемый"), "{ru}");
            assert!(["Вы", "Ваш", "Вам"].iter().any(|w| ru.contains(w)), "{ru}");
            assert!(
                [" вы ", " ваш", " вам "].iter().all(|w| !ru.contains(w)),
                "the polite form is capitalised: {ru}"
            );
        }
    }

    #[test]
    fn dates_and_places_appear_in_the_scheduled_notice() {
        let (subject, body) = letters().render(&every_notice()[2], Lang::Ru);
        assert!(subject.contains("12.03.2025"));
        assert!(body.contains("10:00") && body.contains("Общественная приёмная"));
        let (_, body) = letters().render(&every_notice()[2], Lang::Kk);
        assert!(body.contains("Қоғамдық қабылдау бөлмесі"));
    }
}
