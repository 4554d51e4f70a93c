//! The clerk's intake (`/staff/intake`, clause 4): a request that came from egov.kz, on
//! paper, by hand, orally at the reception room or through the call-centre is registered
//! with the same fields and the same `rules` checks as the site's form, plus its channel,
//! the time it arrived and its external number. An oral request ends on its printable
//! coupon; the others on the request's card.

use chrono::Utc;
use leptos::prelude::*;

use super::fields::FormCtx;
use super::{browser, ApplicantFields, ReceptionFields};
use crate::api::requests::get_form_options;
use crate::api::staff::register_intake;
use crate::model::intake::IntakeFields;
use crate::model::request::{FormOptions, SubmitOutcome};
use crate::rules::{
    application::{validate_form, ApplicationForm, FormField},
    channel::Channel,
    lang::{Lang, Tr},
    time,
};
use crate::ui::i18n::use_lang;
use crate::ui::server_message;

const TITLE: Tr = Tr::new("Өтінішті тіркеу", "Регистрация обращения");
const INTRO: Tr = Tr::new(
    "egov.kz, қағаз, қолма-қол, ауызша немесе call-орталық арқылы түскен өтініш (4-тармақ). Тексеру сайттағы пішіндегідей.",
    "Обращение с egov.kz, на бумаге, нарочно, устно или через call-центр (пункт 4). Проверки те же, что в форме на сайте.",
);
const RECEIPT: Tr = Tr::new("Түсуі", "Поступление");
const CHANNEL: Tr = Tr::new("Арна", "Канал");
const RECEIVED: Tr = Tr::new(
    "Түскен уақыты (27-тармақтың 3 жұмыс күні осыдан саналады)",
    "Время поступления (от него считаются 3 рабочих дня пункта 27)",
);
const EXTERNAL: Tr = Tr::new(
    "Құжат айналымы жүйесіндегі немесе egov.kz нөмірі (болса)",
    "Номер в системе документооборота или на egov.kz (если есть)",
);
const NO_ESSENCE: Tr = Tr::new(
    "Жазбаша өтініште мәселенің мәні баяндалмаған: тіркеледі де, хабарламамен қараусыз қалдырылады (5-тармақ)",
    "В письменном обращении не изложена суть вопроса: будет зарегистрировано и оставлено без рассмотрения с уведомлением (пункт 5)",
);
const REGISTER: Tr = Tr::new("Тіркеу", "Зарегистрировать");
const SENDING: Tr = Tr::new("Тіркелуде…", "Регистрируется…");
const FIX: Tr = Tr::new("Өрістерді түзетіңіз.", "Исправьте поля.");

