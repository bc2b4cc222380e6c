//! Test harness: a fresh database (SQLite file or PostgreSQL database) with demo data,
//! the real router, and small HTTP helpers.

use app::error::AppError;
use app::store::{self, AppState};
use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

pub const PASSWORD: &str = app::store::seed::DEMO_PASSWORD;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub backend: Backend,
    pub db: DatabaseConnection,
    /// This instance's live events (a second instance on the same database has its own).
    pub live: store::live::Hub,
    router: Router,
    cleanup: Cleanup,
}

enum Cleanup {
    /// A second instance: the first one removes the database.
    None,
    File(std::path::PathBuf),
    Database {
        admin_url: String,
        name: String,
    },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    format!(
        "greffe_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

fn pg_admin_url() -> String {
    std::env::var("GREFFE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Runs `test` on a fresh SQLite database, then on a fresh PostgreSQL database.
pub async fn on_each_backend<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = TestApp>,
{
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = TestApp::spawn(backend).await;
        // A test that waits for ever is a failure that names its backend, not a hung suite.
        let app = tokio::time::timeout(std::time::Duration::from_secs(300), test(app))
            .await
            .unwrap_or_else(|_| panic!("{backend:?}: the test did not finish within 300 s"));
        app.cleanup().await;
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    /// The `AppError` a failed server function sent.
    pub fn error(&self) -> AppError {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not an AppError ({e}): {}", self.body))
    }

    /// The JSON value a successful server function sent.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        assert!(self.status.is_success(), "status {}: {}", self.status, self.body);
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", self.body))
    }

    /// The session token set by this response, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("greffe_session="))
            .map(str::to_owned)
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        let name = unique_name();
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                (format!("sqlite://{}?mode=rwc", path.display()), Cleanup::File(path))
            }
            Backend::Postgres => {
                let admin_url = pg_admin_url();
                let admin = store::connect(&admin_url)
                    .await
                    .expect("PostgreSQL on 127.0.0.1:5432 (make test starts it)");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
                (format!("{base}/{name}"), Cleanup::Database { admin_url, name })
            }
        };
        let db = server::startup::database(&url).await.unwrap();
        store::seed::run(
            &db,
            store::seed::Profile::Demo,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap(),
            &mut |_| {},
        )
        .await
        .unwrap();
        let live = store::live::Hub::for_db(&db);
        let router = instance(&db, live.clone(), &[]);
        Self {
            backend,
            db,
            live,
            router,
            cleanup,
        }
    }

    /// A second server instance on the same database (its own router and live events), as
    /// behind a load balancer.
    pub fn second_instance(&self) -> TestApp {
        let live = store::live::Hub::for_db(&self.db);
        TestApp {
            backend: self.backend,
            db: self.db.clone(),
            router: instance(&self.db, live.clone(), &[]),
            live,
            cleanup: Cleanup::None,
        }
    }

    /// This instance serving its site (bundle and static files) from the folder `site`.
    pub fn with_site(mut self, site: &str) -> Self {
        self.router = instance_on(&self.db, self.live.clone(), &[], site);
        self
    }

