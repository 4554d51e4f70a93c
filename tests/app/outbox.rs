//! Notifications: queued in the caller's transaction, delivered through a real SMTP server
//! on loopback, retried or given up as the server answers. On SQLite and PostgreSQL.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use crate::helpers::{fresh_database_url, open_store, Engine};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use chrono::{DateTime, Duration, NaiveDate, SubsecRound, Utc};
use qabyldau::rules::lang::Lang;
use qabyldau::server::{
    config::{SmtpConfig, SmtpSecurity},
    notices::{Letters, Notice},
    outbox::{self, DeliveryReport, Outgoing, Status},
    smtp::{Mail, Relay},
    store::Store,
};
use sqlx::{AnyConnection, Connection, Row};
use tokio::{
    io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader},
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
    let store = open_store(&url).await;
    let conn = AnyConnection::connect(&url).await.unwrap();
    (store, conn)
}

fn letters() -> Letters {
    Letters::new(qabyldau::rules::lang::Text::new(
        "Қарағанды облысы әкімінің аппараты",
        "Аппарат акима Карагандинской области",
    ))
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
        &letters(),
        Outgoing {
            request_id: 42,
            email,
            phone: Some("+7 701 123 45 67"),
            lang,
            notice: &registered(),
        },
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
    /// Whether the message came after STARTTLS, and the `user:password` of AUTH PLAIN.
    secured: bool,
    auth: Option<String>,
}

/// A small SMTP server on 127.0.0.1 that records the messages it accepts. With a TLS
/// acceptor it behaves as a relay on the internet: STARTTLS first, then AUTH PLAIN, and no
/// mail without both.
struct Sink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

struct SinkRules {
    rcpt: Rcpt,
    tls: Option<tokio_rustls::TlsAcceptor>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Sink {
    async fn spawn(rcpt: Rcpt) -> Sink {
        Sink::spawn_with(rcpt, None).await
    }

    async fn spawn_with(rcpt: Rcpt, tls: Option<tokio_rustls::TlsAcceptor>) -> Sink {
        Sink::spawn_on("127.0.0.1:0".parse().unwrap(), rcpt, tls).await
    }

    /// The relay at `addr` (a relay coming back where it was).
    async fn spawn_on(
        addr: SocketAddr,
        rcpt: Rcpt,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Sink {
        let listener = TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let rules = Arc::new(SinkRules {
            rcpt,
            tls,
            received: received.clone(),
        });
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let rules = rules.clone();
                tokio::spawn(async move {
                    let Some(plain) = serve(stream, &rules, false).await else {
                        return;
                    };
                    if let Some(acceptor) = &rules.tls {
                        if let Ok(secured) = acceptor.accept(plain).await {
                            serve(secured, &rules, true).await;
                        }
                    }
                });
            }
        });
        Sink { addr, received }
    }

    fn relay(&self) -> Relay {
        Relay::new(&plain_relay(self.addr)).unwrap()
    }

    fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// One SMTP session on `stream`. Returns the stream when the client asked for STARTTLS,
/// so that the caller can go on over TLS.
async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    rules: &SinkRules,
    secured: bool,
) -> Option<S> {
    let mut conn = BufReader::new(stream);
    let mut current = Received {
        secured,
        ..Received::default()
    };
    let mut auth: Option<String> = None;
    let needs_auth = rules.tls.is_some();
    if !secured {
        conn.get_mut()
            .write_all(b"220 sink ESMTP ready\r\n")
            .await
            .ok()?;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if conn.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let l = line.trim_end_matches(['\r', '\n']).to_owned();
        let verb = l.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" if needs_auth && !secured => "250-sink greets you\r\n250 STARTTLS\r\n".into(),
            "EHLO" if needs_auth => "250-sink greets you\r\n250 AUTH PLAIN\r\n".into(),
            "EHLO" => "250-sink greets you\r\n250 8BITMIME\r\n".into(),
            "STAR" if needs_auth && !secured => {
                conn.get_mut().write_all(b"220 go ahead\r\n").await.ok()?;
                return Some(conn.into_inner());
            }
            "AUTH" if secured => {
                let encoded = l.split_whitespace().nth(2).unwrap_or("");
                let plain = BASE64.decode(encoded).unwrap_or_default();
                let parts: Vec<String> = plain
                    .split(|b| *b == 0)
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect();
                auth = Some(parts[1..].join(":"));
                "235 2.7.0 authenticated\r\n".into()
            }
            "MAIL" if needs_auth && auth.is_none() => {
                "530 5.7.0 authentication required\r\n".into()
            }
            "HELO" | "MAIL" | "RSET" | "NOOP" => "250 ok\r\n".into(),
            "RCPT" => match rules.rcpt {
                Rcpt::Accept => {
                    let to = l.split_once(':').unwrap().1;
                    current.rcpt_to.push(to.trim().to_owned());
                    "250 ok\r\n".into()
                }
                Rcpt::Reply(r) => r.into(),
            },
            "DATA" => {
                conn.get_mut().write_all(b"354 end with .\r\n").await.ok()?;
                loop {
                    line.clear();
                    if conn.read_line(&mut line).await.ok()? == 0 {
                        return None;
                    }
                    let l = line.trim_end_matches(['\r', '\n']);
                    if l == "." {
                        break;
                    }
                    current.data.push_str(l.strip_prefix('.').unwrap_or(l));
                    current.data.push_str("\r\n");
                }
                current.auth = auth.clone();
                let done = std::mem::replace(
                    &mut current,
                    Received {
                        secured,
                        ..Received::default()
                    },
                );
                rules.received.lock().unwrap().push(done);
                "250 2.0.0 queued as 1\r\n".into()
            }
            "QUIT" => {
                let _ = conn.get_mut().write_all(b"221 bye\r\n").await;
                return None;
            }
            _ => "500 unknown command\r\n".into(),
        };
        conn.get_mut().write_all(reply.as_bytes()).await.ok()?;
    }
}

