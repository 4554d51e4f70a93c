//! Working days of the Republic of Kazakhstan, five-day week.
//!
//! Every term of the regulation counted in working days (clauses 17, 21, 22, 27, 28, 36)
//! is counted on this calendar. The rules are those of the Law "On holidays in the
//! Republic of Kazakhstan" (No. 267-II of 13 December 2001) and the Labour Code
//! (art. 84-85); the facts that change every year (the first day of Kurban Ait and the
//! transfers of days off by government decree or ministerial order) are data, in
//! `data/calendar.json`, each with its source. Adding a year is a data edit; after a release,
//! the administrator enters what the government published (`server::calendar`), and
//! [`install`] puts it in force over the compiled data, on the server and in the browser.
//!
//! Dates outside [`supported_range`] fall back to the holiday law alone: fixed holidays
//! and their carry-over, but no Kurban Ait and no transfers, because those are not
//! known in advance. [`is_supported`] tells which case applies.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::{LazyLock, RwLock};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::lang::Text;

/// A public holiday of the law, or the first day of Kurban Ait.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Holiday {
    pub id: String,
    pub month: u32,
    pub day: u32,
    /// Whether a Saturday/Sunday occurrence moves the day off to the next working day.
    pub carry_over: bool,
    /// First day the holiday is in force, when it was added by an amendment.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day the holiday is in force, when an amendment removed it.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    pub en: String,
    pub kk: String,
    pub ru: String,
    pub source: String,
}

/// The legal act behind a transfer of a day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    /// `decree` (of the Government, until 2023) or `order` (of the Minister of Labour,
    /// since the 2023 amendment of Labour Code art. 85(3)).
    pub kind: String,
    pub number: String,
    /// `YYYY-MM-DD`, or only `YYYY`/`YYYY-MM` where the day is not confirmed.
    pub dated: String,
}

impl Act {
    /// "decree No. 713 of 2021-10-06", as the operator's `calendar` output shows it.
    pub fn en(&self) -> String {
        format!("{} No. {} of {}", self.kind, self.number, self.dated)
    }

    /// The act in both languages, e.g. for a tooltip on a calendar day.
    pub fn text(&self) -> Text {
        if self.kind == "order" {
            Text::new(
                format!(
                    "ҚР Еңбек және халықты әлеуметтік қорғау министрінің № {} бұйрығы ({})",
                    self.number, self.dated
                ),
                format!(
                    "приказ Министра труда и социальной защиты населения РК № {} ({})",
                    self.number, self.dated
                ),
            )
        } else {
            Text::new(
                format!("ҚР Үкіметінің № {} қаулысы ({})", self.number, self.dated),
                format!(
                    "постановление Правительства РК № {} ({})",
                    self.number, self.dated
                ),
            )
        }
    }
}

/// One exchange of a working weekday for a weekend day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub day_off: NaiveDate,
    pub working_day: NaiveDate,
    pub act: Act,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
struct KurbanAitNames {
    en: String,
    kk: String,
    ru: String,
    source: String,
}

#[derive(Debug, Clone, Deserialize)]
struct DatedFact {
    date: NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
struct YearFacts {
    kurban_ait: DatedFact,
    transfers: Vec<Transfer>,
}

#[derive(Debug, Deserialize)]
struct CalendarFile {
    holidays: Vec<Holiday>,
    kurban_ait: KurbanAitNames,
    years: HashMap<i32, YearFacts>,
}

/// A year's facts published by the government after the release (the first day of Kurban
/// Ait, transfers of days off), as the administrator enters them: they are added to the
/// compiled-in data, and a Kurban Ait given here replaces the one compiled in for its year.
/// A year the compiled data does not know joins the calendar once its Kurban Ait is given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Published {
    pub year: i32,
    /// The first day of Kurban Ait, and the act or announcement that fixed it.
    pub kurban_ait: Option<(NaiveDate, String)>,
    pub transfers: Vec<Transfer>,
}

