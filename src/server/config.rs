//! The deployment's runtime settings: `Leptos.toml`, then environment variables, then flags.

use std::{net::SocketAddr, path::Path};

use anyhow::Context;
use serde::Deserialize;

use crate::rules::lang::Text;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub database_url: String,
    pub demo_data: bool,
    /// Clause 15: restrictions are in force, so reception is by video only.
    #[serde(default)]
    pub restrictions_in_force: bool,
    pub site_root: String,
    pub akimat: AkimatConfig,
    /// Where notifications are sent by e-mail; none means they stay queued for staff.
    #[serde(default)]
    pub smtp: Option<SmtpConfig>,
    /// The site is reached through a reverse proxy: the client's address is the last one in
    /// `X-Forwarded-For`, and the proxy says whether it is https.
    #[serde(default)]
    pub behind_proxy: bool,
    /// The site's own origin as browsers see it (`https://qabyldau.example.kz`); when set,
    /// state-changing requests must come from it. Unset, they must come from the host they
    /// are sent to.
    #[serde(default)]
    pub public_origin: Option<String>,
    /// A staff session unused this long is closed (minutes).
    #[serde(default = "default_staff_idle_minutes")]
    pub staff_idle_minutes: u64,
    /// A client that takes longer than this to send a request's headers, or between two parts
    /// of its body, is cut off (seconds).
    #[serde(default = "default_slow_client_seconds")]
    pub slow_client_seconds: u64,
    /// `text` (one line a record, for a terminal) or `json` (one JSON object a line, for a
    /// log collector). Either way each request's records carry its `request_id`.
    #[serde(default)]
    pub log_format: LogFormat,
}

/// How the server writes its log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

fn default_staff_idle_minutes() -> u64 {
    30
}

fn default_slow_client_seconds() -> u64 {
    10
}

/// The SMTP relay: plain for the akimat's own mail server on the local network, STARTTLS
/// or TLS (with AUTH) for any other.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender address, e.g. `noreply@karaganda-akimat.kz`.
    pub from: String,
    #[serde(default)]
    pub security: SmtpSecurity,
    /// AUTH, when both are given (only over STARTTLS or TLS: see [`Config::load`]).
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// A PEM file of the certificate authority of a relay with a private certificate.
    #[serde(default)]
    pub ca_file: Option<std::path::PathBuf>,
}

/// The password never reaches a log line.
impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// How the connection to the relay is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain SMTP: only for a relay inside the akimat's own network.
    #[default]
    None,
    /// STARTTLS required (usually port 587).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AkimatConfig {
    pub name_kk: String,
    pub name_ru: String,
}

impl AkimatConfig {
    pub fn name(&self) -> Text {
        Text::new(&self.name_kk, &self.name_ru)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            site_addr: "127.0.0.1:3000".parse().expect("a valid address"),
            database_url: "sqlite://data/qabyldau.db".into(),
            demo_data: true,
            restrictions_in_force: false,
            site_root: "target/site".into(),
            akimat: AkimatConfig {
                name_kk: "Қарағанды облысы әкімінің аппараты".into(),
                name_ru: "Аппарат акима Карагандинской области".into(),
            },
            smtp: None,
            slow_client_seconds: default_slow_client_seconds(),
            log_format: LogFormat::Text,
            behind_proxy: false,
            public_origin: None,
            staff_idle_minutes: default_staff_idle_minutes(),
        }
    }
}

