//! The fields of the request form: each a small component that reads and writes the one
//! form state of the island ([`FormCtx`], provided by `RequestForm`) and shows its error.

use leptos::prelude::*;

use super::{clause_label, CHOOSE, WHERE_TO_GO};
use crate::rules::application::{field_error, ApplicationForm, FieldError, FormField};
use crate::rules::lang::{Lang, Tr};

/// The state of the form, shared by its fields: what was typed, the errors of the rules and
/// of the server, and which fields show their errors yet.
#[derive(Clone, Copy)]
pub(super) struct FormCtx {
    pub form: RwSignal<ApplicationForm>,
    pub errors: Memo<Vec<FieldError>>,
    /// Errors from the server (the repeat check of clause 16.2 only it can run), until the
    /// next edit.
    pub server_errors: RwSignal<Vec<FieldError>>,
    pub submitted: RwSignal<bool>,
    pub touched: RwSignal<Vec<FormField>>,
    pub lang: Lang,
}

impl FormCtx {
    pub fn get(self, field: FormField) -> String {
        self.form
            .with(|f| f.text(field).cloned().unwrap_or_default())
    }

    pub fn get_untracked(self, field: FormField) -> String {
        self.form
            .with_untracked(|f| f.text(field).cloned().unwrap_or_default())
    }

    pub fn set(self, field: FormField, value: String) {
        self.form.update(|f| f.set_text(field, value));
    }

    /// A change by the applicant: the server's verdict on the old values no longer holds.
    pub fn edit(self, field: FormField, value: String) {
        self.set(field, value);
        self.server_errors.set(Vec::new());
    }

    pub fn checked(self, field: FormField) -> bool {
        self.form.with(|f| f.checked(field).unwrap_or(false))
    }

    /// The error shown next to `field`: once the field was left or the form was sent.
    pub fn error(self, field: FormField) -> Signal<Option<FieldError>> {
        Signal::derive(move || {
            let shown = self.submitted.get() || self.touched.with(|t| t.contains(&field));
            if !shown {
                return None;
            }
            self.server_errors
                .with(|s| field_error(s, field).cloned())
                .or_else(|| self.errors.with(|e| field_error(e, field).cloned()))
        })
    }

    pub fn touch(self, field: FormField) {
        self.touched.update(|t| {
            if !t.contains(&field) {
                t.push(field);
            }
        });
    }
}

fn form() -> FormCtx {
    expect_context::<FormCtx>()
}

fn error_id(field: FormField) -> String {
    format!("{}-error", field.name())
}

/// The message of one field's error, with its clause and where to go instead.
#[component]
pub(super) fn ErrorText(
    id: String,
    error: Signal<Option<FieldError>>,
    lang: Lang,
) -> impl IntoView {
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

/// A one-line input. `live_at`: once this many characters are typed, the error shows while
/// typing (an IIN is checked as soon as it is whole), not only on leaving the field.
#[component]
pub(super) fn TextInput(
    field: FormField,
    label: Tr,
    max: usize,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Tr>,
    #[prop(optional)] live_at: usize,
) -> impl IntoView {
    let f = form();
    let lang = f.lang;
    let error = f.error(field);
    let name = field.name();
    let err_id = error_id(field);
    let hint_id = format!("{name}-hint");
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
            <label for=name>{label.get(lang)}{required.then_some(" *")}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h.get(lang)}</p> })}
            <input
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                maxlength=max.to_string()
                required=required
                value=f.get_untracked(field)
                prop:value=move || f.get(field)
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    if live_at > 0 && v.chars().filter(|c| !c.is_whitespace()).count() >= live_at {
                        f.touch(field);
                    }
                    f.edit(field, v);
                }
                on:change=move |_| f.touch(field)
            />
            <ErrorText id=err_id error=error lang=lang/>
        </div>
    }
}

/// One radio button of `field`.
#[component]
pub(super) fn Choice(field: FormField, value: &'static str, label: Tr) -> impl IntoView {
    let f = form();
    view! {
        <label class="choice">
            <input
                type="radio"
                name=field.name()
                value=value
                checked=f.get_untracked(field) == value
                prop:checked=move || f.get(field) == value
                on:change=move |_| f.edit(field, value.into())
            />
            {label.get(f.lang)}
        </label>
    }
}

