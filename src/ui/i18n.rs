//! The interface language: Kazakh first, Russian second (clauses 7 and 23).
//!
//! The choice lives in a `lang` cookie. The server reads it (or a `?lang=` link, which
//! also sets the cookie) and renders the page and `<html lang>` in it; the islands get the
//! language as a prop.

use leptos::prelude::*;

pub use crate::rules::lang::{Lang, Tr};

pub const COOKIE: &str = "lang";

/// The language of the page, provided by `App` from the request. The pages are rendered on
/// the server in one language; the switch is a link (`?lang=`), so nothing changes it in place
/// and islands take it as a prop.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language the page is rendered in: a `?lang=` link (also remembered in the cookie, so
/// the switch works without JavaScript), else the cookie, else Kazakh.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Lang::default();
    };
    if let Some(lang) = query_lang(parts.uri.query().unwrap_or_default()) {
        // A `?lang=` link is an explicit choice: remember it.
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

#[cfg(feature = "ssr")]
pub(crate) fn query_lang(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::from_code(v))
}

/// The link that shows the same page in `lang`: the path and the other query parameters
/// (the month of the schedule, the coupon's key) are kept, `lang` is replaced.
pub fn switch_href(path: &str, query: &str, lang: Lang) -> String {
    // Never a link off the site: a request for `//host/…` must not become a link to `host`.
    let path = if path.starts_with('/') && !path.starts_with("//") {
        path
    } else {
        "/"
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.is_empty() && kv.split('=').next() != Some("lang"))
        .collect();
    let mut href = format!("{path}?");
    for kv in kept {
        href.push_str(kv);
        href.push('&');
    }
    href.push_str("lang=");
    href.push_str(lang.code());
    href
}

/// `lang=kk; Path=/; Max-Age=…; SameSite=Lax`: remembered for a year.
pub fn cookie_value(lang: Lang) -> String {
    format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )
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

/// "09:30": a time of day on every page (by hand: chrono's formatter would weigh on the
/// browser's bundle).
pub fn clock(time: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", time.hour(), time.minute())
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
    fn the_language_link_keeps_the_page_and_its_other_parameters() {
        assert_eq!(switch_href("/", "", Lang::Ru), "/?lang=ru");
        assert_eq!(
            switch_href("/", "month=2026-12&lang=kk", Lang::Ru),
            "/?month=2026-12&lang=ru"
        );
        assert_eq!(
            switch_href("/coupon/KRG-2026-000001", "key=ab12", Lang::Kk),
            "/coupon/KRG-2026-000001?key=ab12&lang=kk"
        );
        assert_eq!(switch_href("//evil.example/", "", Lang::Ru), "/?lang=ru");
        assert_eq!(query_lang("month=2026-12&lang=ru"), Some(Lang::Ru));
        assert_eq!(query_lang("lang=xx"), None);
    }

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
