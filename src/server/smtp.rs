//! E-mail through the configured SMTP relay, by lettre: plain SMTP for the akimat's own relay
//! on the local network, STARTTLS or TLS (rustls) with AUTH for any other.
//!
//! Every failure is classified as the sender needs it: 4xx replies and I/O trouble (refused
//! connection, timeout, TLS handshake) are transient and worth a retry; 5xx replies and
//! addresses that cannot be used are permanent.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::{
    message::{header, Mailbox, SinglePart},
    transport::smtp::{
        authentication::Credentials,
        client::{Certificate, Tls, TlsParameters},
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::server::config::{SmtpConfig, SmtpSecurity};

/// How long one command and its reply may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message was not accepted by the relay.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SmtpError {
    /// Worth trying again later: 4xx replies, refused connections, timeouts, TLS trouble.
    #[error("transient SMTP failure: {0}")]
    Transient(String),
    /// Will not succeed as it is: 5xx replies, addresses that cannot be used.
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
    /// Unique per message, e.g. `outbox-42`; the sender's domain is appended.
    pub id: &'a str,
    pub date: DateTime<Utc>,
}

/// The relay as lettre reaches it, built once per delivery round.
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
}

impl Relay {
    /// The transport `config` describes. A configuration that cannot work (a bad sender
    /// address, an unreadable CA file) is an error here, before any message is tried.
    pub fn new(config: &SmtpConfig) -> anyhow::Result<Relay> {
        use anyhow::Context;
        let from: Mailbox = config
            .from
            .parse()
            .with_context(|| format!("the sender address {:?} is not usable", config.from))?;
        let tls = match config.security {
            SmtpSecurity::None => None,
            SmtpSecurity::Starttls | SmtpSecurity::Tls => {
                let mut params = TlsParameters::builder(config.host.clone());
                if let Some(path) = &config.ca_file {
                    let pem = std::fs::read(path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    let ca = Certificate::from_pem(&pem)
                        .with_context(|| format!("{} is not a PEM certificate", path.display()))?;
                    params = params.add_root_certificate(ca);
                }
                Some(params.build_rustls().context("cannot set up TLS")?)
            }
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.as_str())
                .port(config.port)
                .timeout(Some(STEP_TIMEOUT));
        builder = match (config.security, tls) {
            (SmtpSecurity::Starttls, Some(params)) => builder.tls(Tls::Required(params)),
            (SmtpSecurity::Tls, Some(params)) => builder.tls(Tls::Wrapper(params)),
            _ => builder.tls(Tls::None),
        };
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            if config.security == SmtpSecurity::None {
                anyhow::bail!("an SMTP password is sent only over STARTTLS or TLS");
            }
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let domain = config
            .from
            .rsplit_once('@')
            .map(|(_, d)| d.to_owned())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "localhost".into());
        Ok(Relay {
            transport: builder.build(),
            from,
            domain,
        })
    }

    /// Hands `mail` to the relay; returns the relay's final reply (e.g. `250 2.0.0 queued`).
    pub async fn send(&self, mail: &Mail<'_>) -> Result<String, SmtpError> {
        let message = self.message(mail)?;
        match self.transport.send(message).await {
            Ok(reply) => Ok(format!(
                "{} {}",
                reply.code(),
                reply.message().collect::<Vec<_>>().join(" / ")
            )),
            Err(e) if e.is_permanent() => Err(SmtpError::Permanent(e.to_string())),
            Err(e) => Err(SmtpError::Transient(e.to_string())),
        }
    }

    /// The message: headers, a blank line and the body in base64, so no relay has to
    /// support 8-bit transport.
    pub fn message(&self, mail: &Mail<'_>) -> Result<Message, SmtpError> {
        let to: Mailbox = mail.to.parse().map_err(|e| {
            SmtpError::Permanent(format!("not a usable e-mail address {:?}: {e}", mail.to))
        })?;
        let body = SinglePart::builder()
            .header(header::ContentType::TEXT_PLAIN)
            .header(header::ContentTransferEncoding::Base64)
            .body(mail.body.replace("\r\n", "\n").replace('\n', "\r\n"));
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .date(mail.date.into())
            .message_id(Some(format!("<{}@{}>", mail.id, self.domain)))
            .singlepart(body)
            .map_err(|e| SmtpError::Permanent(format!("cannot build the message: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};

    use super::*;

    fn relay() -> Relay {
        Relay::new(&relay_config()).unwrap()
    }

    fn mail<'a>(to: &'a str, subject: &'a str, body: &'a str) -> Mail<'a> {
        Mail {
            to,
            subject,
            body,
            id: "outbox-1",
            date: DateTime::parse_from_rfc3339("2025-03-10T05:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    fn formatted(m: &Mail<'_>) -> String {
        String::from_utf8(relay().message(m).unwrap().formatted()).unwrap()
    }

    fn header<'m>(message: &'m str, name: &str) -> &'m str {
        let (head, _) = message.split_once("\r\n\r\n").unwrap();
        let start = head
            .find(&format!("\r\n{name}: "))
            .map(|i| i + 2)
            .or_else(|| head.starts_with(&format!("{name}: ")).then_some(0))
            .unwrap_or_else(|| panic!("no {name} in {head}"));
        let value = &head[start + name.len() + 2..];
        let end = value
            .match_indices("\r\n")
            .find(|(i, _)| !value[i + 2..].starts_with([' ', '\t']))
            .map_or(value.len(), |(i, _)| i);
        &value[..end]
    }

    #[test]
    fn a_line_starting_with_a_dot_survives_and_line_ends_become_crlf() {
        // lettre doubles a leading dot on the wire; in base64 none reaches the relay.
        let m = formatted(&mail("citizen@example.kz", "Тест", "Жол 1\n.жол 2"));
        let (_, body) = m.split_once("\r\n\r\n").unwrap();
        let decoded = BASE64.decode(body.replace("\r\n", "")).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "Жол 1\r\n.жол 2");
    }

    #[test]
    fn an_address_with_a_line_break_is_refused_as_permanent() {
        let bad = "a@b.kz>\r\nRCPT TO:<x@y.kz";
        let err = relay().message(&mail(bad, "x", "y")).unwrap_err();
        assert!(!err.is_transient(), "{err}");
    }

    #[test]
    fn the_message_has_mime_headers_and_a_base64_body() {
        let m = formatted(&mail("citizen@example.kz", "Тест", "Жол 1"));
        assert_eq!(header(&m, "To"), "citizen@example.kz");
        assert_eq!(header(&m, "From"), "noreply@akimat.kz");
        assert_eq!(header(&m, "Message-ID"), "<outbox-1@akimat.kz>");
        assert_eq!(header(&m, "Date"), "Mon, 10 Mar 2025 05:00:00 +0000");
        assert_eq!(header(&m, "Content-Type"), "text/plain; charset=utf-8");
        assert_eq!(header(&m, "Content-Transfer-Encoding"), "base64");
    }

    #[test]
    fn a_sender_address_that_cannot_work_is_refused_at_start() {
        let config = SmtpConfig {
            from: "not an address".into(),
            ..relay_config()
        };
        assert!(Relay::new(&config).is_err());
    }

    #[test]
    fn a_password_is_never_sent_over_plain_smtp() {
        let config = SmtpConfig {
            username: Some("qabyldau".into()),
            password: Some("s3cret".into()),
            ..relay_config()
        };
        assert!(Relay::new(&config).is_err());
    }

    fn relay_config() -> SmtpConfig {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: 25,
            from: "noreply@akimat.kz".into(),
            security: SmtpSecurity::None,
            username: None,
            password: None,
            ca_file: None,
        }
    }
}
