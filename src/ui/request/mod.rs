//! The request form with instant validation by `src/rules`. It also works with JavaScript
//! off: it posts to `/request` and the server renders the same errors.

use chrono::Utc;
use leptos::prelude::*;

mod fields;
pub mod intake;

use self::fields::{
    Checkbox, Choice, ErrorText, FormCtx, OptionalSelect, RequiredSelect, TextArea, TextInput,
};
use super::browser;
use super::i18n::{full_date, use_lang, Lang, Tr};
use crate::api::requests::{get_form_options, submit_application};
use crate::model::request::{FormOptions, PostedApplication, SubmitOutcome};
use crate::rules::{
    application::{validate_form, ApplicationForm, FormField},
    deadlines::for_request_received,
    eligibility::{topics, Competence},
    queue::OutOfTurn,
    time,
};

const TITLE: Tr = Tr::new("Жеке қабылдауға жазылу", "Запись на личный приём");
const INTRO: Tr = Tr::new(
    "Өтініш облыс әкімі аппаратының лауазымды адамына жеке қабылдауға жазылу үшін беріледі. Жұлдызшамен белгіленген өрістер міндетті.",
    "Обращение подаётся для записи на личный приём к должностному лицу аппарата акима области. Поля со звёздочкой обязательны.",
);
const APPLICANT: Tr = Tr::new("Өтініш беруші", "Заявитель");
const KIND_INDIVIDUAL: Tr = Tr::new("Жеке тұлға", "Физическое лицо");
const KIND_REPRESENTATIVE: Tr = Tr::new("Заңды тұлғаның өкілі", "Представитель юридического лица");
const IIN: Tr = Tr::new("ЖСН", "ИИН");
const IIN_HINT: Tr = Tr::new(
    "12 цифр, жеке куәлікте көрсетілген",
    "12 цифр, указан в удостоверении личности",
);
const BIN: Tr = Tr::new("Ұйымның БСН", "БИН организации");
const ORGANISATION: Tr = Tr::new("Ұйымның атауы", "Наименование организации");
const POA_NUMBER: Tr = Tr::new("Сенімхаттың нөмірі", "Номер доверенности");
const POA_DATE: Tr = Tr::new("Сенімхаттың күні", "Дата доверенности");
const SURNAME: Tr = Tr::new("Тегі", "Фамилия");
const NAME: Tr = Tr::new("Аты", "Имя");
const PATRONYMIC: Tr = Tr::new("Әкесінің аты (болса)", "Отчество (при наличии)");
const PHONE: Tr = Tr::new("Ұялы телефон", "Мобильный телефон");
const PHONE_HINT: Tr = Tr::new("Мысалы: +7 701 234 56 78", "Например: +7 701 234 56 78");
const EMAIL: Tr = Tr::new(
    "Электрондық пошта (міндетті емес)",
    "Электронная почта (необязательно)",
);
const FOREIGNER: Tr = Tr::new(
    "Мен шетелдікпін немесе азаматтығы жоқ адаммын (11-тармақ)",
    "Я иностранец или лицо без гражданства (пункт 11)",
);
const ID_DOCUMENT: Tr = Tr::new(
    "ЖСН болмаса: жеке басты куәландыратын құжаттың (паспорттың) нөмірі",
    "Если нет ИИН: номер документа, удостоверяющего личность (паспорта)",
);
const ID_DOCUMENT_HINT: Tr = Tr::new(
    "ЖСН-і бар шетелдік ЖСН-ін жоғарыда жазады.",
    "Иностранец, у которого есть ИИН, указывает ИИН выше.",
);
const INTERPRETER: Tr = Tr::new(
    "Аудармашы қажет болса, тілі",
    "Язык переводчика, если он нужен",
);
const RECEPTION: Tr = Tr::new("Қабылдау", "Приём");
const OFFICIAL: Tr = Tr::new(
    "Кімнің қабылдауына жазыласыз",
    "К кому вы записываетесь на приём",
);
pub(super) const CHOOSE: Tr = Tr::new("— таңдаңыз —", "— выберите —");
const TOPIC: Tr = Tr::new("Мәселенің тақырыбы", "Тема вопроса");
const OUTSIDE: Tr = Tr::new(" (құзыретке кірмейді)", " (вне компетенции)");
const ESSENCE: Tr = Tr::new("Мәселенің мәні (5-тармақ)", "Суть вопроса (пункт 5)");
const ESSENCE_HINT: Tr = Tr::new(
    "Не болғанын, не сұрайтыныңызды және бұрын қайда жүгінгеніңізді жазыңыз.",
    "Опишите, что случилось, о чём вы просите и куда уже обращались.",
);
const LANGUAGE: Tr = Tr::new("Қабылдау тілі (23-тармақ)", "Язык приёма (пункт 23)");
const VIDEO: Tr = Tr::new(
    "Бейнебайланыс арқылы қабылдауға келісемін (14-тармақ)",
    "Согласен(на) на приём по видеосвязи (пункт 14)",
);
const RESTRICTIONS: Tr = Tr::new(
    "Шектеу шаралары енгізілген: қабылдау тек бейнебайланыс арқылы жүргізіледі (15-тармақ).",
    "Введены ограничительные меры: приём проводится только по видеосвязи (пункт 15).",
);
const OUT_OF_TURN: Tr = Tr::new(
    "Кезектен тыс қабылдау санаты (13-тармақ; қабылдауда құжатпен расталады)",
    "Категория для приёма вне очереди (пункт 13; подтверждается документом на приёме)",
);
const NONE: Tr = Tr::new("Жоқ", "Нет");
const SEND: Tr = Tr::new("Өтінішті жіберу", "Отправить обращение");
const SENDING: Tr = Tr::new("Жіберілуде…", "Отправляется…");
const FAILED: Tr = Tr::new(
    "Өтініш жіберілмеді: байланыс үзілді немесе сервер жауап бермеді. Деректеріңіз осы бетте сақталды, қайта жіберіп көріңіз.",
    "Обращение не отправлено: связь прервалась или сервер не ответил. Ваши данные сохранены на этой странице, попробуйте ещё раз.",
);
const DEADLINES: Tr = Tr::new("Қазір жіберсеңіз", "Если отправить сейчас");
const REGISTERED_BY: Tr = Tr::new(
    "Тіркеледі (27-тармақ), кешіктірмей",
    "Будет зарегистрировано (пункт 27) не позднее",
);
pub(super) const ANSWER_BY: Tr = Tr::new(
    "Қабылдау күні мен уақыты немесе дәлелді бас тарту туралы жауап (31-тармақ), кешіктірмей",
    "Ответ с датой и временем приёма или мотивированный отказ (пункт 31) не позднее",
);
pub(super) const EXTENDED_BY: Tr = Tr::new(
    "Күрделі мәселе бойынша мерзім ұзартылса (32-тармақ), кешіктірмей",
    "Если срок продлят из-за сложности вопроса (пункт 32), не позднее",
);
pub(super) const WHERE_TO_GO: Tr = Tr::new("Қайда жүгінуге болады: ", "Куда обратиться: ");
const CLAUSE: Tr = Tr::new("-тармақ", "пункт ");

