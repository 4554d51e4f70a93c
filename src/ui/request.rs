//! The applicant's path: the request form with instant validation by `src/rules`, the
//! printable coupon, and the status page. The form also works with JavaScript off: it posts
//! to `/request` and the server renders the same errors.

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::i18n::{full_date, use_lang, Lang, Tr};
use crate::api::requests::{
    get_coupon, get_form_options, submit_application, GetStatus, WithdrawRequest,
};
use crate::model::request::{Coupon, FormOptions, StatusView, SubmitOutcome};
use crate::rules::{
    application::{field_error, validate_application, ApplicationForm, FieldError},
    deadlines::for_request_received,
    eligibility::{topics, Competence},
    lang::Text,
    queue::OutOfTurn,
    time,
};

/// A form the server could not accept, rendered back to a browser without JavaScript.
#[derive(Clone, Debug)]
pub struct PostedApplication {
    pub form: ApplicationForm,
    pub errors: Vec<FieldError>,
}

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
const ANSWER_BY: Tr = Tr::new(
    "Қабылдау күні мен уақыты немесе дәлелді бас тарту туралы жауап (31-тармақ), кешіктірмей",
    "Ответ с датой и временем приёма или мотивированный отказ (пункт 31) не позднее",
);
const EXTENDED_BY: Tr = Tr::new(
    "Күрделі мәселе бойынша мерзім ұзартылса (32-тармақ), кешіктірмей",
    "Если срок продлят из-за сложности вопроса (пункт 32), не позднее",
);
const WHERE_TO_GO: Tr = Tr::new("Қайда жүгінуге болады: ", "Куда обратиться: ");
const CLAUSE: Tr = Tr::new("-тармақ", "пункт ");

fn clause_label(lang: Lang, clause: &str) -> String {
    match lang {
        Lang::Kk => format!("{clause}{}", CLAUSE.kk),
        Lang::Ru => format!("{}{clause}", CLAUSE.ru),
    }
}

