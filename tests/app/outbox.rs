//! Notifications: queued in the caller's transaction, delivered through a real SMTP server
//! on loopback, retried or given up as the server answers. On SQLite and PostgreSQL.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use crate::helpers::{fresh_database_url, Engine};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use qabyldau::rules::lang::Lang;
use qabyldau::server::{
    config::SmtpConfig,
    notices::Notice,
    outbox::{self, DeliveryReport, Status},
    store::Store,
};
use sqlx::{AnyConnection, Connection, Row};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

const NUMBER: &str = "ЖҚ-2025-0042";

/// The present to the microsecond, the precision the outbox stores.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A fresh store and a separate connection to the same database, on which tests open the
/// transactions that the request workflow would.
async fn fresh(engine: Engine) -> (Store, AnyConnection) {
    let url = fresh_database_url(engine).await.unwrap();
    let store = Store::open(&url).await.unwrap();
    let conn = AnyConnection::connect(&url).await.unwrap();
    (store, conn)
}

fn registered() -> Notice {
    Notice::Registered {
        number: NUMBER.into(),
        answer_by: NaiveDate::from_ymd_opt(2025, 3, 28).unwrap(),
    }
}

async fn enqueue_committed(
    conn: &mut AnyConnection,
    email: Option<&str>,
    lang: Lang,
    now: DateTime<Utc>,
) -> i64 {
    let mut tx = conn.begin().await.unwrap();
    let id = outbox::enqueue(
        &mut tx,
        42,
        email,
        Some("+7 701 123 45 67"),
        lang,
        &registered(),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// The outcomes of the delivery attempts of message `id`, in order.
async fn log_outcomes(conn: &mut AnyConnection, id: i64) -> Vec<String> {
    sqlx::query("SELECT outcome FROM delivery_log WHERE outbox_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("outcome").unwrap())
        .collect()
}

/// What the sink answers to RCPT TO.
#[derive(Clone, Copy)]
enum Rcpt {
    Accept,
    Reply(&'static str),
}

#[derive(Clone, Debug, Default)]
struct Received {
    rcpt_to: Vec<String>,
    data: String,
}

/// A small SMTP server on 127.0.0.1 that records the messages it accepts.
struct Sink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Sink {
    async fn spawn(rcpt: Rcpt) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let mut current = Received::default();
                    write.write_all(b"220 sink ESMTP ready\r\n").await.unwrap();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &str = match verb.as_str() {
                            "EHLO" => "250-sink greets you\r\n250 8BITMIME\r\n",
                            "HELO" | "MAIL" | "RSET" | "NOOP" => "250 ok\r\n",
                            "RCPT" => match rcpt {
                                Rcpt::Accept => {
                                    let to = line.split_once(':').unwrap().1;
                                    current.rcpt_to.push(to.trim().to_owned());
                                    "250 ok\r\n"
                                }
                                Rcpt::Reply(r) => r,
                            },
                            "DATA" => {
                                write.write_all(b"354 end with .\r\n").await.unwrap();
                                while let Ok(Some(l)) = lines.next_line().await {
                                    if l == "." {
                                        break;
                                    }
                                    let l = l.strip_prefix('.').unwrap_or(&l);
                                    current.data.push_str(l);
                                    current.data.push_str("\r\n");
                                }
                                store.lock().unwrap().push(std::mem::take(&mut current));
                                "250 2.0.0 queued as 1\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => "500 unknown command\r\n",
                        };
                        write.write_all(reply.as_bytes()).await.unwrap();
                    }
                });
            }
        });
        Sink { addr, received }
    }

    fn relay(&self) -> SmtpConfig {
        SmtpConfig {
            host: self.addr.ip().to_string(),
            port: self.addr.port(),
            from: "noreply@akimat.example.kz".into(),
        }
    }

    fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// The header's value, unfolded.
fn header(data: &str, name: &str) -> String {
    let (head, _) = data.split_once("\r\n\r\n").unwrap();
    let unfolded = head.replace("\r\n ", " ");
    unfolded
        .split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} header in {data}"))
        .to_owned()
}

fn decoded_subject(data: &str) -> String {
    let bytes: Vec<u8> = header(data, "Subject")
        .split_whitespace()
        .flat_map(|w| {
            let inner = w
                .strip_prefix("=?UTF-8?B?")
                .and_then(|w| w.strip_suffix("?="))
                .unwrap();
            BASE64.decode(inner).unwrap()
        })
        .collect();
    String::from_utf8(bytes).unwrap()
}

fn decoded_body(data: &str) -> String {
    let (_, body) = data.split_once("\r\n\r\n").unwrap();
    String::from_utf8(BASE64.decode(body.replace("\r\n", "")).unwrap()).unwrap()
}

