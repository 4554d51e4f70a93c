//! A minimal SMTP client (RFC 5321) for the akimat's own relay on the local network.
//!
//! Plain SMTP only: no STARTTLS and no AUTH. The relay is expected to accept mail from the
//! server's address without credentials and to be reachable only inside the akimat's
//! network; a relay on the public internet needs TLS, which this client does not speak.
//!
//! Every reply is classified as the sender needs it: 4xx and I/O trouble (refused
//! connection, timeout, broken reply) are transient and worth a retry; 5xx is permanent.

use std::time::Duration;

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use chrono::{DateTime, Utc};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{
        tcp::{OwnedReadHalf, OwnedWriteHalf},
        TcpStream,
    },
    time::timeout,
};

use crate::server::config::SmtpConfig;

/// How long one step (connecting, one command and its reply) may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message was not accepted by the relay.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SmtpError {
    /// Worth trying again later: 4xx replies, refused connections, timeouts, broken replies.
    #[error("transient SMTP failure: {0}")]
    Transient(String),
    /// Will not succeed as it is: 5xx replies, addresses that cannot be written to SMTP.
    #[error("permanent SMTP failure: {0}")]
    Permanent(String),
}

impl SmtpError {
    pub fn is_transient(&self) -> bool {
        matches!(self, SmtpError::Transient(_))
    }
}

/// One plain-text message in UTF-8.
#[derive(Clone, Debug)]
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// Unique per message, e.g. `outbox-42`; the relay's domain is appended.
    pub id: &'a str,
    pub date: DateTime<Utc>,
}

/// Hands `mail` to the relay; returns the relay's final reply (e.g. `250 2.0.0 queued`).
pub async fn send(relay: &SmtpConfig, mail: &Mail<'_>) -> Result<String, SmtpError> {
    check_address(&relay.from)?;
    check_address(mail.to)?;
    let address = format!("{}:{}", relay.host, relay.port);
    let stream = step("connect", TcpStream::connect(&address))
        .await?
        .map_err(|e| SmtpError::Transient(format!("cannot connect to {address}: {e}")))?;
    let (read, write) = stream.into_split();
    let mut session = Session {
        reader: BufReader::new(read),
        writer: write,
    };
    let result = session.transact(relay, mail).await;
    if result.is_err() {
        // Be polite on the way out; the outcome is already decided.
        let _ = session.command("QUIT").await;
    }
    result
}

struct Session {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Session {
    async fn transact(&mut self, relay: &SmtpConfig, mail: &Mail<'_>) -> Result<String, SmtpError> {
        expect(self.reply().await?, 220)?;
        let helo = domain_of(&relay.from);
        if let Err(ehlo) = expect(self.command(&format!("EHLO {helo}")).await?, 250) {
            // An old relay that knows only RFC 821 refuses EHLO with 5xx; try HELO.
            if ehlo.is_transient() {
                return Err(ehlo);
            }
            expect(self.command(&format!("HELO {helo}")).await?, 250)?;
        }
        expect(
            self.command(&format!("MAIL FROM:<{}>", relay.from)).await?,
            250,
        )?;
        expect(self.command(&format!("RCPT TO:<{}>", mail.to)).await?, 250)?;
        expect(self.command("DATA").await?, 354)?;
        let message = dot_stuffed(&format_message(&relay.from, mail));
        step(
            "send the message",
            self.writer.write_all(message.as_bytes()),
        )
        .await?
        .map_err(io_error)?;
        let accepted = expect(self.command(".").await?, 250)?;
        // The message is accepted; a relay that hangs up before QUIT changes nothing.
        let _ = self.command("QUIT").await;
        Ok(accepted.text())
    }

    async fn command(&mut self, line: &str) -> Result<Reply, SmtpError> {
        let line = format!("{line}\r\n");
        step("send a command", self.writer.write_all(line.as_bytes()))
            .await?
            .map_err(io_error)?;
        self.reply().await
    }

    /// Reads one reply, joining the lines of a multi-line one (`250-…` … `250 …`).
    async fn reply(&mut self) -> Result<Reply, SmtpError> {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let n = step("read a reply", self.reader.read_line(&mut line))
                .await?
                .map_err(io_error)?;
            if n == 0 {
                return Err(SmtpError::Transient(
                    "the relay closed the connection".into(),
                ));
            }
            let line = line.trim_end_matches(['\r', '\n']).to_owned();
            let code = line
                .get(..3)
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or_else(|| SmtpError::Transient(format!("not an SMTP reply: {line:?}")))?;
            let last = line.as_bytes().get(3) != Some(&b'-');
            lines.push(line);
            if last {
                return Ok(Reply { code, lines });
            }
        }
    }
}

#[derive(Debug)]
struct Reply {
    code: u16,
    lines: Vec<String>,
}

impl Reply {
    fn text(&self) -> String {
        self.lines.join(" / ")
    }
}

/// The reply when it has the `wanted` code; otherwise the error its class calls for.
fn expect(reply: Reply, wanted: u16) -> Result<Reply, SmtpError> {
    match reply.code {
        c if c == wanted => Ok(reply),
        500..=599 => Err(SmtpError::Permanent(reply.text())),
        _ => Err(SmtpError::Transient(reply.text())),
    }
}