/// Why a day is, or is not, a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    Working,
    Weekend,
    /// The holiday itself (also when it falls on a weekend).
    Holiday(&'static Holiday),
    /// The weekday off given for a holiday that fell on a weekend.
    CarriedOver {
        holiday: &'static Holiday,
        from: NaiveDate,
    },
    /// A weekday made a day off by a transfer.
    TransferredDayOff(&'static Transfer),
    /// A weekend day made a working day by a transfer.
    WorkingWeekend(&'static Transfer),
}

impl DayKind {
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Working | DayKind::WorkingWeekend(_))
    }

    /// The reason in English for the operator's `calendar` listing; `None` for an
    /// ordinary weekday or weekend.
    pub fn reason_en(&self) -> Option<String> {
        match self {
            DayKind::Working | DayKind::Weekend => None,
            DayKind::Holiday(h) => Some(format!("holiday: {}", h.en)),
            DayKind::CarriedOver { holiday, .. } => Some(format!("carried over: {}", holiday.en)),
            DayKind::TransferredDayOff(t) | DayKind::WorkingWeekend(t) => {
                Some(format!("transfer: {}", t.act.en()))
            }
        }
    }

    /// The reason in Kazakh and Russian, for the applicant-facing calendar.
    pub fn describe(&self) -> Text {
        match self {
            DayKind::Working => Text::new("Жұмыс күні", "Рабочий день"),
            DayKind::Weekend => Text::new("Демалыс күні", "Выходной день"),
            DayKind::Holiday(h) => {
                Text::new(format!("Мереке: {}", h.kk), format!("Праздник: {}", h.ru))
            }
            DayKind::CarriedOver { holiday, from } => Text::new(
                format!(
                    "Демалыс күні: {} ({}) демалыс күніне түскендіктен ауыстырылды",
                    holiday.kk,
                    dmy(*from)
                ),
                format!(
                    "Выходной день: {} ({}) выпал на выходной и перенесён",
                    holiday.ru,
                    dmy(*from)
                ),
            ),
            DayKind::TransferredDayOff(t) => {
                let act = t.act.text();
                Text::new(
                    format!(
                        "Демалыс күні: {} күнінен ауыстырылды, {}",
                        dmy(t.working_day),
                        act.kk
                    ),
                    format!(
                        "Выходной день: перенесён с {}, {}",
                        dmy(t.working_day),
                        act.ru
                    ),
                )
            }
            DayKind::WorkingWeekend(t) => {
                let act = t.act.text();
                Text::new(
                    format!(
                        "Жұмыс күні: демалыс {} күніне ауыстырылды, {}",
                        dmy(t.day_off),
                        act.kk
                    ),
                    format!(
                        "Рабочий день: выходной перенесён на {}, {}",
                        dmy(t.day_off),
                        act.ru
                    ),
                )
            }
        }
    }
}

struct Calendar {
    holidays: Vec<Holiday>,
    kurban_ait: Holiday,
    years: HashMap<i32, YearFacts>,
    first_year: i32,
    last_year: i32,
}

/// A calendar in force: its facts, every day of its years that is not plain (weekday
/// working / weekend off), computed once, and what was published on top of the compiled data.
struct InForce {
    cal: &'static Calendar,
    special: HashMap<NaiveDate, DayKind>,
    published: Vec<Published>,
}

/// The facts of `data/calendar.json`, parsed once.
static COMPILED: LazyLock<&'static InForce> = LazyLock::new(|| {
    let file: CalendarFile = serde_json::from_str(include_str!("data/calendar.json"))
        .expect("src/rules/data/calendar.json is valid");
    let kurban_ait = Holiday {
        id: "kurban_ait".into(),
        month: 0,
        day: 0,
        carry_over: false,
        from: None,
        until: None,
        en: file.kurban_ait.en,
        kk: file.kurban_ait.kk,
        ru: file.kurban_ait.ru,
        source: file.kurban_ait.source,
    };
    in_force(file.holidays, kurban_ait, file.years, Vec::new())
});

/// What [`install`] put in force over the compiled data, if anything.
static INSTALLED: RwLock<Option<&'static InForce>> = RwLock::new(None);

