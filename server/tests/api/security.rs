//! HTTP hardening: CSRF refusal, security headers, CSP nonce, health check, error pages.

use crate::helpers::{PASSWORD, on_each_backend};
use axum::body::Body;
use http::{Request, header};

#[tokio::test]
async fn cross_site_posts_are_refused_before_any_work() {
    on_each_backend(|app| async move {
        for (site, origin) in [
            ("cross-site", "https://evil.example"),
            ("same-site", "http://evil.127.0.0.1:3000"),
        ] {
            let req = Request::post("/api/connexion")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::ORIGIN, origin)
                .header("sec-fetch-site", site)
                .body(Body::from(format!(
                    "email=greffier.lyon%40demo.greffe.fr&password={PASSWORD}"
                )))
                .unwrap();
            let res = app.send(req).await;
            assert_eq!(res.status, 403, "{site}");
            assert!(res.session_cookie().is_none());
        }
        // An Origin that does not match the Host is refused even without Sec-Fetch-Site.
        let req = Request::post("/api/deconnexion")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send(req).await.status, 403);
        app
    })
    .await;
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_hardening_headers() {
    on_each_backend(|app| async move {
        let res = app.get("/connexion", None).await;
        assert_eq!(res.status, 200);
        let csp = res
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(script_src.contains("'nonce-"), "{csp}");
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let nonce = script_src.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert!(
            res.body.contains(&format!("nonce=\"{nonce}\"")),
            "the hydration script carries the nonce"
        );
        assert_eq!(res.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(res.headers[header::REFERRER_POLICY], "same-origin");
        assert!(res.body.contains("<html lang=\"fr\""));
        // Another response, another nonce.
        let again = app.get("/connexion", None).await;
        assert_ne!(
            again.headers[header::CONTENT_SECURITY_POLICY],
            res.headers[header::CONTENT_SECURITY_POLICY]
        );
        app
    })
    .await;
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    on_each_backend(|app| async move {
        let res = app.get("/healthz", None).await;
        assert_eq!((res.status.as_u16(), res.body.as_str()), (200, "ok"));
        app
    })
    .await;
}

#[tokio::test]
async fn unknown_pages_are_404_and_protected_pages_redirect_visitors() {
    on_each_backend(|app| async move {
        let res = app.get("/nexiste-pas", None).await;
        assert_eq!(res.status, 404);
        assert!(res.body.contains("Page introuvable"));

        let res = app.get("/admin/journal", None).await;
        assert!(
            res.status.is_redirection(),
            "{} {:?} {}",
            res.status,
            res.headers,
            res.body
        );
        assert_eq!(res.headers[header::LOCATION], "/connexion?suivant=/admin/journal");

        let greffier = app.login("greffier.lyon@demo.greffe.fr").await;
        let res = app.get("/admin/utilisateurs", Some(&greffier)).await;
        assert_eq!(res.status, 403);
        assert!(res.body.contains("Accès refusé"));

        let res = app.get("/", Some(&greffier)).await;
        assert_eq!(res.status, 200);
        assert!(
            res.body.contains("Mes prochaines audiences"),
            "the home page renders the greffier's audiences on the server"
        );
        app
    })
    .await;
}

#[tokio::test]
async fn malformed_bodies_get_a_french_4xx_and_change_nothing() {
    on_each_backend(|app| async move {
        let g = app.login("greffier.lyon@demo.greffe.fr").await;
        let before = app
            .post_json("/api/audiences", &serde_json::json!({}), Some(&g))
            .await
            .body;
        let bodies: [(&str, Vec<u8>); 5] = [
            ("invalid JSON", b"{\"form\": ".to_vec()),
            ("wrong types", br#"{"form": {"date": 12, "prevues": []}}"#.to_vec()),
            ("missing fields", b"{}".to_vec()),
            ("invalid UTF-8", b"{\"form\": \"\xff\xfe\"}".to_vec()),
            ("nested brackets", "[".repeat(50_000).into_bytes()),
        ];
        for (what, body) in bodies {
            let req = Request::post("/api/audience_creer")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, &g)
                .body(Body::from(body))
                .unwrap();
            let res = app.send(req).await;
            assert!(res.status.is_client_error(), "{what}: {} {}", res.status, res.body);
            let message = res.error().to_string();
            assert!(message.starts_with("Requête invalide"), "{what}: {message}");
            assert!(!message.contains("expected"), "no English parser message: {message}");
        }
        let after = app
            .post_json("/api/audiences", &serde_json::json!({}), Some(&g))
            .await
            .body;
        assert_eq!(before, after, "nothing was created");
        app
    })
    .await;
}

#[tokio::test]
async fn login_never_sends_the_browser_off_site() {
    on_each_backend(|app| async move {
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\u{1}x",
        ] {
            let res = app
                .post(
                    "/api/connexion",
                    &[
                        ("email", "greffier.lyon@demo.greffe.fr"),
                        ("password", PASSWORD),
                        ("suivant", next),
                    ],
                    None,
                )
                .await;
            assert!(res.status.as_u16() < 400, "{next:?}: {} {}", res.status, res.body);
            assert_eq!(res.headers[header::LOCATION], "/", "{next:?}: {:?}", res.headers);
            assert!(res.session_cookie().is_some(), "{next:?}");
        }
        app
    })
    .await;
}