    /// The SQLite file of this instance's database, if it is one.
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        match &self.cleanup {
            Cleanup::File(path) => Some(path),
            _ => None,
        }
    }

    /// This instance's database behind a trusted reverse proxy on 127.0.0.1: requests from it
    /// name their client in `X-Forwarded-For` (see `post_from`).
    pub fn behind_proxy(&self) -> TestApp {
        let live = store::live::Hub::for_db(&self.db);
        TestApp {
            backend: self.backend,
            db: self.db.clone(),
            router: instance(&self.db, live.clone(), &[[127, 0, 0, 1].into()]),
            live,
            cleanup: Cleanup::None,
        }
    }

    /// A form POST from client `address`, as a trusted proxy forwards it.
    pub async fn post_from(&self, address: &str, path: &str, form: &[(&str, &str)]) -> TestResponse {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin")
            .header("x-forwarded-for", address)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn cleanup(self) {
        let TestApp {
            db,
            router,
            cleanup,
            live,
            ..
        } = self;
        live.close();
        drop(router);
        if matches!(cleanup, Cleanup::None) {
            // A second instance shares the first one's pool, which the first one closes.
            return;
        }
        // Closing waits for every connection to come back; one that does not is reported,
        // and the database is removed all the same.
        if tokio::time::timeout(std::time::Duration::from_secs(30), db.close())
            .await
            .is_err()
        {
            eprintln!("warning: a connection of the test database was not returned within 30 s");
        }
        match cleanup {
            Cleanup::None => {}
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                let admin = store::connect(&admin_url).await.unwrap();
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .unwrap();
            }
        }
    }

    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// POSTs a form to `path` as a same-origin browser request, with the session `cookie`.
    pub async fn post(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> TestResponse {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// POSTs a JSON body to `path` as a same-origin browser request (server functions with
    /// JSON input).
    pub async fn post_json(&self, path: &str, body: &serde_json::Value, cookie: Option<&str>) -> TestResponse {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap()).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut req = Request::get(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// The raw body of a GET (binary downloads).
    pub async fn get_bytes(&self, path: &str, cookie: Option<&str>) -> Vec<u8> {
        let mut req = Request::get(path).header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        res.into_body().collect().await.unwrap().to_bytes().to_vec()
    }

    /// POSTs a multipart form (text `fields` and one file field `fichier`) as a same-origin
    /// non-browser client (errors come back as statuses, not redirects).
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
        cookie: Option<&str>,
    ) -> TestResponse {
        const B: &str = "greffe-test-boundary-7f3a";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!("--{B}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{B}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={B}"))
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Opens a GET whose body streams (server-sent events): the status and the body. A
    /// reconnecting browser sends the id of the last event it received.
    pub async fn open_stream(&self, path: &str, cookie: &str, last_event_id: Option<&str>) -> (StatusCode, Body) {
        let mut req = Request::get(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, cookie);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let req = req.body(Body::empty()).unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        (res.status(), res.into_body())
    }

    /// Logs in and returns the `Cookie` header value to send afterwards.
    pub async fn login(&self, email: &str) -> String {
        let res = self
            .post(
                "/api/connexion",
                &[("email", email), ("password", PASSWORD), ("suivant", "/")],
                None,
            )
            .await;
        let set = res
            .session_cookie()
            .unwrap_or_else(|| panic!("no session for {email}: {} {}", res.status, res.body));
        set.split(';').next().unwrap().to_owned()
    }

    /// Id of the juridiction with `code`.
    pub async fn juridiction(&self, code: &str) -> i64 {
        store::accounts::juridiction_id_by_code(&self.db, code)
            .await
            .unwrap()
            .unwrap()
    }
}

/// The real router over `db`, as `greffe serve` builds it.
fn instance(db: &DatabaseConnection, live: store::live::Hub, trusted_proxies: &[std::net::IpAddr]) -> Router {
    instance_on(db, live, trusted_proxies, "target/site")
}

/// The real router, serving the site (bundle, static files) from `site`.
fn instance_on(
    db: &DatabaseConnection,
    live: store::live::Hub,
    trusted_proxies: &[std::net::IpAddr],
    site: &str,
) -> Router {
    let leptos_options = server::startup::bundle_names(
        leptos::config::LeptosOptions::builder()
            .output_name("greffe")
            .site_root(site)
            .build(),
    );
    let state = AppState {
        db: db.clone(),
        leptos_options,
        secure_cookies: false,
        live,
        offline: Default::default(),
        trusted_proxies: trusted_proxies.into(),
        // The juridictions' templates run in the real `greffe composer` process.
        composer: Some(std::sync::Arc::new(env!("CARGO_BIN_EXE_greffe").into())),
    };
    server::startup::router(state).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Today in Europe/Paris, as the server counts days.
/// The audience form of a juge unique hearing on `date` presided by `president`.
pub fn audience_form(date: &str, president: &str) -> serde_json::Value {
    serde_json::json!({
        "date": date, "heure_debut": "13:30", "chambre": "10e chambre correctionnelle",
        "formation": "juge_unique", "president": president, "assesseurs": "",
        "ministere_public": "M. Procureur", "greffier": "Mme Greffière",
        "prevues": "20", "maximum": "40", "duree_estimee_min": "240"
    })
}

pub fn paris_today() -> chrono::NaiveDate {
    app::domain::dates::paris_today(chrono::Utc::now())
}
