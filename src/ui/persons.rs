//! The list of persons to be received (`/staff/list`, clause 29): drawn up by the department
//! from the approved requests for the akim's and the deputies' schedule — each official's
//! applicants in queue order (clause 13), with the reception's date once given. A document
//! for the chief of staff: it prints as it is shown, with the date it was drawn up and lines
//! to sign.

use leptos::prelude::*;

use super::i18n::{full_date, use_lang, Tr};
use crate::api::staff::read_persons_list;
use crate::model::allocation::ListedOfficial;

pub(super) const LIST_TITLE: Tr = Tr::new(
    "Қабылдауға жататын адамдардың тізімі (29-т.)",
    "Список лиц, принимаемых на личном приёме (п. 29)",
);
const INTRO: Tr = Tr::new(
    "Облыс әкімі мен оның орынбасарлары (және басқа лауазымды адамдар) қабылдайтын, аппарат басшысы мақұлдаған адамдар, 13-т. кезек тәртібімен: алдымен кезектен тыс, содан кейін тіркелу реті бойынша. Күні белгіленгендердің қабылдау уақыты көрсетілген.",
    "Лица, принимаемые акимом области и его заместителями (и другими должностными лицами), одобренные руководителем аппарата, в порядке очереди п. 13: сначала вне очереди, затем по порядку регистрации. Для назначенных указано время приёма.",
);
const DRAWN_UP: Tr = Tr::new("Жасалған күні", "Дата составления");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");
const NONE: Tr = Tr::new(
    "Мақұлданған немесе қабылдауға жазылған өтініш жоқ.",
    "Одобренных или назначенных на приём обращений нет.",
);
const ORDER: Tr = Tr::new("Р/с", "№ п/п");
const NUMBER: Tr = Tr::new("Тіркеу нөмірі", "Рег. номер");
const APPLICANT: Tr = Tr::new("Өтініш беруші", "Заявитель");
const QUESTION: Tr = Tr::new("Мәселе", "Вопрос");
const REGISTERED: Tr = Tr::new("Тіркелді", "Зарегистрировано");
const RECEPTION: Tr = Tr::new("Қабылдау", "Приём");
const WAITS: Tr = Tr::new("күні белгіленбеген", "дата не назначена");
const OUT_OF_TURN: Tr = Tr::new("кезектен тыс", "вне очереди");
const PREPARED: Tr = Tr::new("Бөлім басшысы", "Руководитель отдела");
const AGREED: Tr = Tr::new(
    "Келісілді: аппарат басшысы",
    "Согласовано: руководитель аппарата",
);

#[component]
pub fn PersonsListPage() -> impl IntoView {
    let lang = use_lang();
    let list = ArcResource::new(|| (), |_| read_persons_list());
    let today = crate::rules::time::to_local(chrono::Utc::now()).date();
    view! {
        <section class="staff-list">
            <h1>{LIST_TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <p>{DRAWN_UP.get(lang)}": "{full_date(lang, today)}</p>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let list = list.clone();
                    Suspend::new(async move {
                        match list.await {
                            Ok(list) if list.is_empty() => view! { <p class="notice">{NONE.get(lang)}</p> }.into_any(),
                            Ok(list) => list.into_iter().map(|o| view! { <Official official=o/> }).collect_view().into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
            <p class="signature">{PREPARED.get(lang)}<span class="sign-here"></span></p>
            <p class="signature">{AGREED.get(lang)}<span class="sign-here"></span></p>
        </section>
    }
}

#[component]
fn Official(official: ListedOfficial) -> impl IntoView {
    let lang = use_lang();
    let rows = official.persons.into_iter().enumerate().map(|(i, p)| {
        let reception = match p.reception {
            Some((day, at)) => format!("{}, {}", full_date(lang, day), at.format("%H:%M")),
            None => WAITS.get(lang).to_owned(),
        };
        view! {
            <tr data-number=p.number.clone()>
                <td>{i + 1}</td>
                <td><a href=format!("/staff/requests/{}", p.number)>{p.number.clone()}</a></td>
                <td>
                    {p.applicant}
                    {p.out_of_turn.map(|c| view! { <br/><span class="out-of-turn">{OUT_OF_TURN.get(lang)}": "{c.get(lang).to_owned()}</span> })}
                </td>
                <td>{p.topic.get(lang).to_owned()}</td>
                <td>{full_date(lang, p.registered_on)}</td>
                <td>{reception}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <h2>{official.official.get(lang).to_owned()}<span class="position">" — "{official.position.get(lang).to_owned()}</span></h2>
        <table class="control persons">
            <thead>
                <tr>
                    <th scope="col">{ORDER.get(lang)}</th>
                    <th scope="col">{NUMBER.get(lang)}</th>
                    <th scope="col">{APPLICANT.get(lang)}</th>
                    <th scope="col">{QUESTION.get(lang)}</th>
                    <th scope="col">{REGISTERED.get(lang)}</th>
                    <th scope="col">{RECEPTION.get(lang)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
