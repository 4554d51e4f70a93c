//! Benchmarks of the rules that run on every keystroke (browser) and every submission and
//! scheduling run (server). Each group has a baseline measured in the same run, so results
//! read as ratios:
//! - `add_working_days` vs a plain Monday–Friday walk (no holidays, no transfers);
//! - `check_request` vs parsing the essence alone (clause 5 without clause 16);
//! - `allocate` of 100,000 requests vs sorting the same 100,000 requests by official and date.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};
use qabyldau::rules::{
    allocation::{allocate, ApprovedRequest, OfficialId, ReceptionDay, RequestId},
    calendar,
    eligibility::{check_request, Essence, PastOutcome, PastRequest, RequestDraft},
};
use std::hint::black_box;

fn weekdays_only(mut d: NaiveDate, n: u32) -> NaiveDate {
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

fn working_days(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let mut g = c.benchmark_group("working_days");
    for n in [3u32, 15, 250] {
        g.bench_function(format!("add_working_days/{n}"), |b| {
            b.iter(|| calendar::add_working_days(black_box(start), black_box(n)))
        });
        g.bench_function(format!("baseline_weekdays_only/{n}"), |b| {
            b.iter(|| weekdays_only(black_box(start), black_box(n)))
        });
    }
    g.finish();
}

fn eligibility(c: &mut Criterion) {
    let essence = "Прошу рассмотреть вопрос о ремонте крыши многоквартирного дома по улице \
                   Ерубаева, 12: после дождей вода течёт в подъезд, управляющая компания не отвечает";
    let draft = RequestDraft {
        topic_id: qabyldau::rules::eligibility::topics()[0].id.to_string(),
        essence: essence.into(),
    };
    let history: Vec<PastRequest> = (0..20)
        .map(|i| PastRequest {
            number: format!("KRG-2026-{i:06}"),
            topic_id: qabyldau::rules::eligibility::topics()[i % 10]
                .id
                .to_string(),
            essence: format!("Обращение номер {i} о благоустройстве двора и освещении улицы"),
            outcome: PastOutcome::Answered,
            official: "Ахметова Г. С.".into(),
            date: NaiveDate::from_ymd_opt(2026, 1, 1 + i as u32).unwrap(),
        })
        .collect();
    let mut g = c.benchmark_group("eligibility");
    g.bench_function("check_request/no_history (browser)", |b| {
        b.iter(|| check_request(black_box(&draft), black_box(&[])))
    });
    g.bench_function("check_request/20_past_requests (server)", |b| {
        b.iter(|| check_request(black_box(&draft), black_box(&history)))
    });
    g.bench_function("baseline_essence_parse_only", |b| {
        b.iter(|| Essence::parse(black_box(essence)))
    });
    g.finish();
}

/// 20 officials, each receiving on every working day of 2027 from 09:00 to 18:00 with a
/// lunch break 13:00–14:00, 15-minute slots for one applicant; 100,000 requests spread over
/// the officials and the year by a fixed pseudo-random sequence.
fn allocation_fixture() -> (Vec<ReceptionDay>, Vec<ApprovedRequest>) {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let dates: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| d.year() == 2027)
        .filter(|d| calendar::is_working_day(*d))
        .collect();
    let mut days = Vec::new();
    for official in 0..20 {
        for &date in &dates {
            days.push(
                ReceptionDay::new(
                    OfficialId(official),
                    date,
                    t(9),
                    t(18),
                    15,
                    1,
                    Some((t(13), t(14))),
                )
                .unwrap(),
            );
        }
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let requests = (0..100_000u64)
        .map(|i| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            ApprovedRequest {
                request: RequestId(i),
                official: OfficialId(seed % 20),
                earliest: first + Duration::days(((seed >> 8) % 300) as i64),
            }
        })
        .collect();
    (days, requests)
}

fn allocation(c: &mut Criterion) {
    let (days, requests) = allocation_fixture();
    let mut g = c.benchmark_group("allocation");
    g.sample_size(20);
    g.bench_function("allocate/100k_requests_20_officials_1_year", |b| {
        b.iter(|| allocate(black_box(&days), black_box(&requests), &[]))
    });
    g.bench_function("baseline_sort_100k_by_official_and_date", |b| {
        b.iter(|| {
            let mut v = requests.clone();
            v.sort_by_key(|r| (r.official, r.earliest, r.request));
            v
        })
    });
    g.finish();
}

criterion_group!(benches, working_days, eligibility, allocation);
criterion_main!(benches);
