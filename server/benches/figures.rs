//! Benchmarks (`make bench`): print figures, assert nothing about time.
//!
//! Hearings: imports a 60-affaire rôle through the real router, then opens that audience
//! repeatedly through the `audience` server function (target: p95 < 30 ms).
//! Pilotage: every indicator's dashboard through its server function, the `/pilotage` page's
//! server time, and the pre-aggregated read against a full recount (targets: query p95
//! < 50 ms, page p95 < 100 ms).
//!
//! Dossiers: search by number, party and avocat, the live stock and the task list of the
//! Cour de cassation through their server functions (target: search p95 < 50 ms). The
//! `cassation` profile seeds the national volume of pourvois alone, in about a minute.
//!
//! Database: `GREFFE_BENCH_URL` (default: a SQLite file in the temp directory, kept between
//! runs), seeded with `GREFFE_BENCH_PROFILE` (default `tribunal`; `national` is ~2.5 million
//! affaires and takes long to seed once).

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
    let profile = std::env::var("GREFFE_BENCH_PROFILE").unwrap_or_else(|_| "tribunal".into());
    let url = std::env::var("GREFFE_BENCH_URL").unwrap_or_else(|_| {
        let path = std::env::temp_dir().join(format!("greffe-bench-{profile}.db"));
        format!("sqlite://{}?mode=rwc", path.display())
    });
    let db = server::startup::database(&url).await.expect("database");
    let started = Instant::now();
    let today = app::domain::dates::paris_today(chrono::Utc::now());
    store::seed::run(&db, profile.parse().expect("profile"), today, &mut |line| {
        println!("  seed: {line}")
    })
    .await
    .expect("seed");
    println!(
        "seed {profile} (or reuse) on {}: {:.1} s",
        url.split('?').next().unwrap_or_default(),
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
        live: Default::default(),
        offline: Default::default(),
        trusted_proxies: Default::default(),
        // Greffe's own templates only: typeset in this process.
        composer: None,
    };
    let router = server::startup::router(state).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    dossiers(&router).await;
    if profile == "cassation" {
        println!("(the database is kept for the next run)");
        return;
    }
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
    report(
        "open an audience of 60 affaires (server function)",
        &mut times,
        "target p95 < 30 ms",
    );
    // Every document of that audience in one action (rôle, notes; no decision yet), as a
    // ZIP of PDF/A typeset with Typst, then as ODT.
    for format in ["pdf", "odt"] {
        let req = Request::get(format!("/documents/lot-audience?id={audience}&format={format}"))
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let t = Instant::now();
        let res = router.clone().oneshot(req).await.unwrap();
        let status = res.status().as_u16();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        println!(
            "every document of a 60-affaire audience, one ZIP of {format}: {:.2} s, {} kB",
            t.elapsed().as_secs_f64(),
            bytes.len() / 1000
        );
    }
    pilotage(&router, &db).await;
    println!("(the database is kept for the next run)");
}

/// Times `body` posted to `path` `RUNS` times; every answer must be 200.
async fn time_calls(router: &axum::Router, cookie: &str, path: &str, body: String) -> Vec<Duration> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let (status, answer, _) = call(router, path, body.clone(), true, Some(cookie)).await;
        times.push(t.elapsed());
        assert_eq!(status, 200, "{path}: {answer}");
    }
    times
}