/// Builds a calendar in force. It lives as long as the process: a calendar is installed at
/// start and when the administrator enters a fact, a few times a year, and every day kind
/// ever handed out keeps pointing into the calendar it came from.
fn in_force(
    holidays: Vec<Holiday>,
    kurban_ait: Holiday,
    years: HashMap<i32, YearFacts>,
    published: Vec<Published>,
) -> &'static InForce {
    let first_year = *years.keys().min().expect("at least one year of data");
    let last_year = *years.keys().max().expect("at least one year of data");
    let cal: &'static Calendar = Box::leak(Box::new(Calendar {
        holidays,
        kurban_ait,
        years,
        first_year,
        last_year,
    }));
    let mut special = HashMap::new();
    for year in cal.first_year..=cal.last_year {
        // Insertion keeps the first entry, so a carry-over spilling into January never
        // overwrites that year's own facts.
        for (date, kind) in special_days_of_year(cal, year) {
            special.entry(date).or_insert(kind);
        }
    }
    Box::leak(Box::new(InForce {
        cal,
        special,
        published,
    }))
}

fn current() -> &'static InForce {
    let installed = *INSTALLED.read().unwrap_or_else(|e| e.into_inner());
    installed.unwrap_or(*COMPILED)
}

/// Puts `published` in force over the compiled data, at once, for every later question
/// (an empty list: the compiled data alone). The server installs what the administrator
/// entered; the browser what the server sent with the page.
pub fn install(published: Vec<Published>) {
    let next = if published.is_empty() {
        None
    } else {
        let base = COMPILED.cal;
        let mut years = base.years.clone();
        for p in &published {
            match (years.get_mut(&p.year), &p.kurban_ait) {
                (Some(facts), kurban) => {
                    if let Some((date, _)) = kurban {
                        facts.kurban_ait = DatedFact { date: *date };
                    }
                    facts.transfers.extend(p.transfers.iter().cloned());
                }
                (None, Some((date, _))) => {
                    years.insert(
                        p.year,
                        YearFacts {
                            kurban_ait: DatedFact { date: *date },
                            transfers: p.transfers.clone(),
                        },
                    );
                }
                // A year without its Kurban Ait is not known yet (the server refuses it).
                (None, None) => {}
            }
        }
        Some(in_force(
            base.holidays.clone(),
            base.kurban_ait.clone(),
            years,
            published,
        ))
    };
    *INSTALLED.write().unwrap_or_else(|e| e.into_inner()) = next;
}

/// What was published over the compiled data and is in force now.
pub fn published() -> Vec<Published> {
    current().published.clone()
}

/// The compiled-in facts of `year`: its Kurban Ait and transfers, if the release knows them.
pub fn compiled(year: i32) -> Option<(NaiveDate, Vec<Transfer>)> {
    COMPILED
        .cal
        .years
        .get(&year)
        .map(|f| (f.kurban_ait.date, f.transfers.clone()))
}

/// Why a published fact cannot be entered: the messages of the administrator's form.
pub fn check_kurban_ait(year: i32, date: NaiveDate, source: &str) -> Result<(), Text> {
    let last = supported_range().end().year();
    if date.year() != year || year > last + 1 || year < COMPILED.cal.first_year {
        return Err(Text::new(
            format!(
                "Құрбан айт күні {}–{} жылдарының бірінде болуы керек (күнтізбеде үзіліс болмауы үшін).",
                COMPILED.cal.first_year,
                last + 1
            ),
            format!(
                "Дата Курбан айта должна относиться к одному из {}–{} годов (чтобы в календаре не было пропусков).",
                COMPILED.cal.first_year,
                last + 1
            ),
        ));
    }
    if source.trim().is_empty() {
        return Err(act_required());
    }
    Ok(())
}

fn act_required() -> Text {
    Text::new(
        "Актіні немесе ресми жарияланымды көрсетіңіз: түрі, нөмірі, күні.",
        "Укажите акт или официальное сообщение: вид, номер, дату.",
    )
}