async fn a_message_queued_in_a_rolled_back_transaction_does_not_exist(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let mut tx = conn.begin().await.unwrap();
    outbox::enqueue(
        &mut tx,
        42,
        Some("citizen@example.kz"),
        None,
        Lang::Kk,
        &registered(),
        now(),
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert!(outbox::list(&store, None, 10).await.unwrap().is_empty());

    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, now()).await;
    let listed = outbox::list(&store, None, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    assert_eq!(listed[0].status, Status::Queued);
    assert_eq!(
        listed[0].recipient_phone.as_deref(),
        Some("+* *** *** ** 67")
    );
}

async fn without_a_relay_messages_stay_queued_and_are_reported_waiting(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    enqueue_committed(&mut conn, Some("a@example.kz"), Lang::Kk, now()).await;
    enqueue_committed(&mut conn, Some("b@example.kz"), Lang::Ru, now()).await;
    let report = outbox::deliver_due(&store, None, now()).await.unwrap();
    assert_eq!(
        report,
        DeliveryReport {
            waiting: 2,
            ..DeliveryReport::default()
        }
    );
    let queued = outbox::list(&store, Some("queued"), 10).await.unwrap();
    assert_eq!(queued.len(), 2);
    assert!(queued
        .iter()
        .all(|m| m.attempts == 0 && m.sent_at.is_none()));
}

async fn a_message_without_an_email_address_waits_for_a_phone_call(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let id = enqueue_committed(&mut conn, None, Lang::Ru, now()).await;
    enqueue_committed(&mut conn, Some("  "), Lang::Ru, now()).await;
    let sink = Sink::spawn(Rcpt::Accept).await;
    let report = outbox::deliver_due(&store, Some(&sink.relay()), now())
        .await
        .unwrap();
    assert_eq!(report, DeliveryReport::default());
    assert!(sink.messages().is_empty());
    let no_channel = outbox::list(&store, Some("no_channel"), 10).await.unwrap();
    assert_eq!(no_channel.len(), 2);
    assert!(no_channel.iter().any(|m| m.id == id));
    assert!(no_channel.iter().all(|m| m.recipient_email.is_none()));
}

async fn a_message_is_delivered_through_a_real_smtp_server_in_the_applicants_language(
    engine: Engine,
) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    let kk = enqueue_committed(&mut conn, Some("asel@example.kz"), Lang::Kk, now).await;
    let ru = enqueue_committed(&mut conn, Some("ivan@example.kz"), Lang::Ru, now).await;
    let sink = Sink::spawn(Rcpt::Accept).await;

    let report = outbox::deliver_due(&store, Some(&sink.relay()), now)
        .await
        .unwrap();
    assert_eq!(
        report,
        DeliveryReport {
            sent: 2,
            ..DeliveryReport::default()
        }
    );

    let received = sink.messages();
    assert_eq!(received.len(), 2);
    let to = |addr: &str| {
        received
            .iter()
            .find(|m| m.rcpt_to == [format!("<{addr}>")])
            .unwrap_or_else(|| panic!("nothing for {addr}"))
            .data
            .clone()
    };
    let asel = to("asel@example.kz");
    assert_eq!(header(&asel, "To"), "<asel@example.kz>");
    assert_eq!(
        decoded_subject(&asel),
        format!("№ {NUMBER} өтінішіңіз тіркелді")
    );
    assert!(decoded_body(&asel).contains(NUMBER));
    assert!(decoded_body(&asel).contains("28.03.2025"));
    let ivan = to("ivan@example.kz");
    assert_eq!(
        decoded_subject(&ivan),
        format!("Ваше обращение № {NUMBER} зарегистрировано")
    );
    assert!(decoded_body(&ivan).contains(NUMBER));
    assert_eq!(header(&ivan, "MIME-Version"), "1.0");

    for id in [kk, ru] {
        let m = outbox::list(&store, Some("sent"), 10)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap();
        assert_eq!(m.attempts, 1);
        assert_eq!(
            m.sent_at.map(|t| t.timestamp_micros()),
            Some(now.timestamp_micros())
        );
        assert_eq!(log_outcomes(&mut conn, id).await, ["sent"]);
    }
    // Nothing is sent twice.
    let again = outbox::deliver_due(&store, Some(&sink.relay()), now + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(again, DeliveryReport::default());
    assert_eq!(sink.messages().len(), 2);
}

async fn a_451_to_rcpt_keeps_the_message_queued_for_a_later_retry(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, now).await;
    let sink = Sink::spawn(Rcpt::Reply("451 4.3.0 try again later\r\n")).await;

    let report = outbox::deliver_due(&store, Some(&sink.relay()), now)
        .await
        .unwrap();
    assert_eq!(report.retried, 1);
    let m = &outbox::list(&store, None, 10).await.unwrap()[0];
    assert_eq!(m.status, Status::Queued);
    assert_eq!(m.attempts, 1);
    assert!(m.next_attempt_at > now);
    assert!(m.last_error.as_deref().unwrap().contains("451"));
    assert_eq!(log_outcomes(&mut conn, id).await, ["retry"]);

    // Not due again before the backoff has passed.
    let early = outbox::deliver_due(&store, Some(&sink.relay()), now)
        .await
        .unwrap();
    assert_eq!(
        early,
        DeliveryReport {
            waiting: 1,
            ..DeliveryReport::default()
        }
    );
}

