//! The texts of the notices to applicants (clauses 21, 31, 32), in the applicant's language.

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
}

/// The subject and body of `notice` in the applicant's language.
pub fn render(notice: &Notice, lang: Lang) -> (String, String) {
    let date = |d: &NaiveDate| d.format("%d.%m.%Y").to_string();
    let (subject, text) = match (notice, lang) {
        (Notice::Registered { number, answer_by }, Lang::Kk) => (
            format!("№ {number} өтінішіңіз тіркелді"),
            format!(
                "Сіздің жеке қабылдауға жазылу туралы өтінішіңіз Қарағанды облысы әкімінің \
                 аппаратында № {number} болып тіркелді.\n\n\
                 Жауап Сізге {} кешіктірілмей жіберіледі. Қабылдау күні мен орны белгіленген \
                 кезде бұл туралы бөлек хабарлаймыз.\n\n\
                 Бізге хабарласқанда өтініштің нөмірін атаңыз: № {number}.",
                date(answer_by)
            ),
        ),
        (Notice::Registered { number, answer_by }, Lang::Ru) => (
            format!("Ваше обращение № {number} зарегистрировано"),
            format!(
                "Ваше обращение о записи на личный приём зарегистрировано в аппарате акима \
                 Карагандинской области под № {number}.\n\n\
                 Ответ будет направлен Вам не позднее {}. Когда будут определены дата и место \
                 приёма, мы сообщим об этом отдельно.\n\n\
                 Обращаясь к нам, пожалуйста, называйте номер обращения: № {number}.",
                date(answer_by)
            ),
        ),
        (Notice::Extended { number, answer_by }, Lang::Kk) => (
            format!("№ {number} өтінішті қарау мерзімі ұзартылды"),
            format!(
                "Сіздің № {number} өтінішіңізді қарау мерзімі ұзартылды.\n\n\
                 Жауап Сізге {} кешіктірілмей жіберіледі. Күттіргеніміз үшін кешірім сұраймыз.",
                date(answer_by)
            ),
        ),
        (Notice::Extended { number, answer_by }, Lang::Ru) => (
            format!("Срок рассмотрения обращения № {number} продлён"),
            format!(
                "Срок рассмотрения Вашего обращения № {number} продлён.\n\n\
                 Ответ будет направлен Вам не позднее {}. Приносим извинения за ожидание.",
                date(answer_by)
            ),
        ),
        (
            Notice::Scheduled {
                number,
                date: day,
                starts,
                place,
            },
            Lang::Kk,
        ) => (
            format!(
                "№ {number} өтініш бойынша қабылдау {} белгіленді",
                date(day)
            ),
            format!(
                "Сіз № {number} өтініш бойынша жеке қабылдауға жазылдыңыз.\n\n\
                 Күні: {}\n\
                 Уақыты: {} (Қарағанды уақыты)\n\
                 Орны: {}\n\n\
                 Қабылдау басталардан 15 минут бұрын келіп, жеке басыңызды куәландыратын \
                 құжатты ала жүруіңізді сұраймыз. Келе алмайтын болсаңыз, өтініш нөмірін \
                 көрсетіп, бізге алдын ала хабарлаңыз.",
                date(day),
                starts.format("%H:%M"),
                place.kk
            ),
        ),
        (
            Notice::Scheduled {
                number,
                date: day,
                starts,
                place,
            },
            Lang::Ru,
        ) => (
            format!("Приём по обращению № {number} назначен на {}", date(day)),
            format!(
                "Вы записаны на личный приём по обращению № {number}.\n\n\
                 Дата: {}\n\
                 Время: {} (время карагандинское)\n\
                 Место: {}\n\n\
                 Пожалуйста, приходите за 15 минут до начала приёма и возьмите с собой \
                 документ, удостоверяющий личность. Если Вы не сможете прийти, сообщите нам \
                 об этом заранее, указав номер обращения.",
                date(day),
                starts.format("%H:%M"),
                place.ru
            ),
        ),
        (
            Notice::Refused {
                number,
                clause,
                reason,
            },
            Lang::Kk,
        ) => (
            format!("№ {number} өтінішіңіз бойынша жауап"),
            format!(
                "Сіздің № {number} өтінішіңіз бойынша жеке қабылдауға жазудан бас тартылды.\n\n\
                 Негіздеме: азаматтарды жеке қабылдау тәртібінің {clause}-тармағы — {}.\n\n\
                 Сіз бұл шешімге Қазақстан Республикасының заңнамасында белгіленген тәртіппен \
                 шағымдана аласыз немесе көрсетілген себепті жойып, қайта жүгіне аласыз.",
                reason.kk
            ),
        ),
        (
            Notice::Refused {
                number,
                clause,
                reason,
            },
            Lang::Ru,
        ) => (
            format!("Ответ по Вашему обращению № {number}"),
            format!(
                "По Вашему обращению № {number} в записи на личный приём отказано.\n\n\
                 Основание: пункт {clause} порядка личного приёма граждан — {}.\n\n\
                 Вы вправе обжаловать это решение в порядке, установленном законодательством \
                 Республики Казахстан, либо обратиться повторно, устранив указанную причину.",
                reason.ru
            ),
        ),
        (Notice::Withdrawn { number }, Lang::Kk) => (
            format!("№ {number} өтініш кері қайтарылды"),
            format!(
                "Сіздің № {number} өтінішіңіз Сіздің сұрауыңыз бойынша кері қайтарылды, оны \
                 қарау тоқтатылды.\n\n\
                 Егер бұл қателікпен болса, жаңа өтініш бере аласыз."
            ),
        ),
        (Notice::Withdrawn { number }, Lang::Ru) => (
            format!("Обращение № {number} отозвано"),
            format!(
                "Ваше обращение № {number} отозвано по Вашей просьбе, его рассмотрение \
                 прекращено.\n\n\
                 Если это произошло по ошибке, Вы можете подать новое обращение."
            ),
        ),
    };
    let body = match lang {
        Lang::Kk => format!(
            "Құрметті өтініш беруші!\n\n{text}\n\n\
             Құрметпен,\nҚарағанды облысы әкімінің аппараты\n\n\
             Бұл хат автоматты түрде жіберілді, оған жауап берудің қажеті жоқ.\n"
        ),
        Lang::Ru => format!(
            "Уважаемый заявитель!\n\n{text}\n\n\
             С уважением,\nаппарат акима Карагандинской области\n\n\
             Это письмо отправлено автоматически, отвечать на него не нужно.\n"
        ),
    };
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Notice::Refused {
                number: number.clone(),
                clause: "5".into(),
                reason: Text::new("өтініштің мәні көрсетілмеген", "не указана суть обращения"),
            },
            Notice::Withdrawn { number },
        ]
    }

    #[test]
    fn every_notice_names_the_registration_number_in_both_languages() {
        for notice in every_notice() {
            for lang in Lang::ALL {
                let (subject, body) = render(&notice, lang);
                assert!(subject.contains("ЖҚ-2025-0042"), "{subject}");
                assert!(body.contains("ЖҚ-2025-0042"), "{body}");
            }
        }
    }

    #[test]
    fn the_applicants_language_decides_the_text() {
        for notice in every_notice() {
            let (_, kk) = render(&notice, Lang::Kk);
            let (_, ru) = render(&notice, Lang::Ru);
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
        let (subject, body) = render(&every_notice()[2], Lang::Ru);
        assert!(subject.contains("12.03.2025"));
        assert!(body.contains("10:00") && body.contains("Общественная приёмная"));
        let (_, body) = render(&every_notice()[2], Lang::Kk);
        assert!(body.contains("Қоғамдық қабылдау бөлмесі"));
    }
}