async fn step<F: std::future::Future>(what: &str, f: F) -> Result<F::Output, SmtpError> {
    timeout(STEP_TIMEOUT, f)
        .await
        .map_err(|_| SmtpError::Transient(format!("timed out: {what}")))
}

fn io_error(e: std::io::Error) -> SmtpError {
    SmtpError::Transient(format!("I/O error: {e}"))
}

/// An address that can be written between `<` and `>` without changing the command.
fn check_address(address: &str) -> Result<(), SmtpError> {
    let bad = address.is_empty()
        || !address.contains('@')
        || address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    if bad {
        return Err(SmtpError::Permanent(format!(
            "not a usable e-mail address: {address:?}"
        )));
    }
    Ok(())
}

fn domain_of(address: &str) -> &str {
    address
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
        .unwrap_or("localhost")
}

/// The message as DATA carries it (before dot-stuffing): headers, a blank line and the
/// body in base64, so no relay has to support 8-bit transport.
pub fn format_message(from: &str, mail: &Mail<'_>) -> String {
    let mut m = String::new();
    m.push_str(&format!("From: <{from}>\r\n"));
    m.push_str(&format!("To: <{}>\r\n", mail.to));
    m.push_str(&format!("Subject: {}\r\n", encode_header(mail.subject)));
    m.push_str(&format!("Date: {}\r\n", mail.date.to_rfc2822()));
    m.push_str(&format!(
        "Message-ID: <{}@{}>\r\n",
        mail.id,
        domain_of(from)
    ));
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    m.push_str("Content-Transfer-Encoding: base64\r\n");
    m.push_str("\r\n");
    let body = mail.body.replace("\r\n", "\n").replace('\n', "\r\n");
    let encoded = BASE64.encode(body.as_bytes());
    for chunk in encoded.as_bytes().chunks(76) {
        // Base64 is ASCII, so every chunk is valid UTF-8.
        m.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        m.push_str("\r\n");
    }
    m
}

/// RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters and holding whole
/// characters, folded onto continuation lines.
pub fn encode_header(text: &str) -> String {
    // 45 bytes make 60 base64 characters: `=?UTF-8?B?` + 60 + `?=` = 72 <= 75.
    const MAX_BYTES: usize = 45;
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars().filter(|c| !c.is_control()) {
        if chunk.len() + c.len_utf8() > MAX_BYTES {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", BASE64.encode(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// CRLF line ends, a leading `.` doubled (RFC 5321 §4.5.2); the end-of-data line is sent
/// separately.
fn dot_stuffed(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    for line in message.replace("\r\n", "\n").split_terminator('\n') {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_words(header: &str) -> String {
        let bytes: Vec<u8> = header
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

    #[test]
    fn a_long_kazakh_subject_becomes_short_encoded_words_that_decode_back() {
        let subject =
            "Сіздің № ҚР-2025-000123 өтінішіңіз бойынша қабылдау 12.03.2025 күніне белгіленді";
        let header = encode_header(subject);
        for word in header.split("\r\n ") {
            assert!(word.len() <= 75, "{word} is too long");
        }
        assert!(header.split("\r\n ").count() > 1);
        assert_eq!(decode_words(&header), subject);
    }

    #[test]
    fn a_line_starting_with_a_dot_is_doubled_and_line_ends_become_crlf() {
        assert_eq!(dot_stuffed("a\n.b\r\n..c\n"), "a\r\n..b\r\n...c\r\n");
    }

    #[test]
    fn an_address_with_a_line_break_is_refused_as_permanent() {
        let err = check_address("a@b.kz>\r\nRCPT TO:<x@y.kz").unwrap_err();
        assert!(!err.is_transient());
    }

    #[test]
    fn a_reply_is_transient_for_4xx_and_permanent_for_5xx() {
        let reply = |code, text: &str| Reply {
            code,
            lines: vec![format!("{code} {text}")],
        };
        assert!(expect(reply(451, "try later"), 250)
            .unwrap_err()
            .is_transient());
        assert!(!expect(reply(550, "no such user"), 250)
            .unwrap_err()
            .is_transient());
        assert!(expect(reply(250, "ok"), 250).is_ok());
    }

    #[test]
    fn the_message_has_mime_headers_and_a_base64_body() {
        let mail = Mail {
            to: "citizen@example.kz",
            subject: "Тест",
            body: "Жол 1\n.жол 2",
            id: "outbox-1",
            date: DateTime::parse_from_rfc3339("2025-03-10T05:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        };
        let m = format_message("noreply@akimat.kz", &mail);
        assert!(m.contains("To: <citizen@example.kz>\r\n"));
        assert!(m.contains("Message-ID: <outbox-1@akimat.kz>\r\n"));
        assert!(m.contains("Date: Mon, 10 Mar 2025 05:00:00 +0000\r\n"));
        assert!(m.contains("Content-Type: text/plain; charset=utf-8\r\n"));
        let (_, body) = m.split_once("\r\n\r\n").unwrap();
        let decoded = BASE64.decode(body.replace("\r\n", "")).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "Жол 1\r\n.жол 2");
    }
}
