//! The protocol of a reception on the request's card (clauses 25, 34, 35): its instructions
//! with their deadlines, the forms that give one and record one done, and the final answer
//! that takes the request off control once none is open. Plain forms, without JavaScript;
//! a refused one comes back filled in, with why beside it.

use leptos::prelude::*;

use super::card::{is_protocol_form, CHANGED_BY};
use super::i18n::{full_date, use_lang, Tr};
use crate::model::card::{DecisionError, RequestCard};
use crate::rules::{
    lifecycle::Event,
    permissions::{may_send, StaffRole},
};

const PROTOCOL: Tr = Tr::new(
    "Қабылдау хаттамасы және тапсырмаларды бақылау (25, 34, 35-т.)",
    "Протокол приёма и контроль поручений (пп. 25, 34, 35)",
);
const NO_INSTRUCTIONS: Tr = Tr::new("Тапсырмалар әлі жоқ.", "Поручений пока нет.");
const EXECUTOR: Tr = Tr::new("Орындаушы", "Исполнитель");
const EXECUTOR_HINT: Tr = Tr::new(
    "Бөлім немесе лауазымды адам. 37-т.: өтініш берушінің бұрынғы өтінішін шешкен қызметкерге тапсыруға болмайды.",
    "Подразделение или должностное лицо. П. 37: нельзя поручать сотруднику, который ранее разрешал обращение заявителя.",
);
const INSTRUCTION: Tr = Tr::new("Тапсырма", "Поручение");
const DUE: Tr = Tr::new("Орындау мерзімі", "Срок исполнения");
const GIVEN: Tr = Tr::new("берілді", "дано");
const DONE: Tr = Tr::new("Орындалды", "Исполнено");
const WHAT_DONE: Tr = Tr::new("Не істелді", "Что сделано");
const MARK_DONE: Tr = Tr::new("Орындалғанын белгілеу", "Отметить исполнение");
const GIVE: Tr = Tr::new("Тапсырма беру", "Дать поручение");
const FINAL_ANSWER: Tr = Tr::new(
    "Түпкілікті дәлелді жауап (35-т.)",
    "Окончательный мотивированный ответ (п. 35)",
);
const ANSWER_HINT: Tr = Tr::new(
    "Өтініш берушінің тілінде жазыңыз: жауап оған хатпен жіберіледі, өтініш бақылаудан алынады.",
    "Пишите на языке заявителя: ответ уйдёт ему письмом, обращение снимется с контроля.",
);

