//! A receiving official's own receptions (`/staff/receptions`, clause 2): the coming days of
//! the official their account names, and who is booked on each, with the essence of each
//! question to prepare for (clause 28). No other official's applicants. Plain HTML.

use leptos::prelude::*;

use super::i18n::{clock, full_date, use_lang, Tr};
use crate::api::staff::read_own_receptions;
use crate::model::desk::OwnReceptions;

pub(super) const RECEPTIONS_TITLE: Tr = Tr::new("Менің қабылдауларым", "Мои приёмы");
const NOT_LINKED: Tr = Tr::new(
    "Есептік жазбаңыз қабылдайтын тұлғаға әлі байланыстырылмаған: әкімшіге хабарласыңыз.",
    "Ваша учётная запись ещё не связана с принимающим лицом: обратитесь к администратору.",
);
const NO_DAYS: Tr = Tr::new(
    "Алдағы екі айда қабылдау күндері жоқ.",
    "В ближайшие два месяца дней приёма нет.",
);
const NOBODY: Tr = Tr::new("Әзірге ешкім жазылмаған.", "Пока никто не записан.");
const OUT_OF_TURN: Tr = Tr::new("кезектен тыс", "вне очереди");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");

#[component]
pub fn ReceptionsPage() -> impl IntoView {
    let lang = use_lang();
    let own = ArcResource::new(|| (), |_| read_own_receptions());
    view! {
        <section class="staff-receptions">
            <h1>{RECEPTIONS_TITLE.get(lang)}</h1>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let own = own.clone();
                    Suspend::new(async move {
                        match own.await {
                            Ok(OwnReceptions { official: None, .. }) => view! { <p class="notice" role="status">{NOT_LINKED.get(lang)}</p> }.into_any(),
                            Ok(OwnReceptions { official: Some(name), days }) => view! {
                                <p class="intro"><strong>{name.get(lang).to_owned()}</strong></p>
                                {days.is_empty().then(|| view! { <p class="notice">{NO_DAYS.get(lang)}</p> })}
                                {days.into_iter().map(|d| view! {
                                    <article class="own-day" data-date=d.date.to_string()>
                                        <h2>{full_date(lang, d.date)}", "{clock(d.starts)}"–"{clock(d.ends)}" · "{d.place.get(lang).to_owned()}</h2>
                                        {if d.applicants.is_empty() {
                                            view! { <p class="notice">{NOBODY.get(lang)}</p> }.into_any()
                                        } else {
                                            view! {
                                                <ul class="calls">
                                                    {d.applicants.into_iter().map(|a| view! {
                                                        <li class="call" data-number=a.number.clone() data-status=a.status.code()>
                                                            <p>
                                                                <strong>{clock(a.slot)}</strong>" · "{a.number.clone()}" · "{a.applicant.clone()}
                                                                {a.out_of_turn.then(|| view! { " · "<span class="repeat-flag">{OUT_OF_TURN.get(lang)}</span> })}
                                                                " · "{a.status.label().get(lang).to_owned()}
                                                            </p>
                                                            <p>{a.topic.get(lang).to_owned()}": "{a.essence.clone()}</p>
                                                        </li>
                                                    }).collect_view()}
                                                </ul>
                                            }.into_any()
                                        }}
                                    </article>
                                }).collect_view()}
                            }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
