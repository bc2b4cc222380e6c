//! Builds the application state and the axum router: Leptos pages and server functions,
//! static files, health check, CSRF protection and security headers.

use app::store::{self, AppState};
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::{HeaderValue, Method, StatusCode, header};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use migrations::{Migrator, MigratorTrait};
use sea_orm::DbErr;

/// Connects to the database and brings its schema up to date. Instances started together on
/// one PostgreSQL database take turns (an advisory lock): the first migrates, the others then
/// find nothing left to do.
pub async fn database(url: &str) -> Result<sea_orm::DatabaseConnection, DbErr> {
    let db = store::connect(url).await?;
    let turn = store::write::schema_lock(&db).await?;
    Migrator::up(&db, None).await?;
    let backfilled = store::backfill::run(&db)
        .await
        .map_err(|e| DbErr::Custom(format!("backfill: {e:?}")))?;
    store::optimize(&db, backfilled.iter().any(|(_, rows)| *rows > 0)).await?;
    turn.release().await?;
    Ok(db)
}

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The pages of the route table, listed once per process: listing renders the application in
/// a mode of its own, which must not overlap a page being served (a second router, as the
/// tests build, would otherwise list them again beside live renders).
pub fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    crate::executor::install();
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application for `state`.
pub fn router(state: AppState) -> Router {
    let routes = page_routes();
    let options = state.leptos_options.clone();
    let contract = openapi(&routes);
    let bundle = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    Router::new()
        .route("/healthz", get(healthz))
        // The bundle and the design system, sent brotli- or gzip-compressed to browsers
        // that accept it.
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            tower_http::services::ServeDir::new(bundle)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .nest_service(
            "/dsfr",
            tower_http::services::ServeDir::new(std::path::Path::new(options.site_root.as_ref()).join("dsfr"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .route(
            "/openapi.json",
            get(move || {
                let contract = contract.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], contract.to_string()) }
            }),
        )
        .route("/pilotage/export", get(app::api::pilotage::server::export))
        .route("/documents/{kind}", get(app::api::documents::server::download))
        .route("/pourvois/{id}/pieces", post(app::api::dossiers::server::upload_piece))
        .route(
            "/pourvois/{id}/pieces/{piece}",
            get(app::api::dossiers::server::download_piece),
        )
        .route("/flux", get(app::api::dossiers::server::flux))
        .route("/sw.js", get(crate::offline::service_worker))
        .route("/hors-ligne.html", get(crate::offline::shell))
        .route("/hors-ligne-demarrage.js", get(crate::offline::boot))
        .leptos_routes_with_context(&state, routes, per_request, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            per_request,
            shell,
        ))
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn(retry_busy))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(middleware::from_fn(csrf))
        // Rôle imports carry whole files (100,000 lines is about 8 MiB).
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Last resort: a panic answers a French 500 (and is logged), never a dropped connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

/// What each page render and server function call gets for itself: the memo of its session.
fn per_request() {
    leptos::prelude::provide_context(app::api::guard::SessionMemo::default());
}

/// The OpenAPI contract of this router: its server functions, plain routes and `pages`.
pub fn openapi(pages: &[leptos_axum::AxumRouteListing]) -> std::sync::Arc<str> {
    let paths: Vec<String> = pages.iter().map(|r| r.path().to_owned()).collect();
    app::api::openapi::document(&paths).to_string().into()
}

/// Leptos options for a server run from the workspace root (site in `target/site`).
pub fn leptos_options(listen: &str) -> Result<LeptosOptions, String> {
    let mut options = leptos::config::get_configuration(None)
        .map_err(|e| format!("configuration Leptos invalide : {e}"))?
        .leptos_options;
    if !listen.is_empty() {
        options.site_addr = listen
            .parse()
            .map_err(|_| format!("adresse d'écoute invalide : « {listen} »"))?;
    }
    Ok(bundle_names(options))
}

/// With the content-hashed names of `scripts/build.sh` (a `hash.txt` in the site), the
/// pages name the bundle files by their hash (Leptos reads the hash file).
pub fn bundle_names(mut options: LeptosOptions) -> LeptosOptions {
    let file = std::path::Path::new(options.site_root.as_ref()).join("hash.txt");
    if let Ok(file) = std::fs::canonicalize(file) {
        // An absolute path: Leptos joins it to the executable's folder, which it replaces.
        options.hash_file = file.to_string_lossy().into();
        options.hash_files = true;
    } else {
        options.hash_files = false;
    }
    options
}

/// How long a browser keeps a file of the application: a content-hashed bundle file for
/// good (a release changes its name: `greffe.<hash>.wasm`, a page's `split_….<hash>.wasm`),
/// the design system's for a day, any other after revalidation.
fn asset_cache_policy(path: &str) -> &'static str {
    let hashed = path
        .strip_prefix("/pkg/")
        .filter(|name| !name.contains('/'))
        .is_some_and(|name| {
            let mut parts = name.rsplitn(3, '.');
            let (ext, hash, stem) = (parts.next(), parts.next(), parts.next());
            matches!(ext, Some("js" | "wasm" | "css"))
                && stem.is_some_and(|s| !s.is_empty())
                && hash.is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
    if hashed {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/dsfr/") {
        // The design system's files change with its version, a few times a year.
        "public, max-age=86400"
    } else {
        "no-cache"
    }
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if store::ping(&state.db).await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "base de données injoignable")
    }
}

/// How many times a request answered "busy" is sent again.
const BUSY_RETRIES: u32 = 5;