/// The message of one field's error, with its clause and where to go instead.
#[component]
fn ErrorText(id: String, error: Signal<Option<FieldError>>, lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <p id=id class="field-error" aria-live="polite">
            {move || {
                error
                    .get()
                    .map(|e| {
                        let l = lang.get();
                        let clause = e.clause.as_deref().map(|c| format!(" ({})", clause_label(l, c))).unwrap_or_default();
                        let redirect = e.redirect.map(|r| format!(" {}{}", WHERE_TO_GO.get(l), r.get(l)));
                        format!("{}{}{}", e.message.get(l), clause, redirect.unwrap_or_default())
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
    // Read here, not inside the Suspense (see the note on `i18n::use_lang`).
    let posted = use_context::<PostedApplication>();
    let options = ArcResource::new(|| (), |_| get_form_options());
    let shared = ArcRwSignal::from(lang);
    view! {
        <section class="request">
            <h1>{move || TITLE.get(lang.get())}</h1>
            <p class="intro">{move || INTRO.get(lang.get())}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let (options, shared, posted) = (options.clone(), shared.clone(), posted.clone());
                    Suspend::new(async move {
                        let lang = RwSignal::from(shared);
                        match options.await {
                            Ok(o) => view! { <RequestForm options=o lang=lang posted=posted/> }.into_any(),
                            Err(_) => view! { <p class="notice error" role="alert">{move || FAILED.get(lang.get())}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn RequestForm(
    options: FormOptions,
    lang: RwSignal<Lang>,
    posted: Option<PostedApplication>,
) -> impl IntoView {
    let initial = posted
        .as_ref()
        .map(|p| p.form.clone())
        .unwrap_or_else(|| ApplicationForm {
            idempotency_key: options.form_key.clone(),
            applicant_kind: "individual".into(),
            lang: lang.get_untracked().code().into(),
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
            validate_application(form, &official_ids, &[], today(), restrictions)
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
                    // Looked up here, in the browser's effect, not while the form is built.
                    use_navigate()(
                        &format!("/coupon/{number}?key={coupon_key}"),
                        Default::default(),
                    );
                }
                Ok(SubmitOutcome::Invalid(errs)) => server_errors.set(errs),
                Err(_) => {}
            }
        }
    });
    let failed = move || matches!(submit.value().get(), Some(Err(_)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if errors.with(|e| e.is_empty()) && !submit.pending().get_untracked() {
            submit.dispatch(state.0.get_untracked());
        } else if let Some(first) = errors.with_untracked(|e| e.first().map(|e| e.field.clone())) {
            focus(&first);
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
                <label for=field>{move || label.get(lang.get())}{required.then_some(" *")}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || h.get(lang.get())}</p> })}
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
                {move || label.get(lang.get())}
            </label>
        }
    };

    let officials = options.officials.clone();

    view! {
        <form method="post" action="/request" novalidate on:submit=on_submit>
            <input type="hidden" name="idempotency_key" value=state.get_untracked("idempotency_key")/>
            <Show when=has_errors>
                <p class="notice error" role="alert">{move || FIX_ERRORS.get(lang.get())}</p>
            </Show>
            <fieldset>
                <legend>{move || APPLICANT.get(lang.get())}</legend>
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
                        {move || FOREIGNER.get(lang.get())}
                    </label>
                </div>
                <Show when=move || state.0.with(|f| f.foreigner.is_some())>
                    <div class="field">
                        <label for="interpreter_lang">{move || INTERPRETER.get(lang.get())}</label>
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
                <legend>{move || RECEPTION.get(lang.get())}</legend>
                <div class="field" class:invalid=move || error_of("official_id").get().is_some()>
                    <label for="official_id">{move || OFFICIAL.get(lang.get())}" *"</label>
                    <select
                        id="official_id"
                        name="official_id"
                        required=true
                        aria-invalid=move || error_of("official_id").get().is_some().to_string()
                        aria-describedby=move || error_of("official_id").get().map(|_| "official_id-error")
                        on:change=move |ev| {
                            state.set("official_id", event_target_value(&ev));
                            touch("official_id");
                            edited();
                        }
                    >
                        <option value="">{move || CHOOSE.get(lang.get())}</option>
                        {officials
                            .into_iter()
                            .map(|o| {
                                let id = o.id.to_string();
                                let selected = state.get_untracked("official_id") == id;
                                view! {
                                    <option value=id.clone() selected=selected>
                                        {move || format!("{} — {}", o.name.get(lang.get()), o.position.get(lang.get()))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <ErrorText id="official_id-error".into() error=error_of("official_id") lang=lang/>
                </div>
                <div class="field" class:invalid=move || error_of("topic_id").get().is_some()>
                    <label for="topic_id">{move || TOPIC.get(lang.get())}" *"</label>
                    <select
                        id="topic_id"
                        name="topic_id"
                        required=true
                        aria-invalid=move || error_of("topic_id").get().is_some().to_string()
                        aria-describedby=move || error_of("topic_id").get().map(|_| "topic_id-error")
                        on:change=move |ev| {
                            state.set("topic_id", event_target_value(&ev));
                            touch("topic_id");
                            edited();
                        }
                    >
                        <option value="">{move || CHOOSE.get(lang.get())}</option>
                        {topics()
                            .iter()
                            .map(|t| {
                                let selected = state.get_untracked("topic_id") == t.id;
                                let outside = t.competence == Competence::Outside;
                                view! {
                                    <option value=t.id.clone() selected=selected>
                                        {move || format!("{}{}", t.name.get(lang.get()), if outside { OUTSIDE.get(lang.get()) } else { "" })}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <ErrorText id="topic_id-error".into() error=error_of("topic_id") lang=lang/>
                </div>
                <div class="field" class:invalid=move || error_of("essence").get().is_some()>
                    <label for="essence">{move || ESSENCE.get(lang.get())}" *"</label>
                    <p class="hint" id="essence-hint">{move || ESSENCE_HINT.get(lang.get())}</p>
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
                    <span class="label" id="lang-label">{move || LANGUAGE.get(lang.get())}</span>
                    <div class="choices" role="radiogroup" aria-labelledby="lang-label">
                        {choice("lang", "kk", Tr::new("Қазақ тілі", "Казахский язык"))}
                        {choice("lang", "ru", Tr::new("Орыс тілі", "Русский язык"))}
                    </div>
                    <ErrorText id="lang-error".into() error=error_of("lang") lang=lang/>
                </div>
                {restrictions.then(|| view! { <p class="notice" role="note">{move || RESTRICTIONS.get(lang.get())}</p> })}
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
                        {move || VIDEO.get(lang.get())}
                    </label>
                    <ErrorText id="video_consent-error".into() error=error_of("video_consent") lang=lang/>
                </div>
                <div class="field">
                    <label for="out_of_turn">{move || OUT_OF_TURN.get(lang.get())}</label>
                    <select id="out_of_turn" name="out_of_turn" on:change=move |ev| state.set("out_of_turn", event_target_value(&ev))>
                        <option value="">{move || NONE.get(lang.get())}</option>
                        {OutOfTurn::ALL
                            .into_iter()
                            .map(|c| {
                                let code = serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                                let selected = state.get_untracked("out_of_turn") == code;
                                view! { <option value=code selected=selected>{move || c.name().get(lang.get()).to_owned()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </fieldset>
            {move || deadlines().map(|d| view! {
                <section class="deadlines" aria-live="polite" id="deadlines">
                    <h2>{move || DEADLINES.get(lang.get())}</h2>
                    <dl>
                        <dt>{move || REGISTERED_BY.get(lang.get())}</dt>
                        <dd data-deadline="registration">{move || full_date(lang.get(), d.registration_by)}</dd>
                        <dt>{move || ANSWER_BY.get(lang.get())}</dt>
                        <dd data-deadline="answer">{move || full_date(lang.get(), d.answer_by)}</dd>
                        <dt>{move || EXTENDED_BY.get(lang.get())}</dt>
                        <dd data-deadline="extended">{move || full_date(lang.get(), d.extended_answer_by)}</dd>
                    </dl>
                </section>
            })}
            <Show when=failed>
                <p class="notice error" role="alert">{move || FAILED.get(lang.get())}</p>
            </Show>
            <button type="submit" class="primary" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { SENDING.get(lang.get()) } else { SEND.get(lang.get()) }}
            </button>
        </form>
    }
}

/// Moves keyboard focus to the first field with an error.
fn focus(field: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = gloo_utils::document().get_element_by_id(field) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = field;
}

const COUPON_TITLE: Tr = Tr::new("Өтініш тіркелді", "Обращение зарегистрировано");
const COUPON_NUMBER: Tr = Tr::new("Тіркеу нөмірі", "Регистрационный номер");
const RECEIVED_AT: Tr = Tr::new(
    "Қабылданған уақыты (Алматы уақыты)",
    "Время поступления (время Алматы)",
);
const REGISTERED_ON: Tr = Tr::new("Тіркелген күні", "Дата регистрации");
const APPLICANT_LABEL: Tr = Tr::new("Өтініш беруші", "Заявитель");
const TO_OFFICIAL: Tr = Tr::new("Қабылдауына жазылған лауазымды адам", "Должностное лицо");
const TOPIC_LABEL: Tr = Tr::new("Тақырыбы", "Тема");
const FOLLOW: Tr = Tr::new(
    "Өтініштің барысын «Өтініш мәртебесі» бетінен тіркеу нөмірі мен ЖСН бойынша біле аласыз. Жауап сізге таңдаған тіліңізде жіберіледі.",
    "Следить за обращением можно на странице «Статус обращения» по регистрационному номеру и ИИН. Ответ придёт на выбранном вами языке.",
);
const STATUS_LINK: Tr = Tr::new("Өтініш мәртебесі", "Статус обращения");
const PRINT: Tr = Tr::new("Талонды басып шығару", "Распечатать талон");
const NOT_FOUND: Tr = Tr::new(
    "Талон табылмады. Сілтемені толық көшіргеніңізді тексеріңіз.",
    "Талон не найден. Проверьте, что ссылка скопирована полностью.",
);

#[component]
pub fn CouponPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let coupon = ArcResource::new(
        move || {
            (
                params.read().get("number").unwrap_or_default(),
                query.read().get("key").unwrap_or_default(),
            )
        },
        |(number, key)| get_coupon(number, key),
    );
    let shared = ArcRwSignal::from(lang);
    view! {
        <section class="coupon">
            <Suspense fallback=|| ()>
                {move || {
                    let (coupon, shared) = (coupon.clone(), shared.clone());
                    Suspend::new(async move {
                        let lang = RwSignal::from(shared);
                        match coupon.await {
                            Ok(Some(c)) => view! { <CouponView coupon=c lang=lang/> }.into_any(),
                            _ => view! { <p class="notice error" role="alert">{move || NOT_FOUND.get(lang.get())}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn CouponView(coupon: Coupon, lang: RwSignal<Lang>) -> impl IntoView {
    let c = StoredValue::new(coupon);
    let t =
        move |f: fn(&Coupon) -> &Text| move || c.with_value(|c| f(c).get(lang.get()).to_owned());
    view! {
        <h1>{move || COUPON_TITLE.get(lang.get())}</h1>
        <dl class="coupon-card">
            <dt>{move || COUPON_NUMBER.get(lang.get())}</dt>
            <dd class="number" id="registration-number">{c.with_value(|c| c.number.clone())}</dd>
            <dt>{move || APPLICANT_LABEL.get(lang.get())}</dt>
            <dd>{c.with_value(|c| c.applicant_initials.clone())}</dd>
            <dt>{move || RECEIVED_AT.get(lang.get())}</dt>
            <dd>{move || c.with_value(|c| format!("{}, {}", full_date(lang.get(), c.received_local.date()), c.received_local.format("%H:%M")))}</dd>
            <dt>{move || REGISTERED_ON.get(lang.get())}</dt>
            <dd>{move || c.with_value(|c| full_date(lang.get(), c.registered_on))}</dd>
            <dt>{move || TO_OFFICIAL.get(lang.get())}</dt>
            <dd>{t(|c| &c.official)}", "{t(|c| &c.position)}</dd>
            <dt>{move || TOPIC_LABEL.get(lang.get())}</dt>
            <dd>{t(|c| &c.topic)}</dd>
            <dt>{move || ANSWER_BY.get(lang.get())}</dt>
            <dd data-deadline="answer">{move || c.with_value(|c| full_date(lang.get(), c.answer_by))}</dd>
            <dt>{move || EXTENDED_BY.get(lang.get())}</dt>
            <dd>{move || c.with_value(|c| full_date(lang.get(), c.extended_answer_by))}</dd>
        </dl>
        <p>{move || FOLLOW.get(lang.get())}</p>
        <p class="actions">
            <a href="/status">{move || STATUS_LINK.get(lang.get())}</a>
            <button type="button" class="print" on:click=move |_| print()>{move || PRINT.get(lang.get())}</button>
        </p>
    }
}

fn print() {
    #[cfg(feature = "hydrate")]
    {
        let _ = gloo_utils::window().print();
    }
}

const STATUS_TITLE: Tr = Tr::new("Өтініш мәртебесі", "Статус обращения");
const STATUS_INTRO: Tr = Tr::new(
    "Тіркеу нөмірін және өтініш берушінің ЖСН-ін енгізіңіз.",
    "Введите регистрационный номер и ИИН заявителя.",
);
const NUMBER: Tr = Tr::new("Тіркеу нөмірі", "Регистрационный номер");
const SHOW: Tr = Tr::new("Көрсету", "Показать");
pub(crate) const NO_MATCH: Tr = Tr::new(
    "Мұндай нөмір мен ЖСН бойынша өтініш табылмады. Деректерді тексеріңіз.",
    "Обращение с таким номером и ИИН не найдено. Проверьте данные.",
);
const TOO_MANY: Tr = Tr::new(
    "Өтініш мәртебесін тексеру мүмкін болмады. Бір минуттан кейін қайталаңыз.",
    "Не удалось проверить статус. Повторите через минуту.",
);
const CURRENT: Tr = Tr::new("Қазіргі мәртебесі", "Текущий статус");
const HISTORY: Tr = Tr::new("Өзгерістер тарихы", "История изменений");
const SCHEDULED: Tr = Tr::new("Қабылдау", "Приём");
const VIDEO_LINK: Tr = Tr::new("Бейнебайланыс сілтемесі", "Ссылка на видеосвязь");
const ICS: Tr = Tr::new("Күнтізбеге қосу (.ics)", "Добавить в календарь (.ics)");
const REFUSED_BECAUSE: Tr = Tr::new("Бас тарту себебі", "Причина отказа");
const WITHDRAW: Tr = Tr::new("Өтінішті кері қайтарып алу", "Отозвать обращение");
const WITHDRAW_CONFIRM: Tr = Tr::new(
    "Өтініш кері қайтарылғаннан кейін қабылдауға жазылу тоқтатылады.",
    "После отзыва обращения запись на приём прекращается.",
);

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let lookup = ServerAction::<GetStatus>::new();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    let number = RwSignal::new(String::new());
    let iin = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(true)) = withdraw.value().get() {
            lookup.dispatch(GetStatus {
                number: number.get_untracked(),
                iin: iin.get_untracked(),
            });
        }
    });
    view! {
        <section class="status">
            <h1>{move || STATUS_TITLE.get(lang.get())}</h1>
            <p class="intro">{move || STATUS_INTRO.get(lang.get())}</p>
            <ActionForm action=lookup>
                <div class="field">
                    <label for="number">{move || NUMBER.get(lang.get())}</label>
                    <input id="number" name="number" type="text" maxlength="20" required=true placeholder="KRG-2026-000001"
                        autocomplete="off" bind:value=number/>
                </div>
                <div class="field">
                    <label for="status-iin">{move || IIN.get(lang.get())}</label>
                    <input id="status-iin" name="iin" type="text" inputmode="numeric" maxlength="20" required=true
                        autocomplete="off" bind:value=iin/>
                </div>
                <button type="submit" class="primary">{move || SHOW.get(lang.get())}</button>
            </ActionForm>
            {move || {
                lookup
                    .value()
                    .get()
                    .map(|r| match r {
                        Ok(Some(view)) => view! { <StatusCard view=view withdraw=withdraw number=number iin=iin/> }.into_any(),
                        Ok(None) => view! { <p class="notice error" role="alert">{move || NO_MATCH.get(lang.get())}</p> }.into_any(),
                        Err(_) => view! { <p class="notice error" role="alert">{move || TOO_MANY.get(lang.get())}</p> }.into_any(),
                    })
            }}
        </section>
    }
}

#[component]
fn StatusCard(
    view: StatusView,
    withdraw: ServerAction<WithdrawRequest>,
    number: RwSignal<String>,
    iin: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let v = StoredValue::new(view);
    let status = v.with_value(|v| v.status);
    view! {
        <article class="status-card" data-status=status.code()>
            <h2>{v.with_value(|v| v.coupon.number.clone())}</h2>
            <p>
                {move || CURRENT.get(lang.get())}": "
                <strong class="current-status">{move || status.label().get(lang.get()).to_owned()}</strong>
            </p>
            <p>{move || v.with_value(|v| format!("{} {}", ANSWER_BY.get(lang.get()), full_date(lang.get(), v.coupon.answer_by)))}</p>
            {v.with_value(|v| v.scheduled.clone()).map(|s| {
                let place = s.place.clone();
                view! {
                    <section class="scheduled">
                        <h3>{move || SCHEDULED.get(lang.get())}</h3>
                        <p>
                            {move || format!("{}, {}", full_date(lang.get(), s.date), s.starts.format("%H:%M"))}
                            ", "
                            {move || place.get(lang.get()).to_owned()}
                        </p>
                        {s.video_link.clone().map(|l| view! { <p>{move || VIDEO_LINK.get(lang.get())}": "<a href=l.clone()>{l.clone()}</a></p> })}
                        <p><a href=s.ics_url.clone() download="reception.ics">{move || ICS.get(lang.get())}</a></p>
                    </section>
                }
            })}
            {v.with_value(|v| v.refusal.clone()).map(|r| view! {
                <p class="refusal">
                    {move || REFUSED_BECAUSE.get(lang.get())}" ("{clause_label(lang.get_untracked(), &r.clause)}"): "
                    {move || r.reason.get(lang.get()).to_owned()}
                </p>
            })}
            <h3>{move || HISTORY.get(lang.get())}</h3>
            <ol class="timeline">
                {v.with_value(|v| v.timeline.clone())
                    .into_iter()
                    .map(|e| view! {
                        <li data-status=e.status.code()>
                            <time datetime=e.at.format("%Y-%m-%dT%H:%M").to_string()>
                                {move || format!("{}, {}", full_date(lang.get(), e.at.date()), e.at.format("%H:%M"))}
                            </time>
                            " — "
                            {move || e.status.label().get(lang.get()).to_owned()}
                        </li>
                    })
                    .collect_view()}
            </ol>
            {status.can_withdraw().then(|| view! {
                <ActionForm action=withdraw>
                    <input type="hidden" name="number" prop:value=number/>
                    <input type="hidden" name="iin" prop:value=iin/>
                    <p class="hint">{move || WITHDRAW_CONFIRM.get(lang.get())}</p>
                    <button type="submit" class="danger">{move || WITHDRAW.get(lang.get())}</button>
                </ActionForm>
            })}
        </article>
    }
}