#[component]
pub fn IntakePage() -> impl IntoView {
    let lang = use_lang();
    let options = ArcResource::new(|| (), |_| get_form_options());
    // The default time of arrival: now, to the minute, local time.
    let now = time::to_local(Utc::now())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    view! {
        <section class="request intake">
            <h1>{TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let (options, now) = (options.clone(), now.clone());
                    Suspend::new(async move {
                        match options.await {
                            Ok(o) => view! { <IntakeForm options=o lang=lang received=now/> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[island]
fn IntakeForm(options: FormOptions, lang: Lang, received: String) -> impl IntoView {
    let form = RwSignal::new(ApplicationForm {
        idempotency_key: options.form_key.clone(),
        applicant_kind: "individual".into(),
        lang: lang.code().into(),
        ..Default::default()
    });
    let intake = RwSignal::new(IntakeFields {
        channel: Channel::Paper.code().into(),
        received,
        ..Default::default()
    });
    let no_essence = move || intake.with(|i| i.no_essence.is_some());
    let written =
        move || intake.with(|i| Channel::from_code(&i.channel).is_some_and(Channel::is_written));
    let official_ids: Vec<i64> = options.officials.iter().map(|o| o.id).collect();
    let restrictions = options.restrictions_in_force;
    let f = FormCtx {
        form,
        errors: Memo::new(move |_| {
            let today = time::to_local(Utc::now()).date();
            let skip_essence = no_essence() && written();
            form.with(|form| {
                validate_form(form, &official_ids, today, restrictions)
                    .err()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|e| !(skip_essence && e.field == FormField::Essence))
                    .collect()
            })
        }),
        server_errors: RwSignal::new(Vec::new()),
        submitted: RwSignal::new(false),
        touched: RwSignal::new(Vec::new()),
        lang,
    };
    provide_context(f);
    let submit = Action::new(move |(form, intake): &(ApplicationForm, IntakeFields)| {
        register_intake(form.clone(), intake.clone())
    });
    let refused = RwSignal::new(None::<String>);
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(SubmitOutcome::Registered { number, coupon_key })) => {
            let oral = intake.with_untracked(|i| i.channel == Channel::Oral.code());
            if oral {
                browser::go_to(&format!("/coupon/{number}?key={coupon_key}"));
            } else {
                browser::go_to(&format!("/staff/requests/{number}"));
            }
        }
        Some(Ok(SubmitOutcome::Invalid(errors))) => {
            refused.set(None);
            f.server_errors.set(errors);
        }
        Some(Err(e)) => refused.set(Some(server_message(&e))),
        None => {}
    });
    browser::island_ready();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        f.submitted.set(true);
        if f.errors.with(|e| e.is_empty()) && !submit.pending().get_untracked() {
            let intake = intake.get_untracked();
            let intake = IntakeFields {
                no_essence: intake.no_essence.filter(|_| written()),
                ..intake
            };
            submit.dispatch((form.get_untracked(), intake));
        } else if let Some(first) = f.errors.with_untracked(|e| e.first().map(|e| e.field)) {
            browser::focus(first.name());
        }
    };
    let has_errors = move || {
        f.submitted.get()
            && (f.errors.with(|e| !e.is_empty()) || f.server_errors.with(|e| !e.is_empty()))
    };
    let channels = Channel::INTAKE
        .into_iter()
        .map(|c| view! { <option value=c.code() selected=c == Channel::Paper>{c.label().get(lang).to_owned()}</option> })
        .collect_view();
    view! {
        <form method="post" novalidate on:submit=on_submit>
            <Show when=has_errors>
                <p class="notice error" role="alert">{FIX.get(lang)}</p>
            </Show>
            <fieldset>
                <legend>{RECEIPT.get(lang)}</legend>
                <div class="field">
                    <label for="channel">{CHANNEL.get(lang)}</label>
                    <select id="channel" name="channel" required=true
                        on:change=move |ev| intake.update(|i| i.channel = event_target_value(&ev))>
                        {channels}
                    </select>
                </div>
                <div class="field">
                    <label for="received">{RECEIVED.get(lang)}</label>
                    <input id="received" name="received" type="datetime-local" required=true
                        prop:value=move || intake.with(|i| i.received.clone())
                        on:input=move |ev| intake.update(|i| i.received = event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="external_number">{EXTERNAL.get(lang)}</label>
                    <input id="external_number" name="external_number" type="text" maxlength="64"
                        on:input=move |ev| intake.update(|i| i.external_number = event_target_value(&ev))/>
                </div>
                <Show when=written>
                    <div class="field check">
                        <input id="no_essence" name="no_essence" type="checkbox"
                            on:change=move |ev| intake.update(|i| i.no_essence = event_target_checked(&ev).then(|| "on".into()))/>
                        <label for="no_essence">{NO_ESSENCE.get(lang)}</label>
                    </div>
                </Show>
            </fieldset>
            <ApplicantFields/>
            <ReceptionFields options=options/>
            {move || refused.get().map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <button type="submit" class="primary" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { SENDING.get(lang) } else { REGISTER.get(lang) }}
            </button>
        </form>
    }
}