pub(super) fn clause_label(lang: Lang, clause: &str) -> String {
    match lang {
        Lang::Kk => format!("{clause}{}", CLAUSE.kk),
        Lang::Ru => format!("{}{clause}", CLAUSE.ru),
    }
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let lang = use_lang();
    // Read here, not inside the Suspense: its body is walked again by a background check that
    // may run after the response has been sent, when the page's context is gone.
    let posted = use_context::<PostedApplication>();
    let options = ArcResource::new(|| (), |_| get_form_options());
    view! {
        <section class="request">
            <h1>{TITLE.get(lang)}</h1>
            <p class="intro">{INTRO.get(lang)}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let (options, posted) = (options.clone(), posted.clone());
                    Suspend::new(async move {
                        match options.await {
                            Ok(o) => view! { <RequestForm options=o lang=lang posted=posted/> }.into_any(),
                            Err(_) => view! { <p class="notice error" role="alert">{FAILED.get(lang)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The form, hydrated in the browser (an island): the rules check every field as it is typed.
/// Its props travel to the browser in the page, so they carry nothing the page may not show.
#[island]
fn RequestForm(
    options: FormOptions,
    lang: Lang,
    posted: Option<PostedApplication>,
) -> impl IntoView {
    // The server's calendar, before any term is counted here (on the server: already so).
    #[cfg(feature = "hydrate")]
    crate::rules::calendar::install(options.calendar.clone());
    let initial = posted
        .as_ref()
        .map(|p| p.form.clone())
        .unwrap_or_else(|| ApplicationForm {
            idempotency_key: options.form_key.clone(),
            applicant_kind: "individual".into(),
            lang: lang.code().into(),
            ..Default::default()
        });
    let form = RwSignal::new(initial);
    let official_ids: Vec<i64> = options.officials.iter().map(|o| o.id).collect();
    let restrictions = options.restrictions_in_force;
    let f = FormCtx {
        form,
        errors: Memo::new(move |_| {
            let today = time::to_local(Utc::now()).date();
            form.with(|form| {
                validate_form(form, &official_ids, today, restrictions)
                    .err()
                    .unwrap_or_default()
            })
        }),
        server_errors: RwSignal::new(
            posted
                .as_ref()
                .map(|p| p.errors.clone())
                .unwrap_or_default(),
        ),
        submitted: RwSignal::new(posted.is_some()),
        touched: RwSignal::new(Vec::new()),
        lang,
    };
    provide_context(f);
    let submit = submission(f);
    keep_draft(form, posted.is_none());
    browser::island_ready();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        f.submitted.set(true);
        if f.errors.with(|e| e.is_empty()) && !submit.pending().get_untracked() {
            submit.dispatch(form.get_untracked());
        } else if let Some(first) = f.errors.with_untracked(|e| e.first().map(|e| e.field)) {
            browser::focus(first.name());
        }
    };
    let has_errors = move || {
        f.submitted.get()
            && (f.errors.with(|e| !e.is_empty()) || f.server_errors.with(|e| !e.is_empty()))
    };
    let failed = move || matches!(submit.value().get(), Some(Err(_)));
    view! {
        <form method="post" action="/request" novalidate on:submit=on_submit>
            <input type="hidden" name="idempotency_key" value=f.get_untracked(FormField::IdempotencyKey)/>
            <Show when=has_errors>
                <p class="notice error" role="alert">{crate::model::messages::FIX_FIELDS.get(lang)}</p>
            </Show>
            <ApplicantFields/>
            <ReceptionFields options=options/>
            <Deadlines/>
            <Show when=failed>
                <p class="notice error" role="alert">{FAILED.get(lang)}</p>
            </Show>
            <button type="submit" class="primary" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { SENDING.get(lang) } else { SEND.get(lang) }}
            </button>
        </form>
    }
}

/// Sends the form; a registered request opens its coupon, a refused one shows the server's
/// errors beside the fields.
fn submission(f: FormCtx) -> Action<ApplicationForm, Result<SubmitOutcome, ServerFnError>> {
    let submit = Action::new(move |form: &ApplicationForm| {
        let form = form.clone();
        async move { submit_application(form).await }
    });
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            match result {
                Ok(SubmitOutcome::Registered { number, coupon_key }) => {
                    browser::clear_draft();
                    browser::go_to(&format!("/coupon/{number}?key={coupon_key}"));
                }
                Ok(SubmitOutcome::Invalid(errs)) => f.server_errors.set(errs),
                Err(_) => {}
            }
        }
    });
    submit
}

/// What was typed survives a reload and the language switch (a page load) in this tab.
/// A form the server sent back (JavaScript was off) is newer than any draft.
fn keep_draft(form: RwSignal<ApplicationForm>, restore: bool) {
    Effect::new(move |restored: Option<()>| {
        if restored.is_none() && restore {
            if let Some(draft) = browser::load_draft() {
                form.set(draft);
            }
        }
        form.with(browser::save_draft);
    });
}

/// Who applies (clauses 10, 11): the applicant, or the representative and the entity.
#[component]
fn ApplicantFields() -> impl IntoView {
    let f = expect_context::<FormCtx>();
    let lang = f.lang;
    let is_rep = move || f.get(FormField::ApplicantKind) == "representative";
    let foreigner = move || f.checked(FormField::Foreigner);
    view! {
        <fieldset>
            <legend>{APPLICANT.get(lang)}</legend>
            <div class="choices" role="radiogroup">
                <Choice field=FormField::ApplicantKind value="individual" label=KIND_INDIVIDUAL/>
                <Choice field=FormField::ApplicantKind value="representative" label=KIND_REPRESENTATIVE/>
            </div>
            <TextInput field=FormField::Iin label=IIN required=true max=20 hint=IIN_HINT live_at=12/>
            <Show when=is_rep>
                <TextInput field=FormField::Bin label=BIN required=true max=20 live_at=12/>
                <TextInput field=FormField::Organisation label=ORGANISATION required=true autocomplete="organization" max=300/>
                <TextInput field=FormField::PoaNumber label=POA_NUMBER required=true max=50/>
                <TextInput field=FormField::PoaDate label=POA_DATE required=true input_type="date" max=10/>
            </Show>
            <TextInput field=FormField::Surname label=SURNAME required=true autocomplete="family-name" max=100/>
            <TextInput field=FormField::Name label=NAME required=true autocomplete="given-name" max=100/>
            <TextInput field=FormField::Patronymic label=PATRONYMIC autocomplete="additional-name" max=100/>
            <TextInput field=FormField::Phone label=PHONE required=true input_type="tel" autocomplete="tel" max=20 hint=PHONE_HINT live_at=11/>
            <TextInput field=FormField::Email label=EMAIL input_type="email" autocomplete="email" max=254/>
            <Checkbox field=FormField::Foreigner label=FOREIGNER/>
            <Show when=foreigner>
                <TextInput field=FormField::IdDocument label=ID_DOCUMENT max=30 hint=ID_DOCUMENT_HINT/>
                <TextInput field=FormField::InterpreterLang label=INTERPRETER max=50/>
            </Show>
        </fieldset>
    }
}

/// Whom, about what, in which language and form (clauses 2, 5, 13-16, 23).
#[component]
fn ReceptionFields(options: FormOptions) -> impl IntoView {
    let f = expect_context::<FormCtx>();
    let lang = f.lang;
    let officials = options
        .officials
        .iter()
        .map(|o| {
            (
                o.id.to_string(),
                format!("{} — {}", o.name.get(lang), o.position.get(lang)),
            )
        })
        .collect();
    let topics = topics()
        .iter()
        .map(|t| {
            let outside = if t.competence == Competence::Outside {
                OUTSIDE.get(lang)
            } else {
                ""
            };
            (t.id.clone(), format!("{}{outside}", t.name.get(lang)))
        })
        .collect();
    let categories = OutOfTurn::ALL
        .into_iter()
        .map(|c| (c.code().to_owned(), c.name().get(lang).to_owned()))
        .collect();
    view! {
        <fieldset>
            <legend>{RECEPTION.get(lang)}</legend>
            <RequiredSelect field=FormField::OfficialId label=OFFICIAL options=officials/>
            <RequiredSelect field=FormField::TopicId label=TOPIC options=topics/>
            <TextArea field=FormField::Essence label=ESSENCE hint=ESSENCE_HINT max=4000/>
            <div class="field">
                <span class="label" id="lang-label">{LANGUAGE.get(lang)}</span>
                <div class="choices" role="radiogroup" aria-labelledby="lang-label">
                    <Choice field=FormField::Lang value="kk" label=Tr::new("Қазақ тілі", "Казахский язык")/>
                    <Choice field=FormField::Lang value="ru" label=Tr::new("Орыс тілі", "Русский язык")/>
                </div>
                <ErrorText id="lang-error".into() error=f.error(FormField::Lang) lang=lang/>
            </div>
            {options.restrictions_in_force.then(|| view! { <p class="notice" role="note">{RESTRICTIONS.get(lang)}</p> })}
            <Checkbox field=FormField::VideoConsent label=VIDEO with_error=true/>
            <OptionalSelect field=FormField::OutOfTurn label=OUT_OF_TURN none=NONE options=categories/>
        </fieldset>
    }
}

/// The terms of clauses 27, 31 and 32 for a request sent now, once the form is valid.
#[component]
fn Deadlines() -> impl IntoView {
    let f = expect_context::<FormCtx>();
    let lang = f.lang;
    let deadlines = move || {
        f.errors
            .with(|e| e.is_empty())
            .then(|| for_request_received(time::to_local(Utc::now())))
    };
    move || {
        deadlines().map(|d| {
            view! {
                <section class="deadlines" aria-live="polite" id="deadlines">
                    <h2>{DEADLINES.get(lang)}</h2>
                    <dl>
                        <dt>{REGISTERED_BY.get(lang)}</dt>
                        <dd data-deadline="registration">{full_date(lang, d.registration_by)}</dd>
                        <dt>{ANSWER_BY.get(lang)}</dt>
                        <dd data-deadline="answer">{full_date(lang, d.answer_by)}</dd>
                        <dt>{EXTENDED_BY.get(lang)}</dt>
                        <dd data-deadline="extended">{full_date(lang, d.extended_answer_by)}</dd>
                    </dl>
                </section>
            }
        })
    }
}