/// A transfer swaps a weekday for a Saturday or Sunday of a year the calendar knows, by an
/// act with its number and date (`YYYY-MM-DD`).
pub fn check_transfer(t: &Transfer) -> Result<(), Text> {
    if is_weekend(t.day_off) || !is_weekend(t.working_day) {
        return Err(Text::new(
            "Демалыс күні ретінде жұмыс күні (дүйсенбі–жұма), жұмыс күні ретінде сенбі немесе жексенбі көрсетіледі.",
            "Выходным объявляется будний день (понедельник–пятница), рабочим — суббота или воскресенье.",
        ));
    }
    if t.day_off.year() != t.working_day.year() || !is_supported(t.day_off) {
        return Err(Text::new(
            "Екі күн де Құрбан айт күні белгілі бір жылда болуы керек.",
            "Оба дня должны относиться к одному году, для которого известна дата Курбан айта.",
        ));
    }
    let dated = NaiveDate::parse_from_str(&t.act.dated, "%Y-%m-%d").is_ok();
    if !matches!(t.act.kind.as_str(), "order" | "decree")
        || t.act.number.trim().is_empty()
        || !dated
    {
        return Err(act_required());
    }
    Ok(())
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn in_force_on(h: &Holiday, d: NaiveDate) -> bool {
    h.from.is_none_or(|from| d >= from) && h.until.is_none_or(|until| d <= until)
}

/// The special days that `year`'s holidays produce, in date order; for a year without
/// data only the law's fixed holidays and their carry-over.
fn special_days_of_year(cal: &'static Calendar, year: i32) -> Vec<(NaiveDate, DayKind)> {
    let facts = cal.years.get(&year);
    let mut out: Vec<(NaiveDate, DayKind)> = Vec::new();
    let mut holidays: Vec<(NaiveDate, &'static Holiday)> = cal
        .holidays
        .iter()
        .filter_map(|h| Some((NaiveDate::from_ymd_opt(year, h.month, h.day)?, h)))
        .filter(|(d, h)| in_force_on(h, *d))
        .collect();
    if let Some(facts) = facts {
        holidays.push((facts.kurban_ait.date, &cal.kurban_ait));
    }
    holidays.sort_by_key(|(d, _)| *d);

    let transfers: &'static [Transfer] = facts.map_or(&[], |f| f.transfers.as_slice());
    let taken = |d: NaiveDate, out: &[(NaiveDate, DayKind)]| {
        holidays.iter().any(|(h, _)| *h == d)
            || transfers.iter().any(|t| t.day_off == d)
            || out.iter().any(|(o, _)| *o == d)
    };

    for (date, h) in &holidays {
        out.push((*date, DayKind::Holiday(h)));
    }
    // Chronological order makes cascades come out right: Nauryz on Sat-Sun-Mon gives
    // Tuesday for the 21st and Wednesday for the 22nd.
    for (date, h) in &holidays {
        if h.carry_over && is_weekend(*date) {
            let mut target = *date + Days::new(1);
            while is_weekend(target) || taken(target, &out) {
                target = target + Days::new(1);
            }
            out.push((
                target,
                DayKind::CarriedOver {
                    holiday: h,
                    from: *date,
                },
            ));
        }
    }
    for t in transfers {
        out.push((t.day_off, DayKind::TransferredDayOff(t)));
        out.push((t.working_day, DayKind::WorkingWeekend(t)));
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// The first and last day for which the calendar knows Kurban Ait and the transfers.
pub fn supported_range() -> RangeInclusive<NaiveDate> {
    let cal = current().cal;
    let first = NaiveDate::from_ymd_opt(cal.first_year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(cal.last_year, 12, 31).expect("valid year");
    first..=last
}

/// Whether `d` is within [`supported_range`]; outside it the calendar knows only the law.
pub fn is_supported(d: NaiveDate) -> bool {
    supported_range().contains(&d)
}

/// Why `d` is a working day or a day off (Law "On holidays", art. 2, 3, 5; Labour Code
/// art. 84-85; yearly transfers). Outside [`supported_range`]: law only, see module docs.
pub fn day_kind(d: NaiveDate) -> DayKind {
    let special = if is_supported(d) {
        current().special.get(&d).cloned()
    } else {
        // A carry-over may come from the previous year's December holidays.
        let cal = current().cal;
        [d.year(), d.year() - 1]
            .into_iter()
            .flat_map(|y| special_days_of_year(cal, y))
            .find(|(date, _)| *date == d)
            .map(|(_, kind)| kind)
    };
    special.unwrap_or(if is_weekend(d) {
        DayKind::Weekend
    } else {
        DayKind::Working
    })
}

/// Whether the state bodies work on `d` (the basis of every working-day term of the
/// regulation, e.g. clauses 4 and 27).
pub fn is_working_day(d: NaiveDate) -> bool {
    day_kind(d).is_working()
}

/// The first working day strictly after `d`.
pub fn next_working_day(d: NaiveDate) -> NaiveDate {
    add_working_days(d, 1)
}

/// `d` itself if it is a working day, else the next one: a term whose last day falls on
/// a day off ends on the next working day (Civil Code art. 179 style).
pub fn on_or_next_working_day(d: NaiveDate) -> NaiveDate {
    if is_working_day(d) {
        d
    } else {
        next_working_day(d)
    }
}

/// "05.01.2026", as dates are written in the regulation's messages (by hand: chrono's
/// formatter would weigh on the browser's bundle).
pub fn dmy(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// `d` itself if it is a working day, else the working day before it: the last day of a
/// term the regulation states as a maximum ("не позднее 15", "не более 30 календарных
/// дней", clauses 31 and 32), which a day off must not lengthen.
pub fn on_or_previous_working_day(d: NaiveDate) -> NaiveDate {
    if is_working_day(d) {
        d
    } else {
        sub_working_days(d, 1)
    }
}

/// The `n`-th working day strictly after `d` (`d` itself for `n == 0`): a term of `n`
/// working days that starts the day after the event ends on this day.
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The `n`-th working day strictly before `d` (`d` itself for `n == 0`): "`n` working
/// days before" an event, as clauses 17 and 28 count.
pub fn sub_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day - Days::new(1);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The number of working days in `(a, b]`, negative when `b < a`; so
/// `working_days_between(a, add_working_days(a, n)) == n`.
pub fn working_days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    if b < a {
        return -working_days_between(b, a);
    }
    a.iter_days()
        .skip(1)
        .take_while(|d| *d <= b)
        .filter(|d| is_working_day(*d))
        .count() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Weekdays that are days off, and weekend days that are working days, in `year`.
    fn exceptions(year: i32) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
        let days = d(year, 1, 1)
            .iter_days()
            .take_while(|x| x.year() == year)
            .collect::<Vec<_>>();
        let off = days
            .iter()
            .copied()
            .filter(|x| !is_weekend(*x) && !is_working_day(*x))
            .collect();
        let work = days
            .iter()
            .copied()
            .filter(|x| is_weekend(*x) && is_working_day(*x))
            .collect();
        (off, work)
    }

    fn working_days_in(year: i32) -> usize {
        d(year, 1, 1)
            .iter_days()
            .take_while(|x| x.year() == year)
            .filter(|x| is_working_day(*x))
            .count()
    }

    fn dates(list: &[(u32, u32)], year: i32) -> Vec<NaiveDate> {
        list.iter().map(|(m, day)| d(year, *m, *day)).collect()
    }

    #[test]
    fn the_data_covers_2021_to_2027_and_every_transfer_swaps_a_weekday_for_a_weekend() {
        assert_eq!(supported_range(), d(2021, 1, 1)..=d(2027, 12, 31));
        for facts in COMPILED.cal.years.values() {
            for t in &facts.transfers {
                assert!(!is_weekend(t.day_off), "{t:?}");
                assert!(is_weekend(t.working_day), "{t:?}");
            }
        }
    }

    // Ministry of Labour production calendar 2024 (help.inbuh.kz, "Баланс рабочего
    // времени на 2024 год") counts 248 working days: it was drawn up with Kurban Ait on
    // Monday 17 June. On 7 June 2024 ДУМК fixed Sunday 16 June and the Ministry confirmed
    // 17 June stays a working day (tengrinews.kz, altyalash.kz), so the year has 249.
    // Transfer 4 -> 8 May: order of 17 April 2024 (nur.kz, sputnik.kz).
    #[test]
    fn production_calendar_2024_has_249_working_days_after_kurban_ait_moved_to_sunday() {
        let (off, work) = exceptions(2024);
        assert_eq!(
            off,
            dates(
                &[
                    (1, 1),
                    (1, 2),
                    (3, 8),
                    (3, 21),
                    (3, 22),
                    (3, 25),
                    (5, 1),
                    (5, 7),
                    (5, 8),
                    (5, 9),
                    (7, 8),
                    (8, 30),
                    (10, 25),
                    (12, 16),
                ],
                2024
            )
        );
        assert_eq!(work, vec![d(2024, 5, 4)]);
        assert_eq!(working_days_in(2024), 249);
        assert!(is_working_day(d(2024, 6, 17)));
    }

    // 2025: 119 days of rest and so 246 working days for a five-day week
    // (azattyq-ruhy.kz calendar for 2025); transfer 5 -> 3 January by order of the
    // Minister of Labour (energy-city.kz, informburo); carry-overs on 10 March, 24-25
    // March, 7 July, 1 September, 27 October (kazvesti.ru, alau.kz).
    #[test]
    fn production_calendar_2025_has_246_working_days() {
        let (off, work) = exceptions(2025);
        assert_eq!(
            off,
            dates(
                &[
                    (1, 1),
                    (1, 2),
                    (1, 3),
                    (1, 7),
                    (3, 10),
                    (3, 21),
                    (3, 24),
                    (3, 25),
                    (5, 1),
                    (5, 7),
                    (5, 9),
                    (6, 6),
                    (7, 7),
                    (9, 1),
                    (10, 27),
                    (12, 16),
                ],
                2025
            )
        );
        assert_eq!(work, vec![d(2025, 1, 5)]);
        assert_eq!(working_days_in(2025), 246);
    }

    // Ministry of Labour production calendar 2026, published 5 December 2025 (prg.kz;
    // carry-overs listed by news.mail.ru/el.kz: 9 March, 24-25 March, 11 May, 31 August,
    // 26 October; 246 working days, tengrinews.kz via alau.kz), then the Constitution of
    // 15 March 2026: 30 August is no longer a holiday, so Monday 31 August is a working
    // day and the year has 247 (taspanews.kz, 18 March 2026). Kurban Ait 27 May (ДУМК).
    // No transfers.
    #[test]
    fn production_calendar_2026_has_247_working_days_after_constitution_day_was_dropped() {
        let (off, work) = exceptions(2026);
        assert_eq!(
            off,
            dates(
                &[
                    (1, 1),
                    (1, 2),
                    (1, 7),
                    (3, 9),
                    (3, 23),
                    (3, 24),
                    (3, 25),
                    (5, 1),
                    (5, 7),
                    (5, 11),
                    (5, 27),
                    (7, 6),
                    (10, 26),
                    (12, 16),
                ],
                2026
            )
        );
        assert!(work.is_empty());
        assert_eq!(working_days_in(2026), 247);
        assert!(is_working_day(d(2026, 8, 31)));
    }

    // From 2027 Constitution Day is 15 March (a Monday in 2027), and 30 August is an
    // ordinary day. New Year's 2 January (Sat) moves to Monday 4 January, Nauryz 21
    // March (Sun) to Wednesday 24 March, 1 May (Sat) to 3 May, Victory Day (Sun) to
    // 10 May; Kurban Ait (estimated Sunday 16 May) is not carried over. 261 weekdays,
    // 14 of them days off: 247 working days.
    #[test]
    fn production_calendar_2027_has_constitution_day_on_15_march_and_247_working_days() {
        let (off, work) = exceptions(2027);
        assert_eq!(
            off,
            dates(
                &[
                    (1, 1),
                    (1, 4),
                    (1, 7),
                    (3, 8),
                    (3, 15),
                    (3, 22),
                    (3, 23),
                    (3, 24),
                    (5, 3),
                    (5, 7),
                    (5, 10),
                    (7, 6),
                    (10, 25),
                    (12, 16),
                ],
                2027
            )
        );
        assert!(work.is_empty());
        assert_eq!(working_days_in(2027), 247);
        assert!(is_working_day(d(2027, 8, 30)));
    }

    #[test]
    fn constitution_day_on_a_weekend_is_carried_over_from_2027_and_30_august_only_until_2025() {
        // 15 March 2031 is a Saturday: the day off moves to Monday 17 March.
        assert!(matches!(
            day_kind(d(2031, 3, 17)),
            DayKind::CarriedOver { from, .. } if from == d(2031, 3, 15)
        ));
        assert!(
            !is_working_day(d(2025, 9, 1)),
            "30 August 2025 (Sat) carried over"
        );
        assert!(
            is_working_day(d(2026, 3, 16)),
            "15 March is not a holiday in 2026"
        );
        assert!(is_working_day(d(2031, 9, 1)));
    }

    #[test]
    fn republic_day_is_named_republic_of_kazakhstan_day_from_2026() {
        let name = |y| match day_kind(d(y, 10, 25)) {
            DayKind::Holiday(h) => h.kk.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(name(2024), "Республика күні");
        assert_eq!(name(2027), "Қазақстан Республикасы күні");
    }

    #[test]
    fn nauryz_on_saturday_to_monday_gives_tuesday_and_wednesday_off_in_2026() {
        assert_eq!(
            day_kind(d(2026, 3, 24)).reason_en().as_deref(),
            Some("carried over: Nauryz")
        );
        assert!(matches!(
            day_kind(d(2026, 3, 25)),
            DayKind::CarriedOver { from, .. } if from == d(2026, 3, 22)
        ));
        assert!(is_working_day(d(2026, 3, 26)));
    }

    #[test]
    fn new_year_on_saturday_and_sunday_gives_monday_and_tuesday_off_in_2022() {
        assert!(!is_working_day(d(2022, 1, 3)));
        assert!(!is_working_day(d(2022, 1, 4)));
        assert!(is_working_day(d(2022, 1, 5)));
        // 7 January 2023 fell on a Saturday and is never carried over.
        assert!(is_working_day(d(2023, 1, 9)));
        // 1 January 2023 on a Sunday: 2 January is itself a holiday, so Tuesday is off.
        assert!(!is_working_day(d(2023, 1, 3)));
    }

    #[test]
    fn defender_day_on_saturday_skips_victory_day_monday_in_2022() {
        assert!(!is_working_day(d(2022, 5, 9)));
        assert!(matches!(
            day_kind(d(2022, 5, 10)),
            DayKind::CarriedOver { from, .. } if from == d(2022, 5, 7)
        ));
    }

    #[test]
    fn the_2022_law_adds_republic_day_and_drops_first_president_day_and_17_december() {
        assert!(is_working_day(d(2021, 10, 25)));
        assert!(!is_working_day(d(2021, 12, 1)));
        assert!(!is_working_day(d(2021, 12, 17)));
        assert!(!is_working_day(d(2022, 10, 25)));
        assert!(!is_working_day(d(2022, 10, 24)));
        assert!(is_working_day(d(2022, 10, 22)));
        assert!(is_working_day(d(2022, 12, 1)));
        // 17 December 2022 was a Saturday; under the old law Monday 19th would be off.
        assert!(is_working_day(d(2022, 12, 19)));
    }

    #[test]
    fn kurban_ait_and_orthodox_christmas_on_a_weekend_are_not_carried_over() {
        assert!(!is_working_day(d(2022, 7, 9)));
        assert!(is_working_day(d(2022, 7, 11)));
        assert_eq!(day_kind(d(2024, 1, 8)), DayKind::Working);
    }

    #[test]
    fn a_published_fact_is_checked_before_it_is_entered() {
        let t = |off, working, kind: &str, number: &str, dated: &str| Transfer {
            day_off: off,
            working_day: working,
            act: Act {
                kind: kind.into(),
                number: number.into(),
                dated: dated.into(),
            },
            source: String::new(),
        };
        // Friday 10 December 2027 off, Saturday 4 December working: accepted.
        assert!(check_transfer(&t(
            d(2027, 12, 10),
            d(2027, 12, 4),
            "order",
            "1",
            "2027-11-01"
        ))
        .is_ok());
        // A weekend made a day off, a weekday made a working day: refused, in both languages.
        let e = check_transfer(&t(
            d(2027, 12, 4),
            d(2027, 12, 10),
            "order",
            "1",
            "2027-11-01",
        ));
        assert!(e.is_err_and(|m| m.kk.contains("сенбі") && m.ru.contains("суббота")));
        // Across years, beyond the known years, without its act: refused.
        assert!(check_transfer(&t(
            d(2027, 12, 31),
            d(2028, 1, 1),
            "order",
            "1",
            "2027-11-01"
        ))
        .is_err());
        assert!(
            check_transfer(&t(d(2029, 3, 5), d(2029, 3, 3), "order", "1", "2028-11-01")).is_err()
        );
        assert!(check_transfer(&t(
            d(2027, 12, 10),
            d(2027, 12, 4),
            "order",
            " ",
            "2027-11-01"
        ))
        .is_err());
        assert!(check_transfer(&t(
            d(2027, 12, 10),
            d(2027, 12, 4),
            "letter",
            "1",
            "2027-11-01"
        ))
        .is_err());
        assert!(
            check_transfer(&t(d(2027, 12, 10), d(2027, 12, 4), "order", "1", "ноябрь")).is_err()
        );
        // Kurban Ait: the next year at most (no gap in the calendar), and its source.
        assert!(check_kurban_ait(2027, d(2027, 5, 16), "ДУМК").is_ok());
        assert!(check_kurban_ait(2028, d(2028, 5, 5), "ДУМК").is_ok());
        assert!(check_kurban_ait(2029, d(2029, 4, 24), "ДУМК").is_err());
        assert!(check_kurban_ait(2028, d(2028, 5, 5), " ").is_err());
        assert!(check_kurban_ait(2020, d(2020, 7, 31), "ДУМК").is_err());
    }

    #[test]
    fn outside_the_supported_range_only_the_law_applies() {
        assert!(!is_supported(d(2028, 1, 3)));
        // 2028: 1 January is a Saturday, 2 January a Sunday.
        assert!(!is_working_day(d(2028, 1, 3)));
        assert!(!is_working_day(d(2028, 1, 4)));
        assert!(is_working_day(d(2028, 1, 5)));
        assert_eq!(
            day_kind(d(2028, 10, 25)).reason_en().as_deref(),
            Some("holiday: Republic of Kazakhstan Day")
        );
    }

    #[test]
    fn counting_working_days_skips_the_nauryz_week() {
        // Friday 20 March 2026 + 1 working day: 21-25 March are off.
        assert_eq!(add_working_days(d(2026, 3, 20), 1), d(2026, 3, 26));
        assert_eq!(sub_working_days(d(2026, 3, 26), 1), d(2026, 3, 20));
        assert_eq!(working_days_between(d(2026, 3, 20), d(2026, 3, 26)), 1);
        assert_eq!(working_days_between(d(2026, 3, 26), d(2026, 3, 20)), -1);
        assert_eq!(next_working_day(d(2025, 12, 31)), d(2026, 1, 5));
        assert_eq!(on_or_next_working_day(d(2026, 1, 5)), d(2026, 1, 5));
    }

    #[test]
    fn every_day_has_a_bilingual_description() {
        for day in d(2025, 1, 1).iter_days().take(366) {
            let text = day_kind(day).describe();
            assert!(!text.kk.is_empty() && !text.ru.is_empty());
        }
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..(7 * 366)).prop_map(|n| d(2021, 1, 1) + Days::new(n))
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day(start in any_date(), n in 1u32..60) {
            prop_assert!(is_working_day(add_working_days(start, n)));
        }

        #[test]
        fn adding_working_days_is_monotonic(start in any_date(), shift in 0u64..30, n in 0u32..60, m in 0u32..10) {
            prop_assert!(add_working_days(start, n) <= add_working_days(start, n + m));
            prop_assert!(add_working_days(start, n) <= add_working_days(start + Days::new(shift), n));
        }

        #[test]
        fn counting_back_gives_n(start in any_date(), n in 0u32..60) {
            let end = add_working_days(start, n);
            prop_assert_eq!(working_days_between(start, end), i64::from(n));
            let from = on_or_next_working_day(start);
            prop_assert_eq!(sub_working_days(add_working_days(from, n), n), from);
        }
    }
}
