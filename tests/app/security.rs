//! Security headers and limits on every response (issue 12): the Content-Security-Policy with
//! the nonce of the page's own inline script and nothing else inline, no sniffing, no
//! referrer, no framing, no powerful browser features, HSTS over https; slow clients cut off.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{run, same_origin, spawn_app, Engine};
use qabyldau::server::config::Config;

/// An instance with `config` on a fresh database; its address.
async fn instance(config: Config) -> String {
    let app = spawn_app(Engine::Sqlite).await.unwrap();
    let config = Config {
        site_addr: "127.0.0.1:0".parse().unwrap(),
        ..config
    };
    let b = qabyldau::app::Application::build(config, app.store.clone())
        .await
        .unwrap();
    let address = b.address().to_string();
    tokio::spawn(b.run_until(std::future::pending()));
    address
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[test]
fn every_response_carries_the_security_headers_and_a_page_the_nonce_of_its_script() {
    run(async {
        let app = spawn_app(Engine::Sqlite).await.unwrap();
        let nonce_of = |csp: &str| {
            csp.split("'nonce-")
                .nth(1)
                .and_then(|r| r.split('\'').next())
                .unwrap_or_default()
                .to_owned()
        };
        let mut nonces = Vec::new();
        for path in ["/request", "/request"] {
            let res = app.client.get(app.url(path)).send().await.unwrap();
            let csp = header(&res, "content-security-policy");
            for directive in [
                "default-src 'self'",
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ] {
                assert!(csp.contains(directive), "{directive} in {csp}");
            }
            assert!(
                !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
                "{csp}"
            );
            let nonce = nonce_of(&csp);
            assert!(nonce.len() >= 16, "{csp}");
            let page = res.text().await.unwrap();
            // Every inline script of the page carries the nonce; there is at least one (the
            // hydration script), and no element has an inline style or handler.
            let scripts = page.matches("<script").count();
            assert!(scripts >= 1);
            assert_eq!(
                page.matches(&format!("nonce=\"{nonce}\"")).count(),
                scripts,
                "{page}"
            );
            assert!(!page.contains(" style=\"") && !page.contains(" onclick="));
            nonces.push(nonce);
        }
        assert_ne!(nonces[0], nonces[1], "a nonce is used once");
        // A page rendered for a form posted without JavaScript has its own nonce too.
        let res = app
            .client
            .post(app.url("/status"))
            .form(&[("number", "KRG-2026-000001"), ("iin", "900101300012")])
            .send()
            .await
            .unwrap();
        let csp = header(&res, "content-security-policy");
        let page = res.text().await.unwrap();
        let nonce = nonce_of(&csp);
        assert!(
            !nonce.is_empty() && page.contains(&format!("nonce=\"{nonce}\"")),
            "{csp}"
        );
        // Everything else runs nothing and is never framed.
        for path in ["/healthz", "/api/schedule?month=2026-12", "/no-such-page"] {
            let res = app.client.get(app.url(path)).send().await.unwrap();
            let csp = header(&res, "content-security-policy");
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            if path != "/no-such-page" {
                assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
            }
        }
        for path in ["/", "/healthz", "/staff/login"] {
            let res = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{path}");
            assert_eq!(header(&res, "referrer-policy"), "same-origin", "{path}");
            assert_eq!(header(&res, "x-frame-options"), "DENY", "{path}");
            let permissions = header(&res, "permissions-policy");
            assert!(permissions.contains("camera=()") && permissions.contains("geolocation=()"));
            assert_eq!(
                header(&res, "strict-transport-security"),
                "",
                "not over http"
            );
        }
        // Behind a proxy that says https: HSTS.
        let proxied = instance(Config {
            behind_proxy: true,
            ..Config::default()
        })
        .await;
        let client = reqwest::Client::builder()
            .default_headers(same_origin(&format!("http://{proxied}")))
            .build()
            .unwrap();
        let res = client
            .get(format!("http://{proxied}/"))
            .header("x-forwarded-proto", "https")
            .send()
            .await
            .unwrap();
        assert!(header(&res, "strict-transport-security").starts_with("max-age=31536000"));
        let res = client
            .get(format!("http://{proxied}/"))
            .send()
            .await
            .unwrap();
        assert_eq!(header(&res, "strict-transport-security"), "");
    });
}

/// Reads until the server answers or closes; what it sent, and whether it closed.
async fn answer(stream: &mut tokio::net::TcpStream) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(8), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server neither answered nor closed a slow client"),
        }
        if got.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[test]
fn a_client_too_slow_with_its_headers_or_its_body_is_cut_off() {
    run(async {
        let address = instance(Config {
            slow_client_seconds: 1,
            ..Config::default()
        })
        .await;
        // Headers that never end: the connection is closed.
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .unwrap();
        let started = std::time::Instant::now();
        let said = answer(&mut stream).await;
        assert!(
            said.is_empty() || said.starts_with("HTTP/1.1 408"),
            "{said}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        // A body that stops half-way: refused, not waited for.
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        let head = format!(
            "POST /status HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nnumber=KRG"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let said = answer(&mut stream).await;
        assert!(
            said.is_empty() || said.starts_with("HTTP/1.1 4"),
            "a slow body is refused: {said}"
        );
        // A client that is not slow is served as ever.
        let res = reqwest::get(format!("http://{address}/healthz"))
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    });
}