/// The protocol of the reception (clause 25): its instructions with their deadlines, the
/// forms that give one and record one done (34), and the final answer that takes the
/// request off control (35) once none is open.
#[component]
pub(super) fn Protocol(card: RequestCard, role: Option<StaffRole>) -> impl IntoView {
    use crate::rules::control::{EXECUTOR_MAX, OPEN_INSTRUCTIONS, TEXT_MAX};
    let lang = use_lang();
    let posted = use_context::<DecisionError>().filter(is_protocol_form);
    let typed = |form: &str, name: &str| {
        posted
            .as_ref()
            .and_then(|p| p.typed(form, name))
            .unwrap_or_default()
    };
    let error = posted.clone().map(|e| view! {
        <div class="notice error" role="alert">
            <p>{e.message.get(lang).to_owned()}</p>
            {e.changed_by.map(|(who, at)| view! { <p>{CHANGED_BY.get(lang)}": "<strong>{who.get(lang).to_owned()}</strong>", "{at}</p> })}
        </div>
    });
    let may = |event: Event| role.is_some_and(|r| may_send(r, event, card.status));
    let may_give = card.status.allows(Event::RecordProtocol) && may(Event::RecordProtocol);
    let may_control = role.is_some_and(|r| {
        crate::rules::permissions::allows(
            r,
            crate::rules::permissions::Action::Lifecycle(Event::FinalAnswer),
        )
    });
    let open = card
        .instructions
        .iter()
        .filter(|i| i.done_on.is_none())
        .count();
    let may_answer = card.status.allows(Event::FinalAnswer) && may(Event::FinalAnswer);
    let action = format!("/staff/requests/{}", card.number);
    let shown = card.status.code();
    let version = card.version.to_string();
    let items = card.instructions.iter().map(|i| {
        let state = match (i.done_on, i.urgency) {
            (Some(done), _) => view! {
                <p class="done">{DONE.get(lang)}" "{full_date(lang, done)}": "{i.report.clone().unwrap_or_default()}</p>
            }.into_any(),
            (None, urgency) => {
                let urgency = urgency.unwrap_or(crate::rules::deadlines::Urgency::Later);
                let field = format!("report-{}", i.id);
                let path = format!("{action}/instructions/{}", i.id);
                let report = typed(&path, "report");
                let form = may_control.then(|| view! {
                    <form method="post" action=path class="decision instruction-done">
                        <div class="field">
                            <label for=field.clone()>{WHAT_DONE.get(lang)}</label>
                            <textarea id=field.clone() name="report" maxlength=TEXT_MAX.to_string() rows="2" required=true>{report}</textarea>
                        </div>
                        <button type="submit">{MARK_DONE.get(lang)}</button>
                    </form>
                });
                view! {
                    <p>{DUE.get(lang)}": "
                        <span class=format!("term {}", urgency.code()) data-clause="25">
                            {full_date(lang, i.due_on)}" — "{urgency.label().get(lang).to_owned()}
                        </span>
                    </p>
                    {form}
                }.into_any()
            }
        };
        view! {
            <li data-instruction=i.id>
                <p><strong>{i.executor.clone()}</strong>" ("{GIVEN.get(lang)}" "{full_date(lang, i.given_on)}"): "{i.content.clone()}</p>
                {state}
            </li>
        }
    }).collect_view();
    let none = card
        .instructions
        .is_empty()
        .then(|| view! { <p>{NO_INSTRUCTIONS.get(lang)}</p> });
    let given = format!("{action}/instructions");
    let give = may_give.then(|| view! {
        <form method="post" action=format!("{action}/instructions") class="decision give-instruction">
            <input type="hidden" name="shown" value=shown/>
            <input type="hidden" name="version" value=version.clone()/>
            <div class="field">
                <label for="instruction-executor">{EXECUTOR.get(lang)}</label>
                <input id="instruction-executor" name="executor" type="text" maxlength=EXECUTOR_MAX.to_string() required=true aria-describedby="instruction-executor-hint" value=typed(&given, "executor")/>
                <p class="hint" id="instruction-executor-hint">{EXECUTOR_HINT.get(lang)}</p>
            </div>
            <div class="field">
                <label for="instruction-content">{INSTRUCTION.get(lang)}</label>
                <textarea id="instruction-content" name="content" maxlength=TEXT_MAX.to_string() rows="3" required=true>{typed(&given, "content")}</textarea>
            </div>
            <div class="field">
                <label for="instruction-due">{DUE.get(lang)}</label>
                <input id="instruction-due" name="due" type="date" required=true value=typed(&given, "due")/>
            </div>
            <button type="submit" class="primary">{GIVE.get(lang)}</button>
        </form>
    });
    let answered = typed(&format!("{action}/answer"), "answer");
    let answer = if let Some(text) = card.final_answer.clone() {
        Some(
            view! {
                <h3>{FINAL_ANSWER.get(lang)}</h3>
                <p class="final-answer">{text}</p>
            }
            .into_any(),
        )
    } else if may_answer && open > 0 && answered.is_empty() {
        Some(view! { <p class="notice" role="note">{OPEN_INSTRUCTIONS.get(lang)}</p> }.into_any())
    } else if may_answer {
        // Also while instructions are open when an answer was typed and refused: kept.
        Some(view! {
            <form method="post" action=format!("{action}/answer") class="decision final-answer">
                <input type="hidden" name="shown" value=shown/>
                <input type="hidden" name="version" value=version.clone()/>
                <div class="field">
                    <label for="final-answer">{FINAL_ANSWER.get(lang)}</label>
                    <textarea id="final-answer" name="answer" maxlength=TEXT_MAX.to_string() rows="4" required=true aria-describedby="final-answer-hint">{answered}</textarea>
                    <p class="hint" id="final-answer-hint">{ANSWER_HINT.get(lang)}</p>
                </div>
                <button type="submit" class="primary">{Event::FinalAnswer.label().get(lang).to_owned()}</button>
            </form>
        }.into_any())
    } else {
        None
    };
    let papers = card
        .papers_due
        .is_some()
        .then(|| view! { <super::papers::Papers card=card.clone() role=role/> });
    view! {
        <section class="protocol" aria-labelledby="protocol-title">
            <h2 id="protocol-title">{PROTOCOL.get(lang)}</h2>
            {error}
            {none}
            <ol class="instructions">{items}</ol>
            {give}
            {papers}
            {answer}
        </section>
    }
}
