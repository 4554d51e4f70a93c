//! The protocol of a reception and the control of its instructions (clauses 25, 34, 35, 37).
//!
//! The results of a reception are recorded as instructions, each with its executor and a
//! specific deadline (25); the department controls them (34); the request is taken off
//! control only by a final reasoned answer to the applicant (35), here once every
//! instruction has been reported done; and a request from a reception is never given to an
//! executor who has already resolved the same applicant's request (37).

use chrono::{Duration, NaiveDate};

use super::calendar;
use super::lang::{fold_case, Text, Tr};

/// The longest executor's name (a department, or a person with their position).
pub const EXECUTOR_MAX: usize = 300;
/// The longest instruction, execution report or final answer.
pub const TEXT_MAX: usize = 4000;
/// How far ahead an instruction's deadline may be set: a year.
pub const DUE_WITHIN_DAYS: i64 = 366;

pub const NO_EXECUTOR: Tr = Tr::new(
    "Орындаушыны жазыңыз (бөлім немесе лауазымды адам).",
    "Укажите исполнителя (подразделение или должностное лицо).",
);
pub const NO_CONTENT: Tr = Tr::new(
    "Тапсырманың мазмұнын жазыңыз.",
    "Укажите содержание поручения.",
);
pub const BAD_DUE: Tr = Tr::new(
    "Орындау мерзімі (25-т.): бүгіннен бастап бір жыл ішіндегі күнді таңдаңыз.",
    "Срок исполнения (п. 25): выберите дату от сегодняшнего дня в пределах года.",
);
pub const TOO_LONG: Tr = Tr::new(
    "Мәтін тым ұзын: 4000 таңбадан аспауы керек.",
    "Текст слишком длинный: не более 4000 знаков.",
);
pub const NO_REPORT: Tr = Tr::new(
    "Орындалғаны туралы не істелгенін жазыңыз.",
    "Укажите, что сделано по поручению.",
);
pub const NO_ANSWER: Tr = Tr::new(
    "Өтініш берушіге түпкілікті дәлелді жауаптың мәтінін жазыңыз (35-т.).",
    "Напишите текст окончательного мотивированного ответа заявителю (п. 35).",
);
pub const OPEN_INSTRUCTIONS: Tr = Tr::new(
    "Хаттамалық тапсырмалар әлі орындалмаған: бақылаудан алу үшін әрқайсысының орындалуын белгілеңіз (34, 35-т.).",
    "Протокольные поручения ещё не исполнены: чтобы снять с контроля, отметьте исполнение каждого (пп. 34, 35).",
);

/// An instruction as the form gave it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInstruction {
    pub executor: String,
    pub content: String,
    pub due_on: NaiveDate,
}