async fn after_eight_transient_failures_the_message_is_given_up(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let mut now = now();
    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Ru, now).await;
    let sink = Sink::spawn(Rcpt::Reply("452 mailbox busy\r\n")).await;
    for _ in 0..outbox::MAX_ATTEMPTS {
        outbox::deliver_due(&store, Some(&sink.relay()), now)
            .await
            .unwrap();
        now += Duration::hours(2);
    }
    let m = &outbox::list(&store, None, 10).await.unwrap()[0];
    assert_eq!(m.status, Status::Failed);
    assert_eq!(m.attempts, outbox::MAX_ATTEMPTS);
    let log = log_outcomes(&mut conn, id).await;
    assert_eq!(log.len(), 8);
    assert_eq!(log.last().map(String::as_str), Some("failed"));
}

async fn a_550_to_rcpt_fails_the_message_at_once(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    let id = enqueue_committed(&mut conn, Some("nobody@example.kz"), Lang::Ru, now).await;
    let sink = Sink::spawn(Rcpt::Reply("550 5.1.1 no such user\r\n")).await;

    let report = outbox::deliver_due(&store, Some(&sink.relay()), now)
        .await
        .unwrap();
    assert_eq!(
        report,
        DeliveryReport {
            failed: 1,
            ..DeliveryReport::default()
        }
    );
    let m = &outbox::list(&store, Some("failed"), 10).await.unwrap()[0];
    assert_eq!(m.attempts, 1);
    assert!(m.last_error.as_deref().unwrap().contains("550"));
    assert_eq!(log_outcomes(&mut conn, id).await, ["failed"]);
}

async fn a_refused_connection_is_retried(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, now).await;
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let relay = SmtpConfig {
        host: closed.ip().to_string(),
        port: closed.port(),
        from: "noreply@akimat.example.kz".into(),
    };

    let report = outbox::deliver_due(&store, Some(&relay), now)
        .await
        .unwrap();
    assert_eq!(report.retried, 1);
    let m = &outbox::list(&store, None, 10).await.unwrap()[0];
    assert_eq!(m.status, Status::Queued);
    assert_eq!(m.attempts, 1);
    assert_eq!(m.next_attempt_at, now + Duration::minutes(1));
    assert_eq!(log_outcomes(&mut conn, id).await, ["retry"]);
}

async fn only_one_of_two_instances_sends_a_due_message(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, now).await;
    let sink = Sink::spawn(Rcpt::Accept).await;
    let relay = sink.relay();
    let (a, b) = tokio::join!(
        outbox::deliver_due(&store, Some(&relay), now),
        outbox::deliver_due(&store, Some(&relay), now),
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    assert_eq!(sink.messages().len(), 1);
}

async fn the_background_sender_delivers_a_queued_message_soon(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, now()).await;
    let sink = Sink::spawn(Rcpt::Accept).await;
    let sender = outbox::spawn_sender(store.clone(), Some(sink.relay()));
    let mut status = Status::Queued;
    for _ in 0..50 {
        status = outbox::list(&store, None, 10).await.unwrap()[0].status;
        if status == Status::Sent {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    sender.abort();
    assert_eq!(status, Status::Sent);
    assert_eq!(log_outcomes(&mut conn, id).await, ["sent"]);
    assert_eq!(sink.messages().len(), 1);
}

on_both_engines!(
    a_message_queued_in_a_rolled_back_transaction_does_not_exist,
    without_a_relay_messages_stay_queued_and_are_reported_waiting,
    a_message_without_an_email_address_waits_for_a_phone_call,
    a_message_is_delivered_through_a_real_smtp_server_in_the_applicants_language,
    a_451_to_rcpt_keeps_the_message_queued_for_a_later_retry,
    after_eight_transient_failures_the_message_is_given_up,
    a_550_to_rcpt_fails_the_message_at_once,
    a_refused_connection_is_retried,
    only_one_of_two_instances_sends_a_due_message,
    the_background_sender_delivers_a_queued_message_soon,
);