/// A checkbox; `with_error` for one that a rule can refuse (the video consent of clause 15).
#[component]
pub(super) fn Checkbox(
    field: FormField,
    label: Tr,
    #[prop(optional)] with_error: bool,
) -> impl IntoView {
    let f = form();
    let error = f.error(field);
    let err_id = error_id(field);
    let described = {
        let err_id = err_id.clone();
        move || (with_error && error.get().is_some()).then(|| err_id.clone())
    };
    view! {
        <div class="field checkbox" class:invalid=move || with_error && error.get().is_some()>
            <label>
                <input
                    type="checkbox"
                    name=field.name()
                    checked=f.form.with_untracked(|form| form.checked(field).unwrap_or(false))
                    prop:checked=move || f.checked(field)
                    aria-describedby=described
                    on:change=move |ev| {
                        f.form.update(|form| form.set_checked(field, event_target_checked(&ev)));
                        if with_error {
                            f.touch(field);
                        }
                    }
                />
                {label.get(f.lang)}
            </label>
            {with_error.then(|| view! { <ErrorText id=err_id.clone() error=error lang=f.lang/> })}
        </div>
    }
}

/// A required choice from a list (the official, the topic): `options` are value and label.
#[component]
pub(super) fn RequiredSelect(
    field: FormField,
    label: Tr,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let f = form();
    let error = f.error(field);
    let name = field.name();
    let err_id = error_id(field);
    let selected = f.get_untracked(field);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=name>{label.get(f.lang)}" *"</label>
            <select
                id=name
                name=name
                required=true
                prop:value=move || f.get(field)
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby={
                    let err_id = err_id.clone();
                    move || error.get().map(|_| err_id.clone())
                }
                on:change=move |ev| {
                    f.edit(field, event_target_value(&ev));
                    f.touch(field);
                }
            >
                {option_list(CHOOSE.get(f.lang), options, &selected)}
            </select>
            <ErrorText id=err_id error=error lang=f.lang/>
        </div>
    }
}

/// The options of a list: first the empty choice labelled `empty`, then `options` (value and
/// label), the one typed before selected.
fn option_list(
    empty: &'static str,
    options: Vec<(String, String)>,
    selected: &str,
) -> impl IntoView {
    let choices = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = selected == value;
            view! { <option value=value selected=is_selected>{text}</option> }
        })
        .collect_view();
    view! {
        <option value="">{empty}</option>
        {choices}
    }
}

/// An optional choice from a list, `none` meaning nothing chosen.
#[component]
pub(super) fn OptionalSelect(
    field: FormField,
    label: Tr,
    none: Tr,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let f = form();
    let name = field.name();
    let selected = f.get_untracked(field);
    view! {
        <div class="field">
            <label for=name>{label.get(f.lang)}</label>
            <select id=name name=name prop:value=move || f.get(field) on:change=move |ev| f.set(field, event_target_value(&ev))>
                {option_list(none.get(f.lang), options, &selected)}
            </select>
        </div>
    }
}

/// A text of several lines with its hint (the essence of the question, clause 5).
#[component]
pub(super) fn TextArea(field: FormField, label: Tr, hint: Tr, max: usize) -> impl IntoView {
    let f = form();
    let error = f.error(field);
    let name = field.name();
    let err_id = error_id(field);
    let hint_id = format!("{name}-hint");
    let described = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || match error.get() {
            Some(_) => format!("{hint_id} {err_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=name>{label.get(f.lang)}" *"</label>
            <p class="hint" id=hint_id.clone()>{hint.get(f.lang)}</p>
            <textarea
                id=name
                name=name
                rows="6"
                maxlength=max.to_string()
                required=true
                prop:value=move || f.get(field)
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                on:input=move |ev| f.edit(field, event_target_value(&ev))
                on:change=move |_| f.touch(field)
            >
                {f.get_untracked(field)}
            </textarea>
            <ErrorText id=err_id error=error lang=f.lang/>
        </div>
    }
}
