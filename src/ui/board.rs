//! The aides' live board (`/board`): today's receptions per official on a wall screen, in
//! large type: who is in, who is next (queue numbers and initials only: never an IIN, a
//! phone or a full name), how many wait, how many are done or did not come, how late it
//! runs. The island reads the board again on every announced change and after every
//! reconnect, and shows when it is reconnecting.

use leptos::prelude::*;

use super::browser;
use super::i18n::{use_lang, Lang, Tr};
use crate::api::staff::read_board;
use crate::model::desk::BoardOfficial;

const TITLE: Tr = Tr::new("Бүгінгі қабылдау", "Приём сегодня");
const NOW: Tr = Tr::new("Қабылдауда", "На приёме");
const NEXT: Tr = Tr::new("Келесі", "Следующий");
const WAITING: Tr = Tr::new("Күтуде", "Ожидают");
const DONE: Tr = Tr::new("Қабылданды", "Приняты");
const NO_SHOWS: Tr = Tr::new("Келмеді", "Не явились");
const LATE: Tr = Tr::new("Кешігу, мин", "Опоздание, мин");
const NONE: Tr = Tr::new("Бүгін қабылдау жоқ.", "Сегодня приёма нет.");
const RECONNECTING: Tr = Tr::new("Қайта қосылуда…", "Переподключение…");
const LOADING: Tr = Tr::new("Жүктелуде…", "Загрузка…");

#[component]
pub fn BoardPage() -> impl IntoView {
    let lang = use_lang();
    let board = ArcResource::new(|| (), |_| read_board());
    view! {
        <section class="board">
            <h1>{TITLE.get(lang)}</h1>
            <Suspense fallback=move || view! { <p class="notice">{LOADING.get(lang)}</p> }>
                {move || {
                    let board = board.clone();
                    Suspend::new(async move {
                        match board.await {
                            Ok(first) => view! { <LiveBoard lang=lang first=first/> }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[island]
fn LiveBoard(lang: Lang, first: Vec<BoardOfficial>) -> impl IntoView {
    let board = RwSignal::new(first);
    let calls = RwSignal::new(0u32);
    let lost = RwSignal::new(false);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            match read_board().await {
                Ok(fresh) => {
                    let called = fresh
                        .iter()
                        .zip(board.get_untracked().iter())
                        .any(|(a, b)| a.now != b.now);
                    if called {
                        calls.update(|n| *n += 1);
                    }
                    lost.set(false);
                    board.set(fresh);
                }
                // The server restarts, or the screen's session ended: say so, keep trying.
                Err(_) => lost.set(true),
            }
        });
    };
    browser::on_live_change(refresh);
    // Lateness grows with the clock, and an event may be missed: read again every minute.
    browser::every(60_000, refresh);
    browser::island_ready();
    view! {
        <p class="board-lost" role="status">{move || lost.get().then(|| RECONNECTING.get(lang))}</p>
        <div class="board-officials" data-calls=move || calls.get()>
            {move || {
                let b = board.get();
                if b.is_empty() {
                    return view! { <p class="notice">{NONE.get(lang)}</p> }.into_any();
                }
                b.into_iter().map(|o| {
                    let show = |n: Option<(usize, String)>| n.map(|(q, i)| format!("№{q} {i}")).unwrap_or_else(|| "—".into());
                    view! {
                        <article class="board-official">
                            <h2>{o.official.get(lang).to_owned()}</h2>
                            <p class="board-now"><span>{NOW.get(lang)}</span><strong>{show(o.now)}</strong></p>
                            <p class="board-next"><span>{NEXT.get(lang)}</span><strong>{show(o.next)}</strong></p>
                            <dl>
                                <dt>{WAITING.get(lang)}</dt><dd>{o.waiting}</dd>
                                <dt>{DONE.get(lang)}</dt><dd>{o.done}</dd>
                                <dt>{NO_SHOWS.get(lang)}</dt><dd>{o.no_shows}</dd>
                                <dt>{LATE.get(lang)}</dt><dd>{o.late_minutes}</dd>
                            </dl>
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </div>
    }
}