/// Checks an instruction written on `today` (clause 25: a specific deadline, not in the
/// past and within a year).
pub fn check_instruction(
    executor: &str,
    content: &str,
    due_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NewInstruction, Text> {
    let executor = executor.split_whitespace().collect::<Vec<_>>().join(" ");
    let content = content.trim();
    // A name of punctuation alone names nobody (and would match every other such name).
    if executor_key(&executor).is_empty() {
        return Err(NO_EXECUTOR.text());
    }
    if content.is_empty() {
        return Err(NO_CONTENT.text());
    }
    if executor.chars().count() > EXECUTOR_MAX || content.chars().count() > TEXT_MAX {
        return Err(TOO_LONG.text());
    }
    let due_on = due_on
        .filter(|d| *d >= today && *d <= today + Duration::days(DUE_WITHIN_DAYS))
        .ok_or_else(|| BAD_DUE.text())?;
    if !calendar::is_working_day(due_on) {
        return Err(due_on_day_off(due_on, today));
    }
    Ok(NewInstruction {
        executor,
        content: content.to_owned(),
        due_on,
    })
}

/// The refusal of a deadline that falls on a day off: a term is kept on a working day, and
/// the nearest one that does not lengthen it is offered (the one after, when the one before
/// has passed).
fn due_on_day_off(due_on: NaiveDate, today: NaiveDate) -> Text {
    let before = calendar::on_or_previous_working_day(due_on);
    let offered = if before >= today {
        before
    } else {
        calendar::next_working_day(due_on)
    };
    let kind = calendar::day_kind(due_on).describe();
    let (due, offered) = (calendar::dmy(due_on), calendar::dmy(offered));
    Text::new(
        format!(
            "Орындау мерзімі {due} жұмыс күні емес ({}). Жұмыс күнін таңдаңыз, мысалы {offered} (25-т.).",
            kind.kk
        ),
        format!(
            "Срок исполнения {due} приходится на нерабочий день ({}). Выберите рабочий день, например {offered} (п. 25).",
            kind.ru
        ),
    )
}

/// A text the department writes (an execution report, the final answer): trimmed, not
/// empty, at most [`TEXT_MAX`] characters.
pub fn check_text(text: &str, missing: Tr) -> Result<String, Text> {
    let text = text.trim();
    if text.is_empty() {
        Err(missing.text())
    } else if text.chars().count() > TEXT_MAX {
        Err(TOO_LONG.text())
    } else {
        Ok(text.to_owned())
    }
}

/// The executor as compared for clause 37: letters and digits only, in lower case, «ё» as
/// «е» — so "Иванов А. А." and "иванов а.а." are the same person.
pub fn executor_key(executor: &str) -> String {
    fold_case(executor)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Clause 37: the executor resolved the applicant's request `earlier` before, so this
/// request may not be given to them.
pub fn resolved_before(earlier: &str) -> Text {
    Text::new(
        format!(
            "Бұл орындаушы өтініш берушінің № {earlier} өтінішін бұрын шешкен: қабылдаудан түскен өтінішті оған тапсыруға болмайды (37-т.). Басқа орындаушыны тағайындаңыз."
        ),
        format!(
            "Этот исполнитель ранее разрешал обращение заявителя № {earlier}: поручать ему обращение с приёма нельзя (п. 37). Назначьте другого исполнителя."
        ),
    )
}

/// Whether the request may be taken off control now (clauses 34, 35): every instruction
/// of its protocol reported done.
pub fn may_close(open_instructions: usize) -> Result<(), Text> {
    if open_instructions == 0 {
        Ok(())
    } else {
        Err(OPEN_INSTRUCTIONS.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn an_instruction_names_its_executor_and_a_specific_deadline_clause_25() {
        let today = day(2);
        let ok = check_instruction(
            "  Управление  ЖКХ ",
            " Проверить крышу ",
            Some(day(15)),
            today,
        )
        .unwrap();
        assert_eq!(ok.executor, "Управление ЖКХ");
        assert_eq!(ok.content, "Проверить крышу");
        assert_eq!(ok.due_on, day(15));
        for nobody in ["", " — ", "..."] {
            assert_eq!(
                check_instruction(nobody, "x", Some(day(15)), today),
                Err(NO_EXECUTOR.text())
            );
        }
        assert_eq!(
            check_instruction("ЖКХ", "  ", Some(day(15)), today),
            Err(NO_CONTENT.text())
        );
        for due in [None, Some(day(1)), Some(today + Duration::days(367))] {
            assert_eq!(
                check_instruction("ЖКХ", "x", due, today),
                Err(BAD_DUE.text()),
                "{due:?}"
            );
        }
        assert!(check_instruction("ЖКХ", "x", Some(today), today).is_ok());
        // Saturday 5 December 2026: Friday the 4th is offered; Independence Day (Wednesday
        // 16 December) from the 15th, the 15th itself.
        let saturday = check_instruction("ЖКХ", "x", Some(day(5)), today).unwrap_err();
        assert!(saturday.ru.contains("05.12.2026") && saturday.ru.contains("например 04.12.2026"));
        assert!(saturday.kk.contains("мысалы 04.12.2026"));
        let holiday = check_instruction("ЖКХ", "x", Some(day(16)), day(16)).unwrap_err();
        assert!(holiday.ru.contains("Праздник") && holiday.ru.contains("например 17.12.2026"));
        let long = "я".repeat(TEXT_MAX + 1);
        assert_eq!(
            check_instruction("ЖКХ", &long, Some(day(15)), today),
            Err(TOO_LONG.text())
        );
    }

    #[test]
    fn the_same_executor_is_recognised_however_it_is_written_clause_37() {
        assert_eq!(executor_key("Иванов А. А."), executor_key("иванов а.а."));
        assert_eq!(executor_key("Ёлкин Қ.Т."), executor_key("ЕЛКИН  Қ Т"));
        assert_ne!(executor_key("Иванов А.А."), executor_key("Иванова А.А."));
        let refusal = resolved_before("KRG-2026-000007");
        assert!(refusal.kk.contains("37-т.") && refusal.kk.contains("KRG-2026-000007"));
        assert!(refusal.ru.contains("п. 37") && refusal.ru.contains("KRG-2026-000007"));
    }

    #[test]
    fn a_request_leaves_control_only_when_every_instruction_is_done_clauses_34_35() {
        assert_eq!(may_close(0), Ok(()));
        let refused = may_close(2).unwrap_err();
        assert!(refused.kk.contains("34, 35-т.") && refused.ru.contains("пп. 34, 35"));
        assert_eq!(check_text("  ", NO_ANSWER), Err(NO_ANSWER.text()));
        assert_eq!(
            check_text(" Дан ответ ", NO_ANSWER).as_deref(),
            Ok("Дан ответ")
        );
    }
}
