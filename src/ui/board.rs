//! The aides' live board (`/board`): today's receptions per official on a wall screen, in
//! large type: who is in, who is next (queue numbers and initials only: never an IIN, a
//! phone or a full name), how many wait, how many are done or did not come, how late it
//! runs. The board is a live region (`ui::live::LiveRegion`): read again on every announced
//! change, after every reconnect and every minute; it shows when it is reconnecting, and each
//! call is highlighted and chimed.

use leptos::prelude::*;

use super::i18n::{use_lang, Lang, Tr};
use super::live::{Kind, LiveRegion};
use crate::api::staff::read_board;
use crate::model::desk::{digest, BoardOfficial};

const TITLE: Tr = Tr::new("Бүгінгі қабылдау", "Приём сегодня");
const NOW: Tr = Tr::new("Қабылдауда", "На приёме");
const NEXT: Tr = Tr::new("Келесі", "Следующий");
const WAITING: Tr = Tr::new("Күтуде", "Ожидают");
const DONE: Tr = Tr::new("Қабылданды", "Приняты");
const NO_SHOWS: Tr = Tr::new("Келмеді", "Не явились");
const LATE: Tr = Tr::new("Кешігу, мин", "Опоздание, мин");
const NONE: Tr = Tr::new("Бүгін қабылдау жоқ.", "Сегодня приёма нет.");
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
                            Ok(board) => view! {
                                <LiveRegion lang=lang region="board-live".to_owned() kind=Kind::Board/>
                                <div id="board-live"><Officials lang=lang board=board/></div>
                            }.into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{super::server_message(&e)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// Today's officials on the board (the live region).
#[component]
fn Officials(lang: Lang, board: Vec<BoardOfficial>) -> impl IntoView {
    if board.is_empty() {
        return view! { <p class="notice">{NONE.get(lang)}</p> }.into_any();
    }
    let show = |n: &Option<(usize, String)>| {
        n.as_ref()
            .map(|(q, i)| format!("№{q} {i}"))
            .unwrap_or_else(|| "—".into())
    };
    view! {
        <div class="board-officials">
            {board.into_iter().map(|o| {
                let now = show(&o.now);
                let now_mark = o.call.clone().unwrap_or_default();
                view! {
                    <article class="board-official" id=format!("board-official-{}", digest(&o.official.ru)) data-now=now_mark>
                        <h2>{o.official.get(lang).to_owned()}</h2>
                        <p class="board-now"><span>{NOW.get(lang)}</span><strong>{now}</strong></p>
                        <p class="board-next"><span>{NEXT.get(lang)}</span><strong>{show(&o.next)}</strong></p>
                        <dl>
                            <dt>{WAITING.get(lang)}</dt><dd>{o.waiting}</dd>
                            <dt>{DONE.get(lang)}</dt><dd>{o.done}</dd>
                            <dt>{NO_SHOWS.get(lang)}</dt><dd>{o.no_shows}</dd>
                            <dt>{LATE.get(lang)}</dt><dd>{o.late_minutes}</dd>
                        </dl>
                    </article>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}
