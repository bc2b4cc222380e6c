//! Login, session cookie, rotation, timeouts, logout, rate limit, audit of attempts.

use crate::helpers::{PASSWORD, TestApp, on_each_backend};
use app::domain::account::CurrentUser;
use app::error::AppError;
use chrono::{Duration, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, Query};

const EMAIL: &str = "greffier.lyon@demo.greffe.fr";

async fn whoami(app: &TestApp, cookie: Option<&str>) -> Option<CurrentUser> {
    app.post("/api/moi", &[], cookie).await.json()
}

async fn audit_rows(app: &TestApp, action: &str, success: bool) -> usize {
    let q = Query::select()
        .expr(Expr::col("id"))
        .from("audit_log")
        .and_where(Expr::col("action").eq(action))
        .and_where(Expr::col("success").eq(success))
        .to_owned();
    app.db.query_all(&q).await.unwrap().len()
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_opens_a_session() {
    on_each_backend(|app| async move {
        let res = app
            .post(
                "/api/connexion",
                &[("email", "  Greffier.Lyon@demo.greffe.fr "), ("password", PASSWORD)],
                None,
            )
            .await;
        assert!(
            res.status.is_success() || res.status.is_redirection(),
            "{} {}",
            res.status,
            res.body
        );
        let cookie = res.session_cookie().expect("session cookie");
        for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
            assert!(cookie.contains(attr), "{attr} missing in {cookie}");
        }
        assert!(
            !cookie.contains("Secure"),
            "plain-HTTP development must not set Secure: {cookie}"
        );
        let cookie = cookie.split(';').next().unwrap();
        let me = whoami(&app, Some(cookie)).await.expect("signed in");
        assert_eq!(me.email, EMAIL);
        assert_eq!(me.role, app::domain::role::Role::Greffier);
        assert_eq!(audit_rows(&app, "connexion", true).await, 1);
        app
    })
    .await;
}

#[tokio::test]
async fn login_rotates_the_session_id() {
    on_each_backend(|app| async move {
        let first = app.login(EMAIL).await;
        let res = app
            .post(
                "/api/connexion",
                &[("email", EMAIL), ("password", PASSWORD)],
                Some(&first),
            )
            .await;
        let second = res.session_cookie().unwrap().split(';').next().unwrap().to_owned();
        assert_ne!(first, second);
        assert_eq!(whoami(&app, Some(&first)).await, None, "the old session must be dead");
        assert!(whoami(&app, Some(&second)).await.is_some());
        app
    })
    .await;
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_french_error() {
    on_each_backend(|app| async move {
        let wrong = app
            .post(
                "/api/connexion",
                &[("email", EMAIL), ("password", "pas-le-bon-mot")],
                None,
            )
            .await;
        let unknown = app
            .post(
                "/api/connexion",
                &[("email", "personne@demo.greffe.fr"), ("password", "pas-le-bon-mot")],
                None,
            )
            .await;
        for res in [&wrong, &unknown] {
            assert_eq!(res.status, 422);
            assert!(res.session_cookie().is_none());
            assert_eq!(
                res.error(),
                AppError::validation("email", "Adresse électronique ou mot de passe incorrect.")
            );
        }
        assert_eq!(audit_rows(&app, "connexion", false).await, 2);
        app
    })
    .await;
}

#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password() {
    on_each_backend(|app| async move {
        for _ in 0..5 {
            let res = app
                .post(
                    "/api/connexion",
                    &[("email", EMAIL), ("password", "mauvais-mot-de-passe")],
                    None,
                )
                .await;
            assert_eq!(res.status, 422);
        }
        let res = app
            .post("/api/connexion", &[("email", EMAIL), ("password", PASSWORD)], None)
            .await;
        assert_eq!(res.status, 429);
        assert_eq!(res.error(), AppError::TooManyRequests);
        assert!(res.session_cookie().is_none());
        // Another account from the same address is not locked by these five failures.
        app.login("dsgj.lyon@demo.greffe.fr").await;
        app
    })
    .await;
}

#[tokio::test]
async fn logout_kills_the_session_and_clears_the_cookie() {
    on_each_backend(|app| async move {
        let cookie = app.login(EMAIL).await;
        let res = app.post("/api/deconnexion", &[], Some(&cookie)).await;
        let cleared = res.session_cookie().expect("cookie cleared");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        assert_eq!(whoami(&app, Some(&cookie)).await, None);
        assert_eq!(audit_rows(&app, "deconnexion", true).await, 1);
        app
    })
    .await;
}

async fn age_sessions(app: &TestApp, column: &'static str, by: Duration) {
    let stmt = Query::update()
        .table("app_session")
        .value(column, Utc::now() - by)
        .to_owned();
    app.db.execute(&stmt).await.unwrap();
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions() {
    on_each_backend(|app| async move {
        let cookie = app.login(EMAIL).await;
        age_sessions(&app, "last_seen_at", Duration::minutes(29)).await;
        assert!(
            whoami(&app, Some(&cookie)).await.is_some(),
            "29 minutes idle is still live"
        );
        age_sessions(&app, "last_seen_at", Duration::minutes(31)).await;
        assert_eq!(whoami(&app, Some(&cookie)).await, None, "31 minutes idle is expired");

        let cookie = app.login(EMAIL).await;
        age_sessions(&app, "created_at", Duration::hours(12)).await;
        assert_eq!(
            whoami(&app, Some(&cookie)).await,
            None,
            "12 hours is the absolute limit"
        );
        app
    })
    .await;
}

#[tokio::test]
async fn a_forged_cookie_is_just_a_visitor() {
    on_each_backend(|app| async move {
        assert_eq!(whoami(&app, Some("greffe_session=0123456789abcdef")).await, None);
        let res = app
            .post("/api/mes_audiences", &[], Some("greffe_session=0123456789abcdef"))
            .await;
        assert_eq!(res.status, 401);
        assert_eq!(res.error(), AppError::Unauthorized);
        app
    })
    .await;
}