async fn dossiers(router: &axum::Router) {
    let login = format!(
        "email=greffier.cassation%40demo.greffe.fr&password={}",
        store::seed::DEMO_PASSWORD
    );
    let (_, _, cookie) = call(router, "/api/connexion", login, false, None).await;
    let cookie = cookie.expect("greffier session");
    let (_, stock, _) = call(router, "/api/pourvois_stock", "{}".into(), true, Some(&cookie)).await;
    let stock: app::domain::pourvoi::Stock = serde_json::from_str(&stock).unwrap();
    println!("dossiers: {} pourvois in stock", stock.total);
    let mut all = Vec::new();
    for (what, q) in [
        ("number prefix", serde_json::json!({ "q": "24-1" })),
        ("party name", serde_json::json!({ "q": "durand" })),
        (
            "party, chambre and stade",
            serde_json::json!({ "q": "martin", "chambre": "civ2", "stade": "distribue" }),
        ),
        (
            "age band and chambre",
            serde_json::json!({ "chambre": "crim", "tranche": "12-24" }),
        ),
    ] {
        let mut times = time_calls(
            router,
            &cookie,
            "/api/pourvois_recherche",
            serde_json::json!({ "criteres": q }).to_string(),
        )
        .await;
        all.extend_from_slice(&times);
        report(&format!("search by {what}"), &mut times, "target p95 < 50 ms");
    }
    report("every search together", &mut all, "target p95 < 50 ms");
    let mut times = time_calls(router, &cookie, "/api/pourvois_stock", "{}".into()).await;
    report("live stock (chambre × stade × age band)", &mut times, "no target set");
    let mut times = time_calls(router, &cookie, "/api/taches", r#"{"chambre":null}"#.into()).await;
    report("task list of the greffe", &mut times, "no target set");
}

fn report(what: &str, times: &mut [Duration], target: &str) {
    times.sort();
    println!(
        "{what} ({} runs): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({target})",
        times.len(),
        percentile(times, 0.5).as_secs_f64() * 1e3,
        percentile(times, 0.95).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
    );
}

async fn pilotage(router: &axum::Router, db: &sea_orm::DatabaseConnection) {
    use app::domain::indicator::INDICATORS;
    const N: usize = 100;
    let login = format!(
        "email=dsgj.lyon%40demo.greffe.fr&password={}",
        store::seed::DEMO_PASSWORD
    );
    let (_, _, cookie) = call(router, "/api/connexion", login, false, None).await;
    let dsgj = cookie.expect("dsgj session");
    let login = format!(
        "email=dsgj.cassation%40demo.greffe.fr&password={}",
        store::seed::DEMO_PASSWORD
    );
    let (_, _, cookie) = call(router, "/api/connexion", login, false, None).await;
    let cassation = cookie.expect("cassation session");
    let today = app::domain::dates::paris_today(chrono::Utc::now());
    let au = today.format("%Y-%m").to_string();
    let du5 = (today - chrono::Duration::days(5 * 365)).format("%Y-%m").to_string();
    let mut all = Vec::new();
    for i in INDICATORS {
        let cookie = match i.source {
            app::domain::indicator::Source::Audiences => &dsgj,
            app::domain::indicator::Source::Pourvois => &cassation,
        };
        for (window, du, pas, par) in [
            ("12 mois", "", "mois", "categorie"),
            ("5 ans par chambre", du5.as_str(), "trimestre", "chambre"),
        ] {
            let body = serde_json::json!({ "filtres": {
                "indicateur": i.id, "du": du, "au": if du.is_empty() { "" } else { au.as_str() },
                "pas": pas, "par": par, "n1": true } })
            .to_string();
            let mut times = Vec::with_capacity(N);
            for _ in 0..N {
                let t = Instant::now();
                let (status, res, _) = call(router, "/api/tableau_de_bord", body.clone(), true, Some(cookie)).await;
                times.push(t.elapsed());
                assert_eq!(status, 200, "{res}");
            }
            all.extend(times.iter().copied());
            report(
                &format!("dashboard « {} », {window}, with N-1 and chart", i.id.code()),
                &mut times,
                "target p95 < 50 ms",
            );
        }
    }
    report("every dashboard query together", &mut all, "target p95 < 50 ms");

    let mut times = Vec::with_capacity(N);
    for _ in 0..N {
        let req = Request::get("/pilotage?indicateur=affaires&n1=1")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &dsgj)
            .body(Body::empty())
            .unwrap();
        let t = Instant::now();
        let res = router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let _ = res.into_body().collect().await.unwrap();
        times.push(t.elapsed());
        assert!(status.is_success(), "{status}");
    }
    report("/pilotage page, server time (SSR)", &mut times, "target p95 < 100 ms");

    let t = Instant::now();
    let cells = store::stats::stored(db).await.expect("stored");
    let read = t.elapsed();
    let t = Instant::now();
    let recount = store::stats::recount(db).await.expect("recount");
    let full = t.elapsed();
    println!(
        "all {} pre-aggregated cells read in {:.1} ms; the full GROUP BY recount they replace: {:.1} ms; equal: {}",
        cells.len(),
        read.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3,
        cells == recount
    );
}
