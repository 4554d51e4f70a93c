# Qabyldau: two commands.
#   make run    install what is missing, build (release), migrate + demo data, serve on :3000
#   make test   install what is missing, run every test suite (see README.md)
# Every install step checks first, so running either command again installs nothing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := 0.2.130
BINARYEN_VERSION := 132
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# Build tools only orchestrate: compiled cheaply they install in half the time (issue 13).
CHEAP_TOOL_PROFILE := CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 CARGO_PROFILE_RELEASE_DEBUG=false

.PHONY: help run test setup setup-browser-tests test-rust test-wasm test-e2e build-release bench drill fuzz

help:
	@echo "make run   - build and serve on http://127.0.0.1:3000 (SQLite under ./data, demo data)"
	@echo "make test  - all tests: Rust (SQLite; PostgreSQL when TEST_DATABASE_URL is set), wasm check, Playwright"

## Toolchain: the wasm target, cargo-leptos (no binary downloads), wasm-bindgen-cli, wasm-opt.
setup:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || { \
	  echo "==> adding the wasm32-unknown-unknown target (once, under a minute)"; \
	  rustup target add wasm32-unknown-unknown; }
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || { \
	  echo "==> installing cargo-leptos $(CARGO_LEPTOS_VERSION) (once, about 10 minutes on 2 cores)"; \
	  $(CHEAP_TOOL_PROFILE) cargo install --locked cargo-leptos --version $(CARGO_LEPTOS_VERSION) --features no_downloads; }
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || { \
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (once, about 2 minutes)"; \
	  $(CHEAP_TOOL_PROFILE) cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); }
	@cd end2end && { [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/@playwright/test ] && \
	  [ node_modules/.package-lock.json -nt package-lock.json ]; } || { \
	  echo "==> installing Playwright and binaryen's wasm-opt from npm (once, seconds)"; \
	  npm ci --no-audit --no-fund; }

## Browser tests need Debian's Chromium (never `playwright install`).
setup-browser-tests: setup
	@command -v chromium >/dev/null || { \
	  echo "==> installing Debian's chromium for the browser tests (once, a minute or two)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# Precompressed once at build time (brotli by cargo-leptos, gzip -9 over its weaker gzip),
# so the server sends the wasm bundle without compressing it for every new visitor.
build-release: setup
	@echo "==> building the release site: wasm bundle, then server (about 6 minutes the first time, seconds after)"
	cargo leptos build --release --precompress
	gzip -9 -k -f -n target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css

run: build-release
	@echo "==> serving on http://127.0.0.1:3000 (Ctrl-C stops)"
	./target/release/qabyldau serve

test: setup-browser-tests test-rust test-wasm test-e2e
	@echo "make test: all suites passed"

test-rust:
	@echo "==> Rust tests (about 3 minutes to build the first time)"
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then echo "Rust tests: SQLite and PostgreSQL ($${TEST_DATABASE_URL%%\?*})"; \
	  else echo "Rust tests: SQLite only (set TEST_DATABASE_URL=postgres://… to run the PostgreSQL half)"; fi
	cargo test --features ssr --all-targets

test-wasm:
	@echo "==> checking the browser half for wasm32 (about a minute the first time)"
	cargo check --lib --no-default-features --features hydrate --target wasm32-unknown-unknown

# Against the release build, the one `make run` serves: a release-only hydration failure once
# passed a suite run against the debug build.
test-e2e: build-release
	E2E_PORT=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	E2E_DB_DIR=$$(mktemp -d)
	trap 'rm -rf "$$E2E_DB_DIR"' EXIT
	export E2E_PORT E2E_DB_DIR
	cd end2end && npx playwright test

## Benchmarks (not part of `make test`): the rules (criterion) and submissions under load
## against the release server, each with its baseline measured in the same run.
bench: build-release
	cargo bench --features ssr --bench rules
	cargo bench --features ssr --bench load

## Reliability drills (README "Reliability drills"), the long runs of what `make test` runs short:
## 50 SIGKILLs of the release server under 64 submitting clients per engine, and PostgreSQL
## going away under load (set TEST_DATABASE_URL=postgres://… for the PostgreSQL half).
drill: build-release
	DRILL_ROUNDS=50 DRILL_BIN=$(CURDIR)/target/release/qabyldau \
	  cargo test --features ssr --test app -- --nocapture --test-threads 1 drill:: outage::

## Every parser under 10 million fuzzed inputs (and 25,000 bodies over HTTP), optimised build.
fuzz:
	FUZZ_INPUTS=10000000 cargo test --release --features ssr --test app -- --nocapture fuzz::
