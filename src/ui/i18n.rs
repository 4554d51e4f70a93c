//! The interface language: Kazakh first, Russian second (clauses 7 and 23).
//!
//! The choice lives in a `lang` cookie. The server reads it (or a `?lang=` link, which
//! also sets the cookie, so the switch works without JavaScript) and renders the page and
//! `<html lang>`; the browser starts from `<html lang>`, so hydration sees the same value.

use leptos::prelude::*;

pub use crate::rules::lang::Lang;

/// A fixed interface string in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub kk: &'static str,
    pub ru: &'static str,
}

impl Tr {
    pub const fn new(kk: &'static str, ru: &'static str) -> Tr {
        Tr { kk, ru }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Kk => self.kk,
            Lang::Ru => self.ru,
        }
    }
}

pub const COOKIE: &str = "lang";

/// What a `Suspense`/`Transition` shows is walked twice on the server: for the page, and by a
/// background check (an effect on another thread) that can run again after the response has
/// been sent and the page's reactive owner is gone. There a context lookup fails and a read of
/// the page's signals panics. So the pages read every context before the Suspense and hand its
/// body reference-counted handles (`ArcResource`, `ArcRwSignal<Lang>`, alive while held); the
/// body turns the language back into a `RwSignal` of its own. A late check can still read a
/// signal of a view it built earlier and log a panic, after the response (about 1 in 1,600
/// renders under CPU load in the http tests); leptos 0.8.23 gives no way to stop that check.
///
/// The language signal of the page, provided by `App`.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// The language the page starts in: on the server from the request, in the browser from
/// what the server rendered.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        request_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document_lang()
    }
}

#[cfg(feature = "ssr")]
fn request_lang() -> Lang {
    use leptos::prelude::use_context;
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Lang::default();
    };
    let from_query = parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::from_code(v))
    });
    if let Some(lang) = from_query {
        // A `?lang=` link is an explicit choice: remember it as the switch does.
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(v) = http::HeaderValue::from_str(&cookie_value(lang)) {
                res.append_header(http::header::SET_COOKIE, v);
            }
        }
        return lang;
    }
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| Lang::from_code(v))
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn document_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        gloo_utils::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Lang::default()
    }
}

/// `lang=kk; Path=/; Max-Age=…; SameSite=Lax`: remembered for a year.
pub fn cookie_value(lang: Lang) -> String {
    format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )
}

/// Switches the page's language in the browser and remembers the choice.
pub fn switch_to(lang_signal: RwSignal<Lang>, lang: Lang) {
    lang_signal.set(lang);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let document = gloo_utils::document();
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
        document.set_title(super::SITE_TITLE.get(lang));
        if let Ok(html_doc) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = html_doc.set_cookie(&cookie_value(lang));
        }
    }
}

pub const MONTHS_KK: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];
/// Russian months in the nominative, for headings ("Ноябрь 2026").
pub const MONTHS_RU: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
/// Russian months in the genitive, for dates ("12 ноября").
pub const MONTHS_RU_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
pub const WEEKDAYS_KK: [&str; 7] = [
    "дүйсенбі",
    "сейсенбі",
    "сәрсенбі",
    "бейсенбі",
    "жұма",
    "сенбі",
    "жексенбі",
];
pub const WEEKDAYS_RU: [&str; 7] = [
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
];

/// "2026 жылғы қараша" / "Ноябрь 2026".
pub fn month_heading(lang: Lang, year: i32, month: u32) -> String {
    let i = (month as usize).clamp(1, 12) - 1;
    match lang {
        Lang::Kk => format!("{year} жылғы {}", MONTHS_KK[i]),
        Lang::Ru => {
            let m = MONTHS_RU[i];
            let mut chars = m.chars();
            let cap: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            format!("{cap} {year}")
        }
    }
}

/// "12 желтоқсан, сәрсенбі" / "12 декабря, среда".
pub fn day_label(lang: Lang, date: chrono::NaiveDate) -> String {
    date_label(lang, date, false)
}

/// "12 желтоқсан 2026, сәрсенбі" / "12 декабря 2026, среда": dates on coupons and statuses.
pub fn full_date(lang: Lang, date: chrono::NaiveDate) -> String {
    date_label(lang, date, true)
}

fn date_label(lang: Lang, date: chrono::NaiveDate, with_year: bool) -> String {
    use chrono::Datelike;
    let m = date.month0() as usize;
    let w = date.weekday().num_days_from_monday() as usize;
    let month = match lang {
        Lang::Kk => MONTHS_KK[m],
        Lang::Ru => MONTHS_RU_GEN[m],
    };
    let weekday = match lang {
        Lang::Kk => WEEKDAYS_KK[w],
        Lang::Ru => WEEKDAYS_RU[w],
    };
    let year = if with_year {
        format!(" {}", date.year())
    } else {
        String::new()
    };
    format!("{} {month}{year}, {weekday}", date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
        assert_eq!(day_label(Lang::Kk, d), "9 желтоқсан, сәрсенбі");
        assert_eq!(day_label(Lang::Ru, d), "9 декабря, среда");
        assert_eq!(full_date(Lang::Kk, d), "9 желтоқсан 2026, сәрсенбі");
        assert_eq!(full_date(Lang::Ru, d), "9 декабря 2026, среда");
        assert_eq!(month_heading(Lang::Kk, 2026, 11), "2026 жылғы қараша");
        assert_eq!(month_heading(Lang::Ru, 2026, 11), "Ноябрь 2026");
    }
}
