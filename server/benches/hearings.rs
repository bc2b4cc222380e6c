//! Hearing benchmarks (`make bench`): prints figures, asserts nothing about time.
//!
//! On a SQLite file seeded with the `tribunal` profile (one TJ over five years), imports a
//! 60-affaire rôle through the real router, then opens that audience repeatedly through the
//! `audience` server function and prints the latency distribution (target: p95 < 30 ms).

use app::store::{self, AppState};
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use http::{Request, header};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const RUNS: usize = 300;

async fn call(
    router: &axum::Router,
    path: &str,
    body: String,
    json: bool,
    cookie: Option<&str>,
) -> (u16, String, Option<String>) {
    let mut req = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            if json {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            },
        )
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status().as_u16();
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("greffe_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned(), cookie)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let path = std::env::temp_dir().join("greffe-bench-tribunal.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = server::startup::database(&url).await.expect("database");
    let started = Instant::now();
    let today = store::cases::paris_today();
    store::seed::run(&db, store::seed::Profile::Tribunal, today, &mut |line| {
        println!("  seed: {line}")
    })
    .await
    .expect("seed");
    println!(
        "seed tribunal (or reuse of {}): {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );

    let options = leptos::config::LeptosOptions::builder()
        .output_name("greffe")
        .site_root("target/site")
        .build();
    let state = AppState {
        db: db.clone(),
        leptos_options: options,
        secure_cookies: false,
    };
    let router = server::startup::router(state).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    let login = format!(
        "email=greffier.lyon%40demo.greffe.fr&password={}",
        store::seed::DEMO_PASSWORD
    );
    let (_, _, cookie) = call(&router, "/api/connexion", login, false, None).await;
    let cookie = cookie.expect("greffier session");

    // A new audience with a 60-affaire rôle imported through the server functions.
    let date = (today + chrono::Duration::days(3650)).to_string();
    let form = serde_json::json!({ "form": {
        "date": date, "heure_debut": "09:00", "chambre": "Banc d'essai", "formation": "juge_unique",
        "president": "P", "assesseurs": "", "ministere_public": "MP", "greffier": "G",
        "prevues": "60", "maximum": "60", "duree_estimee_min": "600" } });
    let (status, body, _) = call(&router, "/api/audience_creer", form.to_string(), true, Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    let audience: String = serde_json::from_str(&body).unwrap();
    let mut csv = String::from(
        "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n",
    );
    // Numbers unique per run: the database is kept between runs.
    let run = chrono::Utc::now().timestamp();
    for i in 1..=60 {
        for natinf in ["11886", "11371"] {
            csv.push_str(&format!(
                "B{run}/{i:03};{i};NOM{i};Prénom;01/01/1980;libre;COPJ;CMP;{natinf};;\n"
            ));
        }
    }
    let import = serde_json::json!({ "audience_id": audience, "format": "csv", "contenu": csv, "confirmer": true });
    let t = Instant::now();
    let (status, body, _) = call(&router, "/api/role_importer", import.to_string(), true, Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    println!(
        "import of a 60-affaire, 120-line rôle: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    // Dry run of a 50,000-line file (30 affaires, many prévenus): parse, check, report.
    let mut big = String::from(
        "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n",
    );
    for i in 0..50_000 {
        big.push_str(&format!(
            "G{run}/{:02};;NOM{i};Prénom;;libre;COPJ;CMP;11886;;\n",
            i % 30
        ));
    }
    let dry = serde_json::json!({ "audience_id": audience, "format": "csv", "contenu": big, "confirmer": false });
    let t = Instant::now();
    let (status, body, _) = call(&router, "/api/role_importer", dry.to_string(), true, Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    println!(
        "dry run of a 50,000-line file ({:.1} MiB): {:.0} ms",
        big.len() as f64 / 1_048_576.0,
        t.elapsed().as_secs_f64() * 1e3
    );

    let open = serde_json::json!({ "id": audience }).to_string();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let (status, body, _) = call(&router, "/api/audience", open.clone(), true, Some(&cookie)).await;
        times.push(t.elapsed());
        assert_eq!(status, 200, "{body}");
    }
    times.sort();
    println!(
        "open an audience of 60 affaires (server function, {RUNS} runs): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (target p95 < 30 ms)",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
    );
    println!("(the database file is kept for the next run: {})", path.display());
}
