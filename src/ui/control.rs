//! The department's control list (`/staff/control`, clause 34): every open instruction of the
//! receptions' protocols, the nearest deadline first, coloured overdue, due today or soon,
//! each linked to its request's card, where it is reported done.

use leptos::prelude::*;

use super::i18n::{full_date, use_lang, Tr};
use crate::api::staff::read_control;
use crate::model::staff::ControlList;
use crate::rules::lang::Text;

pub(super) const CONTROL_TITLE: Tr = Tr::new(
    "Бақылаудағы хаттамалық тапсырмалар (34-т.)",
    "Протокольные поручения на контроле (п. 34)",
);
const INTRO: Tr = Tr::new(
    "Қабылдау нәтижелері бойынша берілген, әлі орындалмаған тапсырмалар, мерзімі жақыны бірінші. Орындалғанын өтініш карточкасында белгілеңіз.",
    "Поручения по итогам приёмов, ещё не исполненные, ближайший срок первым. Исполнение отмечается в карточке обращения.",
);
const NONE: Tr = Tr::new(
    "Бақылауда орындалмаған тапсырма жоқ.",
    "Неисполненных поручений на контроле нет.",
);
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const OPEN: Tr = Tr::new("Орындалмағаны", "Не исполнено");
const OVERDUE: Tr = Tr::new("Мерзімі өткені", "Просрочено");
const DUE: Tr = Tr::new("Мерзімі", "Срок");
const NUMBER: Tr = Tr::new("Өтініш", "Обращение");
const EXECUTOR: Tr = Tr::new("Орындаушы", "Исполнитель");
const INSTRUCTION: Tr = Tr::new("Тапсырма", "Поручение");

#[component]
pub fn ControlPage() -> impl IntoView {
    let lang = use_lang();
    let items = ArcResource::new(|| (), |_| read_control());
    view! {
        <section class="staff-control">
            <h1>{CONTROL_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let items = items.clone();
                    Suspend::new(async move {
                        match items.await {
                            Ok(list) if list.items.is_empty() => view! { <p class="notice">{NONE.get(lang)}</p> }.into_any(),
                            Ok(list) => view! { <ControlTable list=list/> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn ControlTable(list: ControlList) -> impl IntoView {
    let lang = use_lang();
    let ControlList {
        items,
        open,
        overdue,
    } = list;
    // Only the nearest deadlines are listed: the rest are counted, not hidden.
    let more = (open > items.len() as i64).then(|| {
        view! { <p class="notice" data-shown=items.len()>{shown_of(items.len(), open).get(lang).to_owned()}</p> }
    });
    let rows = items
        .into_iter()
        .map(|i| {
            view! {
                <tr data-instruction=i.instruction_id>
                    <td>
                        <span class=format!("term {}", i.urgency.code()) data-clause="25">
                            {full_date(lang, i.due_on)}" — "{i.urgency.label().get(lang).to_owned()}
                        </span>
                    </td>
                    <td><a href=format!("/staff/requests/{}", i.number)>{i.number.clone()}</a></td>
                    <td>{i.executor}</td>
                    <td>{i.content}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="counts">
            {OPEN.get(lang)}": "<strong data-open=open>{open}</strong>"; "
            {OVERDUE.get(lang)}": "<strong data-overdue=overdue>{overdue}</strong>
        </p>
        {more}
        <table class="control">
            <thead>
                <tr>
                    <th scope="col">{DUE.get(lang)}</th>
                    <th scope="col">{NUMBER.get(lang)}</th>
                    <th scope="col">{EXECUTOR.get(lang)}</th>
                    <th scope="col">{INSTRUCTION.get(lang)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// "The nearest N of M are listed".
fn shown_of(shown: usize, open: i64) -> Text {
    Text::new(
        format!("Мерзімі ең жақын {shown} тапсырма көрсетілген, барлығы {open}. Қалғаны осылар орындалған сайын тізімге шығады."),
        format!("Показаны {shown} поручений с ближайшими сроками из {open}. Остальные появятся в списке по мере исполнения этих."),
    )
}
