# Greffe: `make run` serves the application on SQLite with demo data; `make test` runs
# every check and test. Both install what is missing first.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
GREFFE := ./target/release/greffe
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test deps build lint unit integration e2e fuzz bench load clean

deps:
	@scripts/deps.sh

build: deps
	scripts/build.sh release

run: build
	$(GREFFE) seed --profile demo
	@echo
	@echo "Greffe : http://127.0.0.1:3000"
	@echo "Comptes de démonstration (mot de passe : greffe-demo-2026) :"
	@echo "  greffier.lyon@demo.greffe.fr          admin.lyon@demo.greffe.fr"
	@echo "  magistrat-siege.cassation@demo.greffe.fr  dsgj.lyon@demo.greffe.fr"
	@echo "  chef-juridiction.lyon@demo.greffe.fr  (et chaque rôle en .strasbourg / .cassation)"
	@echo
	$(GREFFE) serve

lint: deps
	cargo fmt --all -- --check
	cargo clippy -p domain -p print -p app --features ssr -p server -p migrations --all-targets -- -D warnings
	cargo clippy -p domain -p app --features hydrate -p frontend --target wasm32-unknown-unknown -- -D warnings

# One cargo invocation: the dependencies are built once, with the features the integration
# tests build them with (separate invocations rebuilt serde, axum, Typst… per package).
unit: deps
	cargo test -p domain -p print -p app -p server --features app/ssr --lib

# The same integration suite runs on a fresh SQLite file and a fresh PostgreSQL database.
integration: deps
	@scripts/test-deps.sh
	GREFFE_TEST_PG_URL=$(PG_URL) cargo test -p server --test api

# The browser suite runs on SQLite, then on PostgreSQL, against the tests' build: the server
# the integration tests already compiled (dev profile) and a lightly optimised wasm.
e2e: deps
	@scripts/test-deps.sh
	scripts/build.sh ci
	cd end2end && npx playwright test
	cd end2end && E2E_DATABASE=postgres npx playwright test

# schemathesis (PyPI, in target/fuzz-venv) walks /openapi.json against the tests' server on
# a fresh SQLite file: anonymous, forged (another juridiction's ids) and own sessions; fails on
# any 5xx, dropped connection, server ERROR line, or change made by the first two.
fuzz: deps
	cargo build -p server --bin greffe
	python3 scripts/fuzz.py

test: lint unit integration fuzz e2e

# Figures, not assertions: seeds the tribunal profile once (kept in the temp directory); pages
# under load (wrk) against the login page, the stock page on the cassation profile (both backends).
bench: deps build
	cargo bench -p server --bench figures
	python3 scripts/batch60.py $(GREFFE)
	@command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	@scripts/test-deps.sh
	python3 scripts/pages.py $(GREFFE)
	cd end2end && GREFFE_BIN=./target/release/greffe npx playwright test -c playwright.bench.config.ts

# Figures, not assertions: simulated greffiers (LOAD_GREFFIERS, 32) for LOAD_SECONDS (60) on a
# SQLite file, then on two instances over one PostgreSQL (one killed with SIGKILL mid-way);
# fails on a 5xx, a lost or duplicated write, or figures that differ from a recount.
load: build
	@scripts/test-deps.sh
	node scripts/load.mjs

clean:
	cargo clean
	rm -rf public/dsfr
