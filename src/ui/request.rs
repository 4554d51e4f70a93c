//! The request form with instant validation by `src/rules`. It also works with JavaScript
//! off: it posts to `/request` and the server renders the same errors.

use chrono::Utc;
use leptos::prelude::*;

use super::browser;
use super::i18n::{full_date, use_lang, Lang, Tr};
use crate::api::requests::{get_form_options, submit_application};
use crate::model::request::{FormOptions, PostedApplication, SubmitOutcome};
use crate::rules::{
    application::{field_error, validate_form, ApplicationForm, FieldError},
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
const CHOOSE: Tr = Tr::new("— таңдаңыз —", "— выберите —");
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
const FIX_ERRORS: Tr = Tr::new(
    "Өтініш жіберілмеді: белгіленген өрістерді түзетіңіз.",
    "Обращение не отправлено: исправьте отмеченные поля.",
);
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
const WHERE_TO_GO: Tr = Tr::new("Қайда жүгінуге болады: ", "Куда обратиться: ");
const CLAUSE: Tr = Tr::new("-тармақ", "пункт ");

pub(super) fn clause_label(lang: Lang, clause: &str) -> String {
    match lang {
        Lang::Kk => format!("{clause}{}", CLAUSE.kk),
        Lang::Ru => format!("{}{clause}", CLAUSE.ru),
    }
}

/// The message of one field's error, with its clause and where to go instead.
#[component]
fn ErrorText(id: String, error: Signal<Option<FieldError>>, lang: Lang) -> impl IntoView {
    view! {
        <p id=id class="field-error" aria-live="polite">
            {move || {
                error
                    .get()
                    .map(|e| {
                        let clause = e.clause.as_deref().map(|c| format!(" ({})", clause_label(lang, c))).unwrap_or_default();
                        let redirect = e.redirect.map(|r| format!(" {}{}", WHERE_TO_GO.get(lang), r.get(lang)));
                        format!("{}{}{}", e.message.get(lang), clause, redirect.unwrap_or_default())
                    })
            }}
        </p>
    }
}

/// The whole form's state: the form as typed, addressed by field name.
#[derive(Clone, Copy)]
struct FormState(RwSignal<ApplicationForm>);

impl FormState {
    fn get(self, field: &'static str) -> String {
        self.0.with(|f| f.text(field).cloned().unwrap_or_default())
    }

    fn get_untracked(self, field: &'static str) -> String {
        self.0
            .with_untracked(|f| f.text(field).cloned().unwrap_or_default())
    }

    fn set(self, field: &'static str, value: String) {
        self.0.update(|f| f.set_text(field, value));
    }

    fn checkbox(self, get: fn(&ApplicationForm) -> bool) -> Signal<bool> {
        Signal::derive(move || self.0.with(get))
    }

    fn set_checkbox(self, set: fn(&mut ApplicationForm) -> &mut Option<String>, on: bool) {
        self.0.update(|f| *set(f) = on.then(|| "on".into()));
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
    let initial = posted
        .as_ref()
        .map(|p| p.form.clone())
        .unwrap_or_else(|| ApplicationForm {
            idempotency_key: options.form_key.clone(),
            applicant_kind: "individual".into(),
            lang: lang.code().into(),
            ..Default::default()
        });
    let state = FormState(RwSignal::new(initial));
    // Errors from the server (the repeat check of clause 16.2 only it can run) until the next edit.
    let server_errors = RwSignal::new(
        posted
            .as_ref()
            .map(|p| p.errors.clone())
            .unwrap_or_default(),
    );
    let submitted = RwSignal::new(posted.is_some());
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let official_ids: Vec<i64> = options.officials.iter().map(|o| o.id).collect();
    let restrictions = options.restrictions_in_force;

    let today = move || time::to_local(Utc::now()).date();
    let errors = Memo::new(move |_| {
        state.0.with(|form| {
            validate_form(form, &official_ids, today(), restrictions)
                .err()
                .unwrap_or_default()
        })
    });
    let error_of = move |field: &'static str| {
        Signal::derive(move || {
            let shown = submitted.get() || touched.with(|t| t.contains(&field));
            if !shown {
                return None;
            }
            server_errors
                .with(|s| field_error(s, field).cloned())
                .or_else(|| errors.with(|e| field_error(e, field).cloned()))
        })
    };
    let touch = move |field: &'static str| {
        touched.update(|t| {
            if !t.contains(&field) {
                t.push(field);
            }
        });
    };

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
                Ok(SubmitOutcome::Invalid(errs)) => server_errors.set(errs),
                Err(_) => {}
            }
        }
    });
    // What was typed survives a reload and the language switch (a page load) in this tab.
    // A form the server sent back (JavaScript was off) is newer than any draft.
    let restore = posted.is_none();
    Effect::new(move |restored: Option<()>| {
        if restored.is_none() && restore {
            if let Some(draft) = browser::load_draft() {
                state.0.set(draft);
            }
        }
        state.0.with(browser::save_draft);
    });
    browser::island_ready();
    let failed = move || matches!(submit.value().get(), Some(Err(_)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if errors.with(|e| e.is_empty()) && !submit.pending().get_untracked() {
            submit.dispatch(state.0.get_untracked());
        } else if let Some(first) = errors.with_untracked(|e| e.first().map(|e| e.field.clone())) {
            browser::focus(&first);
        }
    };
    let has_errors = move || {
        submitted.get() && (errors.with(|e| !e.is_empty()) || server_errors.with(|e| !e.is_empty()))
    };
    let deadlines = move || {
        errors
            .with(|e| e.is_empty())
            .then(|| for_request_received(time::to_local(Utc::now())))
    };
    let is_rep = move || state.get("applicant_kind") == "representative";
    let edited = move || server_errors.set(Vec::new());

    let text = move |field: &'static str,
                     label: Tr,
                     required: bool,
                     input_type: &'static str,
                     autocomplete: &'static str,
                     max: usize,
                     hint: Option<Tr>,
                     live_at: usize| {
        let error = error_of(field);
        let err_id = format!("{field}-error");
        let hint_id = format!("{field}-hint");
        let described = {
            let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
            move || {
                let mut ids = Vec::new();
                if hint.is_some() {
                    ids.push(hint_id.clone());
                }
                if error.get().is_some() {
                    ids.push(err_id.clone());
                }
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        };
        view! {
            <div class="field" class:invalid=move || error.get().is_some()>
                <label for=field>{label.get(lang)}{required.then_some(" *")}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h.get(lang)}</p> })}
                <input
                    id=field
                    name=field
                    type=input_type
                    autocomplete=autocomplete
                    maxlength=max.to_string()
                    required=required
                    value=state.get_untracked(field)
                    prop:value=move || state.get(field)
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=described
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if live_at > 0 && v.chars().filter(|c| !c.is_whitespace()).count() >= live_at {
                            touch(field);
                        }
                        state.set(field, v);
                        edited();
                    }
                    on:change=move |_| touch(field)
                />
                <ErrorText id=err_id error=error lang=lang/>
            </div>
        }
    };

    let choice = move |field: &'static str, value: &'static str, label: Tr| {
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name=field
                    value=value
                    checked=state.get_untracked(field) == value
                    prop:checked=move || state.get(field) == value
                    on:change=move |_| {
                        state.set(field, value.into());
                        edited();
                    }
                />
                {label.get(lang)}
            </label>
        }
    };

    let officials = options.officials.clone();

    view! {
        <form method="post" action="/request" novalidate on:submit=on_submit>
            <input type="hidden" name="idempotency_key" value=state.get_untracked("idempotency_key")/>
            <Show when=has_errors>
                <p class="notice error" role="alert">{FIX_ERRORS.get(lang)}</p>
            </Show>
            <fieldset>
                <legend>{APPLICANT.get(lang)}</legend>
                <div class="choices" role="radiogroup">
                    {choice("applicant_kind", "individual", KIND_INDIVIDUAL)}
                    {choice("applicant_kind", "representative", KIND_REPRESENTATIVE)}
                </div>
                {text("iin", IIN, true, "text", "off", 20, Some(IIN_HINT), 12)}
                <Show when=is_rep>
                    {text("bin", BIN, true, "text", "off", 20, None, 12)}
                    {text("organisation", ORGANISATION, true, "text", "organization", 300, None, 0)}
                    {text("poa_number", POA_NUMBER, true, "text", "off", 50, None, 0)}
                    {text("poa_date", POA_DATE, true, "date", "off", 10, None, 0)}
                </Show>
                {text("surname", SURNAME, true, "text", "family-name", 100, None, 0)}
                {text("name", NAME, true, "text", "given-name", 100, None, 0)}
                {text("patronymic", PATRONYMIC, false, "text", "additional-name", 100, None, 0)}
                {text("phone", PHONE, true, "tel", "tel", 20, Some(PHONE_HINT), 11)}
                {text("email", EMAIL, false, "email", "email", 254, None, 0)}
                <div class="field checkbox">
                    <label>
                        <input
                            type="checkbox"
                            name="foreigner"
                            checked=state.0.with_untracked(|f| f.foreigner.is_some())
                            prop:checked=state.checkbox(|f| f.foreigner.is_some())
                            on:change=move |ev| state.set_checkbox(|f| &mut f.foreigner, event_target_checked(&ev))
                        />
                        {FOREIGNER.get(lang)}
                    </label>
                </div>
                <Show when=move || state.0.with(|f| f.foreigner.is_some())>
                    {text("id_document", ID_DOCUMENT, false, "text", "off", 30, Some(ID_DOCUMENT_HINT), 0)}
                    <div class="field">
                        <label for="interpreter_lang">{INTERPRETER.get(lang)}</label>
                        <input
                            id="interpreter_lang"
                            name="interpreter_lang"
                            type="text"
                            maxlength="50"
                            value=state.get_untracked("interpreter_lang")
                            prop:value=move || state.get("interpreter_lang")
                            aria-describedby=move || error_of("interpreter_lang").get().map(|_| "interpreter_lang-error")
                            on:input=move |ev| state.set("interpreter_lang", event_target_value(&ev))
                        />
                        <ErrorText id="interpreter_lang-error".into() error=error_of("interpreter_lang") lang=lang/>
                    </div>
                </Show>
            </fieldset>
            <fieldset>
                <legend>{RECEPTION.get(lang)}</legend>
                <div class="field" class:invalid=move || error_of("official_id").get().is_some()>
                    <label for="official_id">{OFFICIAL.get(lang)}" *"</label>
                    <select
                        id="official_id"
                        name="official_id"
                        required=true
                        prop:value=move || state.get("official_id")
                        aria-invalid=move || error_of("official_id").get().is_some().to_string()
                        aria-describedby=move || error_of("official_id").get().map(|_| "official_id-error")
                        on:change=move |ev| {
                            state.set("official_id", event_target_value(&ev));
                            touch("official_id");
                            edited();
                        }
                    >
                        <option value="">{CHOOSE.get(lang)}</option>
                        {officials
                            .into_iter()
                            .map(|o| {
                                let id = o.id.to_string();
                                let selected = state.get_untracked("official_id") == id;
                                view! {
                                    <option value=id.clone() selected=selected>
                                        {format!("{} — {}", o.name.get(lang), o.position.get(lang))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <ErrorText id="official_id-error".into() error=error_of("official_id") lang=lang/>
                </div>
                <div class="field" class:invalid=move || error_of("topic_id").get().is_some()>
                    <label for="topic_id">{TOPIC.get(lang)}" *"</label>
                    <select
                        id="topic_id"
                        name="topic_id"
                        required=true
                        prop:value=move || state.get("topic_id")
                        aria-invalid=move || error_of("topic_id").get().is_some().to_string()
                        aria-describedby=move || error_of("topic_id").get().map(|_| "topic_id-error")
                        on:change=move |ev| {
                            state.set("topic_id", event_target_value(&ev));
                            touch("topic_id");
                            edited();
                        }
                    >
                        <option value="">{CHOOSE.get(lang)}</option>
                        {topics()
                            .iter()
                            .map(|t| {
                                let selected = state.get_untracked("topic_id") == t.id;
                                let outside = t.competence == Competence::Outside;
                                view! {
                                    <option value=t.id.clone() selected=selected>
                                        {format!("{}{}", t.name.get(lang), if outside { OUTSIDE.get(lang) } else { "" })}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <ErrorText id="topic_id-error".into() error=error_of("topic_id") lang=lang/>
                </div>
                <div class="field" class:invalid=move || error_of("essence").get().is_some()>
                    <label for="essence">{ESSENCE.get(lang)}" *"</label>
                    <p class="hint" id="essence-hint">{ESSENCE_HINT.get(lang)}</p>
                    <textarea
                        id="essence"
                        name="essence"
                        rows="6"
                        maxlength="4000"
                        required=true
                        prop:value=move || state.get("essence")
                        aria-invalid=move || error_of("essence").get().is_some().to_string()
                        aria-describedby=move || if error_of("essence").get().is_some() { "essence-hint essence-error" } else { "essence-hint" }
                        on:input=move |ev| {
                            state.set("essence", event_target_value(&ev));
                            edited();
                        }
                        on:change=move |_| touch("essence")
                    >
                        {state.get_untracked("essence")}
                    </textarea>
                    <ErrorText id="essence-error".into() error=error_of("essence") lang=lang/>
                </div>
                <div class="field">
                    <span class="label" id="lang-label">{LANGUAGE.get(lang)}</span>
                    <div class="choices" role="radiogroup" aria-labelledby="lang-label">
                        {choice("lang", "kk", Tr::new("Қазақ тілі", "Казахский язык"))}
                        {choice("lang", "ru", Tr::new("Орыс тілі", "Русский язык"))}
                    </div>
                    <ErrorText id="lang-error".into() error=error_of("lang") lang=lang/>
                </div>
                {restrictions.then(|| view! { <p class="notice" role="note">{RESTRICTIONS.get(lang)}</p> })}
                <div class="field checkbox" class:invalid=move || error_of("video_consent").get().is_some()>
                    <label>
                        <input
                            type="checkbox"
                            name="video_consent"
                            checked=state.0.with_untracked(|f| f.video_consent.is_some())
                            prop:checked=state.checkbox(|f| f.video_consent.is_some())
                            aria-describedby=move || error_of("video_consent").get().map(|_| "video_consent-error")
                            on:change=move |ev| {
                                state.set_checkbox(|f| &mut f.video_consent, event_target_checked(&ev));
                                touch("video_consent");
                            }
                        />
                        {VIDEO.get(lang)}
                    </label>
                    <ErrorText id="video_consent-error".into() error=error_of("video_consent") lang=lang/>
                </div>
                <div class="field">
                    <label for="out_of_turn">{OUT_OF_TURN.get(lang)}</label>
                    <select id="out_of_turn" name="out_of_turn" prop:value=move || state.get("out_of_turn") on:change=move |ev| state.set("out_of_turn", event_target_value(&ev))>
                        <option value="">{NONE.get(lang)}</option>
                        {OutOfTurn::ALL
                            .into_iter()
                            .map(|c| {
                                let code = c.code();
                                let selected = state.get_untracked("out_of_turn") == code;
                                view! { <option value=code selected=selected>{c.name().get(lang).to_owned()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </fieldset>
            {move || deadlines().map(|d| view! {
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
            })}
            <Show when=failed>
                <p class="notice error" role="alert">{FAILED.get(lang)}</p>
            </Show>
            <button type="submit" class="primary" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { SENDING.get(lang) } else { SEND.get(lang) }}
            </button>
        </form>
    }
}