/// The akimat's relay on the local network: plain SMTP, no AUTH.
fn plain_relay(addr: SocketAddr) -> SmtpConfig {
    SmtpConfig {
        host: addr.ip().to_string(),
        port: addr.port(),
        from: "noreply@akimat.example.kz".into(),
        security: SmtpSecurity::None,
        username: None,
        password: None,
        ca_file: None,
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
    decode_words(&header(data, "Subject"))
}

/// A header value with RFC 2047 encoded words (`=?utf-8?b?…?=`) decoded: the space
/// between two encoded words is not part of the text, any other is.
fn decode_words(value: &str) -> String {
    let mut out: Vec<u8> = Vec::new();
    let mut previous_encoded = None;
    for word in value.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let encoded = lower.starts_with("=?utf-8?b?") && lower.ends_with("?=");
        if previous_encoded.is_some() && !(encoded && previous_encoded == Some(true)) {
            out.push(b' ');
        }
        if encoded {
            out.extend(BASE64.decode(&word[10..word.len() - 2]).unwrap());
        } else {
            out.extend(word.as_bytes());
        }
        previous_encoded = Some(encoded);
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_long_kazakh_subject_becomes_short_encoded_words_that_decode_back() {
    let subject =
        "Сіздің № ҚР-2025-000123 өтінішіңіз бойынша қабылдау 12.03.2025 күніне белгіленді";
    let relay = Relay::new(&plain_relay("127.0.0.1:25".parse().unwrap())).unwrap();
    let mail = Mail {
        to: "citizen@example.kz",
        subject,
        body: "x",
        id: "outbox-1",
        date: Utc::now(),
    };
    let message = String::from_utf8(relay.message(&mail).unwrap().formatted()).unwrap();
    let (head, _) = message.split_once("\r\n\r\n").unwrap();
    assert!(head.split("\r\n").all(|line| line.len() <= 78), "{head}");
    let folded = head.split("\r\n").filter(|l| l.starts_with(' ')).count();
    assert!(
        folded > 0,
        "the subject is folded over several lines: {head}"
    );
    assert_eq!(decoded_subject(&message), subject);
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
        &letters(),
        Outgoing {
            request_id: 42,
            email: Some("citizen@example.kz"),
            phone: None,
            lang: Lang::Kk,
            notice: &registered(),
        },
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
    assert_eq!(header(&asel, "To"), "asel@example.kz");
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
    let relay = Relay::new(&plain_relay(closed)).unwrap();

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
    let sender = outbox::spawn_sender(store.clone(), Some(&plain_relay(sink.addr))).unwrap();
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

/// A relay on the internet: a certificate made for this run (its CA file for the client)
/// and the acceptor that serves it.
fn tls_relay() -> (tokio_rustls::TlsAcceptor, std::path::PathBuf) {
    use tokio_rustls::rustls::{self, pki_types::PrivateKeyDer};
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let dir = std::env::temp_dir().join(format!(
        "qabyldau-smtp-ca-{}-{}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("relay.pem");
    std::fs::write(&ca_file, made.cert.pem()).unwrap();
    let key = PrivateKeyDer::Pkcs8(made.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![made.cert.der().clone()], key)
    .unwrap();
    (tokio_rustls::TlsAcceptor::from(Arc::new(config)), ca_file)
}

fn starttls_relay(addr: SocketAddr, ca_file: Option<std::path::PathBuf>) -> SmtpConfig {
    SmtpConfig {
        security: SmtpSecurity::Starttls,
        username: Some("qabyldau".into()),
        password: Some("s3cret-пароль".into()),
        ca_file,
        ..plain_relay(addr)
    }
}

async fn a_relay_on_the_internet_gets_the_message_over_starttls_after_auth(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Ru, now).await;
    let (acceptor, ca_file) = tls_relay();
    let sink = Sink::spawn_with(Rcpt::Accept, Some(acceptor)).await;
    let relay = Relay::new(&starttls_relay(sink.addr, Some(ca_file))).unwrap();
    let report = outbox::deliver_due(&store, Some(&relay), now)
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    assert!(received[0].secured, "the message travelled over TLS");
    assert_eq!(received[0].auth.as_deref(), Some("qabyldau:s3cret-пароль"));
    assert!(decoded_body(&received[0].data).contains(NUMBER));
    assert_eq!(log_outcomes(&mut conn, id).await, ["sent"]);
}

async fn a_relay_whose_certificate_is_not_trusted_gets_nothing_and_the_message_waits(
    engine: Engine,
) {
    let (store, mut conn) = fresh(engine).await;
    let now = now();
    let id = enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, now).await;
    let (acceptor, _ca_file) = tls_relay();
    let sink = Sink::spawn_with(Rcpt::Accept, Some(acceptor)).await;
    // Without the relay's CA the self-made certificate is refused: no password leaves.
    let relay = Relay::new(&starttls_relay(sink.addr, None)).unwrap();
    let report = outbox::deliver_due(&store, Some(&relay), now)
        .await
        .unwrap();
    assert_eq!(report.retried, 1, "{report:?}");
    assert!(sink.messages().is_empty());
    let m = &outbox::list(&store, None, 10).await.unwrap()[0];
    assert_eq!(m.status, Status::Queued);
    assert_eq!(log_outcomes(&mut conn, id).await, ["retry"]);
}

/// The relay goes away for a while and comes back (issue 12): two instances keep trying, each
/// message waits its backoff, and once the relay is back each is delivered exactly once.
async fn a_relay_that_goes_away_and_comes_back_gets_each_message_exactly_once(engine: Engine) {
    let (store, mut conn) = fresh(engine).await;
    let t0 = now();
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(enqueue_committed(&mut conn, Some("citizen@example.kz"), Lang::Kk, t0).await);
    }
    // The relay's address with nothing listening: it is away.
    let addr = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let relay = Relay::new(&plain_relay(addr)).unwrap();
    let both = |at: chrono::DateTime<chrono::Utc>| {
        let (store, relay) = (&store, &relay);
        async move {
            let (a, b) = tokio::join!(
                outbox::deliver_due(store, Some(relay), at),
                outbox::deliver_due(store, Some(relay), at),
            );
            let (a, b) = (a.unwrap(), b.unwrap());
            (a.sent + b.sent, a.retried + b.retried, a.failed + b.failed)
        }
    };
    // Away: each message is tried once by one of the two, then waits its backoff (1 minute,
    // then 2), not tried again before.
    assert_eq!(both(t0).await, (0, 12, 0));
    assert_eq!(both(t0 + Duration::seconds(30)).await, (0, 0, 0));
    assert_eq!(both(t0 + Duration::seconds(61)).await, (0, 12, 0));
    assert_eq!(both(t0 + Duration::seconds(150)).await, (0, 0, 0));
    // Back where it was: every message goes, exactly once, whichever instance sends it.
    let sink = Sink::spawn_on(addr, Rcpt::Accept, None).await;
    let back = t0 + Duration::seconds(61) + Duration::minutes(2) + Duration::seconds(1);
    assert_eq!(both(back).await, (12, 0, 0));
    assert_eq!(both(back + Duration::hours(1)).await, (0, 0, 0));
    assert_eq!(sink.messages().len(), 12, "each message once");
    for id in ids {
        assert_eq!(
            log_outcomes(&mut conn, id).await,
            ["retry", "retry", "sent"]
        );
    }
    let listed = outbox::list(&store, None, 20).await.unwrap();
    assert!(listed
        .iter()
        .all(|m| m.status == Status::Sent && m.attempts == 3));
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
    a_relay_on_the_internet_gets_the_message_over_starttls_after_auth,
    a_relay_whose_certificate_is_not_trusted_gets_nothing_and_the_message_waits,
    a_relay_that_goes_away_and_comes_back_gets_each_message_exactly_once,
);