impl Config {
    /// Reads `path` when it exists (defaults otherwise) and applies environment overrides.
    pub fn load(path: &Path) -> anyhow::Result<Config> {
        let mut config = if path.exists() {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?
        } else {
            Config::default()
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = var("QABYLDAU_SITE_ADDR") {
            self.site_addr = v
                .parse()
                .with_context(|| format!("QABYLDAU_SITE_ADDR is not an address: {v}"))?;
        }
        if let Some(v) = var("QABYLDAU_DATABASE_URL").or_else(|| var("DATABASE_URL")) {
            self.database_url = v;
        }
        if let Some(v) = var("QABYLDAU_DEMO_DATA") {
            self.demo_data = matches!(v.trim(), "1" | "true" | "yes" | "on");
        }
        if let Some(v) = var("QABYLDAU_RESTRICTIONS_IN_FORCE") {
            self.restrictions_in_force = matches!(v.trim(), "1" | "true" | "yes" | "on");
        }
        if let Some(v) = var("QABYLDAU_SITE_ROOT") {
            self.site_root = v;
        }
        if let Some(v) = var("QABYLDAU_SMTP") {
            self.smtp = parse_smtp(&v)?;
        }
        if let Some(smtp) = &mut self.smtp {
            if let Some(v) = var("QABYLDAU_SMTP_SECURITY") {
                smtp.security = match v.trim() {
                    "none" => SmtpSecurity::None,
                    "starttls" => SmtpSecurity::Starttls,
                    "tls" => SmtpSecurity::Tls,
                    _ => anyhow::bail!("QABYLDAU_SMTP_SECURITY must be none, starttls or tls: {v}"),
                };
            }
            if let Some(v) = var("QABYLDAU_SMTP_USERNAME") {
                smtp.username = Some(v);
            }
            if let Some(v) = var("QABYLDAU_SMTP_PASSWORD") {
                smtp.password = Some(v);
            }
            if let Some(v) = var("QABYLDAU_SMTP_CA_FILE") {
                smtp.ca_file = Some(v.into());
            }
            if smtp.username.is_some() != smtp.password.is_some() {
                anyhow::bail!("SMTP AUTH needs both a username and a password");
            }
            if smtp.password.is_some() && smtp.security == SmtpSecurity::None {
                anyhow::bail!(
                    "an SMTP password is sent only over STARTTLS or TLS: set security (QABYLDAU_SMTP_SECURITY)"
                );
            }
        }
        if let Some(v) = var("QABYLDAU_BEHIND_PROXY") {
            self.behind_proxy = matches!(v.trim(), "1" | "true" | "yes" | "on");
        }
        if let Some(v) = var("QABYLDAU_PUBLIC_ORIGIN") {
            self.public_origin =
                Some(v.trim().trim_end_matches('/').to_owned()).filter(|v| !v.is_empty());
        }
        if let Some(v) = var("QABYLDAU_STAFF_IDLE_MINUTES") {
            self.staff_idle_minutes =
                v.trim().parse().ok().filter(|m| *m > 0).with_context(|| {
                    format!("QABYLDAU_STAFF_IDLE_MINUTES is not a number of minutes: {v}")
                })?;
        }
        if let Some(v) = var("QABYLDAU_SLOW_CLIENT_SECONDS") {
            self.slow_client_seconds =
                v.trim().parse().ok().filter(|m| *m > 0).with_context(|| {
                    format!("QABYLDAU_SLOW_CLIENT_SECONDS is not a number of seconds: {v}")
                })?;
        }
        if let Some(v) = var("QABYLDAU_LOG_FORMAT") {
            self.log_format = match v.trim() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                other => anyhow::bail!("QABYLDAU_LOG_FORMAT is json or text, not {other}"),
            };
        }
        if let Some(v) = var("QABYLDAU_AKIMAT_NAME_KK") {
            self.akimat.name_kk = v;
        }
        if let Some(v) = var("QABYLDAU_AKIMAT_NAME_RU") {
            self.akimat.name_ru = v;
        }
        Ok(())
    }
}

/// `host:port from-address`, e.g. `127.0.0.1:2525 noreply@example.kz`; empty means none.
fn parse_smtp(v: &str) -> anyhow::Result<Option<SmtpConfig>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let (addr, from) = v
        .split_once(' ')
        .with_context(|| format!("QABYLDAU_SMTP must be \"host:port from-address\": {v}"))?;
    let (host, port) = addr
        .rsplit_once(':')
        .with_context(|| format!("QABYLDAU_SMTP has no port: {v}"))?;
    Ok(Some(SmtpConfig {
        host: host.to_owned(),
        port: port
            .parse()
            .with_context(|| format!("QABYLDAU_SMTP port is not a number: {v}"))?,
        from: from.trim().to_owned(),
        security: SmtpSecurity::None,
        username: None,
        password: None,
        ca_file: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_leptos_toml_is_valid_and_environment_overrides_it() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
        let text = std::fs::read_to_string(path).unwrap();
        let mut config: Config = toml::from_str(&text).unwrap();
        assert_eq!(config.site_addr.port(), 3000);
        assert!(config.database_url.starts_with("sqlite://"));
        config
            .apply_env(|name| match name {
                "QABYLDAU_SITE_ADDR" => Some("127.0.0.1:4000".into()),
                "DATABASE_URL" => Some("postgres://localhost/x".into()),
                "QABYLDAU_DEMO_DATA" => Some("false".into()),
                _ => None,
            })
            .unwrap();
        assert_eq!(config.site_addr.port(), 4000);
        assert_eq!(config.database_url, "postgres://localhost/x");
        assert!(!config.demo_data);
    }

    #[test]
    fn a_bad_address_in_the_environment_is_an_error_not_a_silent_default() {
        let mut config = Config::default();
        let err = config
            .apply_env(|name| (name == "QABYLDAU_SITE_ADDR").then(|| "nowhere".into()))
            .unwrap_err();
        assert!(err.to_string().contains("QABYLDAU_SITE_ADDR"));
    }

    #[test]
    fn an_smtp_password_is_refused_without_tls_and_never_printed() {
        let env = |security: &'static str| {
            move |name: &str| match name {
                "QABYLDAU_SMTP" => Some("mail.example.kz:587 noreply@example.kz".to_string()),
                "QABYLDAU_SMTP_USERNAME" => Some("qabyldau".into()),
                "QABYLDAU_SMTP_PASSWORD" => Some("s3cret".into()),
                "QABYLDAU_SMTP_SECURITY" => Some(security.into()),
                _ => None,
            }
        };
        let err = Config::default().apply_env(env("none")).unwrap_err();
        assert!(err.to_string().contains("STARTTLS"), "{err}");
        let mut config = Config::default();
        config.apply_env(env("starttls")).unwrap();
        let smtp = config.smtp.as_ref().unwrap();
        assert_eq!(smtp.security, SmtpSecurity::Starttls);
        assert_eq!(smtp.port, 587);
        assert!(!format!("{config:?}").contains("s3cret"));
        let err = Config::default().apply_env(env("ssl")).unwrap_err();
        assert!(err.to_string().contains("QABYLDAU_SMTP_SECURITY"), "{err}");
    }
}