/// The one place where a write that met another writer's lock (`AppError::Busy`: a PostgreSQL
/// deadlock or serialisation failure, a SQLite file held by another process) is tried again:
/// such a request changed nothing, so it is sent again as it came, after a short random pause.
async fn retry_busy(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Requête refusée : elle dépasse la taille admise ou n'a pas pu être lue.",
            )
                .into_response();
        }
    };
    let mut attempt = 0;
    loop {
        let res = next
            .clone()
            .run(Request::from_parts(parts.clone(), Body::from(bytes.clone())))
            .await;
        if attempt >= BUSY_RETRIES || !res.headers().contains_key(app::api::guard::BUSY_HEADER) {
            return res;
        }
        attempt += 1;
        let pause = {
            use rand::Rng;
            rand::thread_rng().gen_range(5..=25) * u64::from(attempt)
        };
        tracing::info!(attempt, pause_ms = pause, uri = %parts.uri, "database busy, request sent again");
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
    }
}

/// The one place where a server function's error gets its HTTP status when the function
/// could not set it itself: a body that does not decode (invalid JSON, wrong types, missing
/// fields) is refused before the function runs, and would otherwise answer 500.
async fn error_status(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "Erreur interne.").into_response(),
    };
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Refuses state-changing requests that a browser sent from another site. Browsers send
/// `Sec-Fetch-Site` (and `Origin`) on every POST; clients that send neither are not browsers
/// and cannot carry a victim's cookies.
async fn csrf(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => host.is_some_and(|h| origin.split_once("://").is_some_and(|(_, rest)| rest == h)),
    };
    let site_ok = matches!(fetch_site, None | Some("same-origin") | Some("none"));
    if origin_ok && site_ok {
        next.run(req).await
    } else {
        tracing::warn!(?fetch_site, "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            "Requête refusée : elle ne provient pas de Greffe.",
        )
            .into_response()
    }
}

/// Headers every response carries; pages set their own CSP with a nonce.
async fn security_headers(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let shared_asset = is_shared_asset(&path);
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        res = with_page_csp(res).await;
    }
    let h = res.headers_mut();
    // Pages, server functions and documents carry personal data: never kept by a browser
    // or a proxy. Only the application's own files (code, styles, fonts, icons) may be.
    if !h.contains_key(header::CACHE_CONTROL) {
        let policy = if shared_asset {
            asset_cache_policy(&path)
        } else {
            "no-store"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    if path.starts_with("/pkg/") || path.starts_with("/dsfr/") {
        // A compressed or a plain copy, after the browser's Accept-Encoding.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
        );
    }
    if state.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// A page that came without its Content-Security-Policy although its scripts carry a nonce
/// (Leptos's response options did not reach the response: seen once in some hundred page
/// loads of the browser suite, the page then never hydrated). The policy is written from
/// the nonce of the page's first script, in its head, before any content.
async fn with_page_csp(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "Erreur interne.").into_response();
    };
    if let Some(nonce) = page_nonce(&bytes)
        && let Ok(value) = HeaderValue::from_str(&app::page_csp(&nonce))
    {
        tracing::warn!("a page came without its Content-Security-Policy: written from its nonce");
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The nonce of the first script of `html` (base64 characters only).
fn page_nonce(html: &[u8]) -> Option<String> {
    let head = &html[..html.len().min(64 * 1024)];
    let at = head.windows(8).position(|w| w == b" nonce=\"")? + 8;
    let len = head[at..].iter().position(|b| *b == b'"')?;
    let nonce = &head[at..at + len];
    (!nonce.is_empty() && nonce.iter().all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(b)))
        .then(|| String::from_utf8_lossy(nonce).into_owned())
}

/// Files of the application itself, the same for every user (no personal data).
fn is_shared_asset(path: &str) -> bool {
    const DIRS: [&str; 3] = ["/pkg/", "/dsfr/", "/modeles/"];
    const FILES: [&str; 9] = [
        ".js",
        ".css",
        ".wasm",
        ".woff2",
        ".woff",
        ".svg",
        ".png",
        ".ico",
        ".webmanifest",
    ];
    DIRS.iter().any(|d| path.starts_with(d))
        || (!path.starts_with("/api/")
            && !path.starts_with("/documents/")
            && !path.starts_with("/pourvois/")
            && FILES.iter().any(|ext| path.ends_with(ext)))
}

/// The answer to a request whose handler panicked (a defect: logged as an error).
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("?");
    tracing::error!(panic = what, "handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Erreur interne : l'opération n'a pas été effectuée.",
    )
        .into_response()
}

#[cfg(test)]
mod csp_tests {
    use super::{page_nonce, with_page_csp};

    #[tokio::test]
    async fn a_page_without_its_policy_gets_it_from_its_nonce_and_keeps_its_body() {
        let page = r#"<!DOCTYPE html><html><head><script src="/a.js" nonce="n0nce"></script></head></html>"#;
        let res = axum::response::Response::builder()
            .header(http::header::CONTENT_TYPE, "text/html; charset=utf-8")
            .body(axum::body::Body::from(page))
            .unwrap();
        let res = with_page_csp(res).await;
        let csp = res.headers()[http::header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("script-src 'nonce-n0nce'"), "{csp}");
        let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        assert_eq!(&body[..], page.as_bytes());
    }

    #[test]
    fn the_nonce_is_read_from_the_first_script_only_when_well_formed() {
        let page = br#"<html><head><script src="/greffe-coffre.js" nonce="Ab3+/x=="></script><script nonce="other">"#;
        assert_eq!(page_nonce(page).as_deref(), Some("Ab3+/x=="));
        assert_eq!(page_nonce(br#"<script nonce="a'b">"#), None);
        assert_eq!(page_nonce(br#"<script nonce="">"#), None);
        assert_eq!(page_nonce(b"<p>no script</p>"), None);
    }
}
