//! Applications handed in at a reception on the request's card (clause 36): each with the
//! mark "from personal reception", its number in the document system, the instruction it
//! is attached to and its scan; the term of 3 working days; and the form that registers one
//! (a plain multipart form, without JavaScript; a refused one keeps its text fields).

use leptos::prelude::*;

use super::i18n::{full_date, use_lang, Tr};
use crate::model::card::{DecisionError, RequestCard};
use crate::rules::{
    papers::{EDMS_MAX, MARK, SUMMARY_MAX},
    permissions::{allows, Action, StaffRole},
};

const TITLE: Tr = Tr::new(
    "Қабылдаудан түскен өтініштер (36-т.)",
    "Обращения, поступившие с приёма (п. 36)",
);
const NONE: Tr = Tr::new(
    "Қабылдаудан түскен өтініштер тіркелмеген.",
    "Обращений с приёма не зарегистрировано.",
);
const TERM: Tr = Tr::new(
    "Сканерлеп, хаттамаға тіркеп, ЭҚАЖ-да тіркеу мерзімі",
    "Срок сканирования, прикрепления к протоколу и регистрации в СЭД",
);
const EDMS: Tr = Tr::new("ЭҚАЖ-дағы тіркеу нөмірі", "Регистрационный номер в СЭД");
const SUMMARY: Tr = Tr::new("Өтініш не туралы", "О чём обращение");
const ATTACHED_TO: Tr = Tr::new("Тапсырмаға тіркеу", "Прикрепить к поручению");
const WHOLE_PROTOCOL: Tr = Tr::new("Хаттаманың өзіне", "К протоколу в целом");
const SCAN: Tr = Tr::new(
    "Скан (PDF, JPEG немесе PNG, 10 МБ дейін)",
    "Скан (PDF, JPEG или PNG, до 10 МБ)",
);
const SCAN_AGAIN: Tr = Tr::new(
    "Файлды қайта таңдаңыз: браузер оны қайта жібермейді.",
    "Выберите файл снова: браузер не отправляет его повторно.",
);
const REGISTER: Tr = Tr::new("Өтінішті тіркеу", "Зарегистрировать обращение");
const REGISTERED: Tr = Tr::new("тіркелді", "зарегистрировано");
const LATE: Tr = Tr::new("мерзімі өткен соң", "с нарушением срока");
const TO_INSTRUCTION: Tr = Tr::new("тапсырмаға", "к поручению");
const OPEN_SCAN: Tr = Tr::new("Сканды жүктеу", "Скачать скан");

/// The applications from the reception (clause 36) and, for the department once the
/// applicant was received, the form that registers one.
#[component]
pub(super) fn Papers(card: RequestCard, role: Option<StaffRole>) -> impl IntoView {
    let lang = use_lang();
    let action = format!("/staff/requests/{}/papers", card.number);
    let posted = use_context::<DecisionError>()
        .filter(|e| e.kept.as_ref().is_some_and(|k| k.form == action));
    let typed = |name: &str| {
        posted
            .as_ref()
            .and_then(|p| p.typed(&action, name))
            .unwrap_or_default()
    };
    let may_register = card.status.was_received()
        && card.papers_due.is_some()
        && role.is_some_and(|r| allows(r, Action::RegisterIntake));
    let term = card.papers_due.map(|due| {
        view! { <p>{TERM.get(lang)}": "<strong>{full_date(lang, due)}</strong></p> }
    });
    let executor = |id: i64| {
        card.instructions
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.executor.clone())
    };
    let items = card.papers.iter().map(|p| {
        let href = format!("{action}/{}", p.id);
        let to = p.instruction_id.and_then(executor).map(|e| format!("; {} {e}", TO_INSTRUCTION.get(lang)));
        view! {
            <li data-paper=p.id>
                <span class="mark">{MARK.get(lang)}</span>" № "<strong>{p.edms_number.clone()}</strong>": "{p.summary.clone()}{to}
                <br/>
                {REGISTERED.get(lang)}" "{full_date(lang, p.registered_on)}
                {p.late.then(|| view! { " " <span class="term overdue">{LATE.get(lang)}</span> })}
                " · "<a href=href download="">{OPEN_SCAN.get(lang)}" ("{p.extension.to_uppercase()}")"</a>
            </li>
        }
    }).collect_view();
    let none = card
        .papers
        .is_empty()
        .then(|| view! { <p>{NONE.get(lang)}</p> });
    let chosen = typed("instruction");
    let options = card.instructions.iter().map(|i| {
        let value = i.id.to_string();
        let selected = chosen == value;
        view! { <option value=value selected=selected>{i.executor.clone()}": "{excerpt(&i.content)}</option> }
    }).collect_view();
    let again = posted
        .is_some()
        .then(|| view! { <p class="hint" id="paper-scan-again">{SCAN_AGAIN.get(lang)}</p> });
    let described = posted.is_some().then_some("paper-scan-again");
    let form = may_register.then(|| view! {
        <form method="post" action=action.clone() enctype="multipart/form-data" class="decision register-paper">
            <div class="field">
                <label for="paper-edms">{EDMS.get(lang)}</label>
                <input id="paper-edms" name="edms" type="text" maxlength=EDMS_MAX.to_string() required=true value=typed("edms")/>
            </div>
            <div class="field">
                <label for="paper-summary">{SUMMARY.get(lang)}</label>
                <textarea id="paper-summary" name="summary" maxlength=SUMMARY_MAX.to_string() rows="2" required=true>{typed("summary")}</textarea>
            </div>
            <div class="field">
                <label for="paper-instruction">{ATTACHED_TO.get(lang)}</label>
                <select id="paper-instruction" name="instruction">
                    <option value="">{WHOLE_PROTOCOL.get(lang)}</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="paper-scan">{SCAN.get(lang)}</label>
                <input id="paper-scan" name="scan" type="file" accept="application/pdf,image/jpeg,image/png" required=true aria-describedby=described/>
                {again}
            </div>
            <button type="submit">{REGISTER.get(lang)}</button>
        </form>
    });
    view! {
        <section class="papers" aria-labelledby="papers-title">
            <h3 id="papers-title">{TITLE.get(lang)}</h3>
            {term}
            {none}
            <ul class="papers">{items}</ul>
            {form}
        </section>
    }
}

/// The first words of an instruction, for a list of choices.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        text.chars().take(MAX).collect::<String>() + "…"
    }
}
