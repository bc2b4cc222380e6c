//! The installable-app side of offline hearings: the service worker, the offline shell and
//! its start script. All three name the bundle files actually built, and the service worker
//! carries a version computed from their content, so each release gets its own cache.

use app::store::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

const SERVICE_WORKER: &str = include_str!("sw.js");
const SHELL: &str = include_str!("shell.html");
const BOOT: &str = include_str!("boot.js");

/// The shell has no nonce: it is static and loads only same-origin scripts.
const SHELL_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The three documents, rendered once per process.
struct Rendered {
    service_worker: String,
    shell: String,
    boot: String,
}

static RENDERED: OnceLock<Rendered> = OnceLock::new();

/// Files of `dir` (relative to `root`, as URL paths), sorted; empty if it does not exist.
fn files(root: &Path, dir: &str, ext: &[&str]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| ext.iter().any(|x| n.ends_with(x)))
        .map(|n| format!("/{dir}/{n}"))
        .collect();
    out.sort();
    out
}

/// The name of the bundle's entry file with extension `ext` (`greffe.<hash>.js`…), not one
/// of the split modules beside it (`__wasm_split.<hash>.js`, `chunk_3.<hash>.wasm`).
fn entry(bundle: &[String], pkg: &str, ext: &str) -> String {
    let prefix = format!("/{pkg}/greffe.");
    bundle
        .iter()
        .find(|f| f.starts_with(&prefix) && f.ends_with(ext))
        .and_then(|f| f.rsplit('/').next())
        .unwrap_or_default()
        .to_owned()
}

fn render(state: &AppState) -> Rendered {
    let root = Path::new(state.leptos_options.site_root.as_ref());
    let pkg = state.leptos_options.site_pkg_dir.as_ref();
    let bundle = files(root, pkg, &[".js", ".wasm", ".css"]);
    let name = |ext: &str| entry(&bundle, pkg, ext);
    let (js, wasm, css) = (name(".js"), name(".wasm"), name(".css"));
    let shell = SHELL.replace("__CSS__", &css);
    let boot = BOOT.replace("__JS__", &js).replace("__WASM__", &wasm);
    let mut hasher = DefaultHasher::new();
    for f in &bundle {
        f.hash(&mut hasher);
        std::fs::read(root.join(f.trim_start_matches('/')))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    (&shell, &boot, SERVICE_WORKER).hash(&mut hasher);
    let mut precache: Vec<String> = [
        "/hors-ligne.html",
        "/hors-ligne-demarrage.js",
        "/greffe-coffre.js",
        "/manifest.webmanifest",
        "/favicon.svg",
        "/icones/greffe-192.png",
        "/icones/greffe-512.png",
        "/dsfr/dsfr.min.css",
        "/dsfr/utility/icons/icons.min.css",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    precache.extend(bundle);
    precache.extend(files(root, "dsfr/fonts", &[".woff2"]));
    let service_worker = SERVICE_WORKER
        .replace("__VERSION__", &format!("{:016x}", hasher.finish()))
        .replace(
            "__PRECACHE__",
            &serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into()),
        );
    Rendered {
        service_worker,
        shell,
        boot,
    }
}

fn rendered(state: &AppState) -> &'static Rendered {
    RENDERED.get_or_init(|| render(state))
}

fn reply(content_type: &'static str, body: String) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// `GET /sw.js`
pub async fn service_worker(State(state): State<AppState>) -> Response {
    reply(
        "text/javascript; charset=utf-8",
        rendered(&state).service_worker.clone(),
    )
}

/// `GET /hors-ligne.html`: the page the service worker serves when a page cannot be loaded.
pub async fn shell(State(state): State<AppState>) -> Response {
    let mut res = reply("text/html; charset=utf-8", rendered(&state).shell.clone());
    res.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(SHELL_CSP));
    res
}

/// `GET /hors-ligne-demarrage.js`
pub async fn boot(State(state): State<AppState>) -> Response {
    reply("text/javascript; charset=utf-8", rendered(&state).boot.clone())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_offline_shell_starts_the_entry_files_not_a_split_module() {
        let bundle: Vec<String> = [
            "/pkg/__wasm_split.0123456789abcdef.js",
            "/pkg/chunk_3.1111111111111111.wasm",
            "/pkg/greffe.0123456789abcdef.js",
            "/pkg/greffe.2222222222222222.css",
            "/pkg/greffe.3333333333333333.wasm",
            "/pkg/split_audiences_42.4444444444444444.wasm",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(super::entry(&bundle, "pkg", ".js"), "greffe.0123456789abcdef.js");
        assert_eq!(super::entry(&bundle, "pkg", ".wasm"), "greffe.3333333333333333.wasm");
        assert_eq!(super::entry(&bundle, "pkg", ".css"), "greffe.2222222222222222.css");
    }
}