/// The bundle as scripts/build.sh leaves it: content-hashed names in hash.txt, brotli and
/// gzip copies. Pages name the hashed files; browsers get the compressed copy they accept
/// and keep hashed files for good, others after revalidation.
#[tokio::test]
async fn the_bundle_goes_compressed_and_is_cached_by_its_hashed_name() {
    use crate::helpers::{Backend, TestApp};
    let site = std::env::temp_dir().join(format!("greffe-site-{}", std::process::id()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let hash = "0123456789abcdef";
    for (name, content) in [
        (format!("greffe.{hash}.wasm"), "wasm, plain"),
        (format!("greffe.{hash}.wasm.br"), "wasm, brotli"),
        (format!("greffe.{hash}.wasm.gz"), "wasm, gzip"),
        (format!("greffe.{hash}.js"), "export default 1;"),
        (format!("greffe.{hash}.css"), "body {}"),
        (format!("split_page_view_42.{hash}.wasm"), "a page's module"),
        (format!("__wasm_split.{hash}.js"), "export const loader = 1;"),
        ("chunk_0.wasm".to_owned(), "unhashed"),
        (format!("greffe.{hash}.wasm.txt"), "not the bundle"),
        ("autre.js".to_owned(), "1"),
    ] {
        std::fs::write(pkg.join(name), content).unwrap();
    }
    std::fs::create_dir_all(site.join("dsfr")).unwrap();
    std::fs::write(site.join("dsfr/dsfr.min.css"), "dsfr, plain").unwrap();
    std::fs::write(site.join("dsfr/dsfr.min.css.br"), "dsfr, brotli").unwrap();
    std::fs::write(
        site.join("hash.txt"),
        format!("js: {hash}\nwasm: {hash}\ncss: {hash}\n"),
    )
    .unwrap();
    let app = TestApp::spawn(Backend::Sqlite).await.with_site(site.to_str().unwrap());
    let get = |path: &str, encoding: Option<&str>| {
        let mut req = Request::get(path).header(header::HOST, "127.0.0.1:3000");
        if let Some(e) = encoding {
            req = req.header(header::ACCEPT_ENCODING, e);
        }
        app.send(req.body(Body::empty()).unwrap())
    };
    let wasm = format!("/pkg/greffe.{hash}.wasm");
    for (encoding, body, sent_as) in [
        (Some("gzip, deflate, br"), "wasm, brotli", Some("br")),
        (Some("gzip"), "wasm, gzip", Some("gzip")),
        (None, "wasm, plain", None),
    ] {
        let res = get(&wasm, encoding).await;
        assert_eq!(res.status, 200, "{encoding:?}");
        assert_eq!(res.body, body, "{encoding:?}");
        assert_eq!(
            res.headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
            sent_as,
            "{encoding:?}"
        );
        assert_eq!(
            res.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.headers[header::VARY], "accept-encoding");
    }
    let dsfr = get("/dsfr/dsfr.min.css", Some("br")).await;
    assert_eq!((dsfr.status.as_u16(), &dsfr.body[..]), (200, "dsfr, brotli"));
    assert_eq!(dsfr.headers[header::CACHE_CONTROL], "public, max-age=86400");
    assert_eq!(dsfr.headers[header::VARY], "accept-encoding");
    // The modules of a split bundle too; a name without the hash is revalidated.
    for (path, policy) in [
        (
            format!("/pkg/split_page_view_42.{hash}.wasm"),
            "public, max-age=31536000, immutable",
        ),
        (
            format!("/pkg/__wasm_split.{hash}.js"),
            "public, max-age=31536000, immutable",
        ),
        ("/pkg/chunk_0.wasm".to_owned(), "no-cache"),
        (format!("/pkg/greffe.{hash}.wasm.txt"), "no-cache"),
    ] {
        let res = get(&path, None).await;
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.headers[header::CACHE_CONTROL], policy, "{path}");
    }
    let other = get("/pkg/autre.js", Some("br")).await;
    assert_eq!((other.status.as_u16(), &other.body[..]), (200, "1"));
    assert_eq!(other.headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(get("/pkg/absent.js", None).await.status, 404);

    // The login page names the hashed script, wasm and stylesheet.
    let page = app.get("/connexion", None).await;
    for file in [
        format!("greffe.{hash}.js"),
        format!("greffe.{hash}.wasm"),
        format!("greffe.{hash}.css"),
    ] {
        assert!(
            page.body.contains(&format!("/pkg/{file}")),
            "{file} not named by the page"
        );
    }
    assert!(!page.body.contains("/pkg/greffe.css"), "an unhashed name");
    app.cleanup().await;
    std::fs::remove_dir_all(&site).unwrap();
}

#[tokio::test]
async fn personal_data_is_never_cached() {
    on_each_backend(|app| async move {
        let g = app.login("greffier.lyon@demo.greffe.fr").await;
        for res in [
            app.get("/audiences", Some(&g)).await,
            app.post_json("/api/audiences", &serde_json::json!({}), Some(&g)).await,
        ] {
            assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
        }
        app
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes_on_both_databases() {
    use sea_orm::ConnectionTrait;
    on_each_backend(|app| async move {
        app.login("greffier.lyon@demo.greffe.fr").await;
        let count = || async {
            app.db
                .query_one_raw(sea_orm::Statement::from_string(
                    app.db.get_database_backend(),
                    "SELECT COUNT(*) FROM audit_log".to_owned(),
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap()
        };
        let n = count().await;
        assert!(n > 0);
        for sql in ["UPDATE audit_log SET success = false", "DELETE FROM audit_log"] {
            let err = app.db.execute_unprepared(sql).await.expect_err(sql);
            assert!(err.to_string().contains("ajout seul"), "{sql}: {err}");
        }
        assert_eq!(count().await, n);
        app
    })
    .await;
}

#[tokio::test]
async fn an_open_event_stream_does_not_keep_a_session_alive() {
    on_each_backend(|app| async move {
        let cookie = app.login("greffier.cassation@demo.greffe.fr").await;
        let token = cookie.split_once('=').unwrap().1.to_owned();
        let later = chrono::Utc::now() + chrono::Duration::minutes(10);
        let user = app::store::accounts::session_still_live(&app.db, &token, later)
            .await
            .unwrap();
        assert!(user.is_some());
        // Checked 10 minutes on without counting as activity: 25 minutes after that, the
        // 30-minute idle timeout has run out.
        let much_later = chrono::Utc::now() + chrono::Duration::minutes(35);
        let user = app::store::accounts::session_still_live(&app.db, &token, much_later)
            .await
            .unwrap();
        assert!(user.is_none(), "the idle timeout fires");
        app
    })
    .await;
}

#[tokio::test]
async fn absurd_dates_are_refused_in_french_and_nothing_panics() {
    use crate::concurrency::{affaires, import, new_audience, role_csv};
    use serde_json::json;
    on_each_backend(|app| async move {
        let g = app.login("greffier.lyon@demo.greffe.fr").await;
        let far = "+262142-12-01";
        let form = json!({
            "date": far, "heure_debut": "13:30", "chambre": "10e chambre", "formation": "juge_unique",
            "president": "P", "assesseurs": "", "ministere_public": "M", "greffier": "G",
            "prevues": "20", "maximum": "40", "duree_estimee_min": "240"
        });
        let res = app
            .post_json("/api/audience_creer", &json!({ "form": form }), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 422, "{}", res.body);
        let res = app.post_json("/api/audiences", &json!({ "du": far }), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 422, "{}", res.body);

        let id = new_audience(&app, &g, 12).await;
        import(&app, &g, &id, &role_csv(700, 1)).await;
        let a = affaires(&app, &g, &id).await.remove(0);
        for date in [far, "2999-01-01"] {
            let body = json!({ "affaire_id": a.id, "version": a.version, "renvoi": {
                "motif": "absence avis JAP", "nouvelle_date": date, "mesure": "aucune", "observations": "" } });
            let res = app.post_json("/api/renvoi_enregistrer", &body, Some(&g)).await;
            assert_eq!(res.status.as_u16(), 422, "{date}: {}", res.body);
        }
        let now: app::domain::hearing::AffaireDetail = app
            .post_json("/api/affaire", &json!({ "id": a.id }), Some(&g))
            .await
            .json();
        assert_eq!(now.version, a.version, "nothing changed");

        let dsgj = app.login("dsgj.lyon@demo.greffe.fr").await;
        let res = app
            .post_json(
                "/api/tableau_de_bord",
                &json!({ "filtres": { "du": "+262142-12", "au": "2026-01" } }),
                Some(&dsgj),
            )
            .await;
        assert_eq!(res.status.as_u16(), 422, "{}", res.body);
        app
    })
    .await;
}

#[tokio::test]
async fn a_forwarded_address_is_not_believed_without_a_trusted_proxy() {
    use sea_orm::ConnectionTrait;
    on_each_backend(|app| async move {
        let req = Request::post("/api/connexion")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "127.0.0.1:3000")
            .header("x-forwarded-for", "203.0.113.9")
            .body(Body::from(format!(
                "email=greffier.lyon%40demo.greffe.fr&password={PASSWORD}"
            )))
            .unwrap();
        assert!(app.send(req).await.session_cookie().is_some());
        let ip = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT ip FROM audit_log WHERE action = 'connexion' ORDER BY at DESC LIMIT 1".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<String>(0)
            .unwrap();
        assert_eq!(ip, "127.0.0.1", "the peer's address, not the header's");
        app
    })
    .await;
}
