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
