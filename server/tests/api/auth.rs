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

/// Forty wrong passwords sent at once are five checks; the owner is then refused from that
/// address, not from his own; an administrator lifts the block, audited.
#[tokio::test]
async fn throttling_is_atomic_and_cannot_lock_the_owner_out() {
    use futures::future::join_all;
    on_each_backend(|app| async move {
        let proxy = app.behind_proxy();
        let attacker = "203.0.113.66";
        let wrong = [("email", EMAIL), ("password", "mauvais-mot-de-passe")];
        let results = join_all((0..40).map(|_| proxy.post_from(attacker, "/api/connexion", &wrong))).await;
        let checked = results.iter().filter(|r| r.status == 422).count();
        let refused = results.iter().filter(|r| r.status == 429).count();
        assert_eq!(
            (checked, refused),
            (5, 35),
            "{:?}",
            results.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        assert_eq!(audit_rows(&app, "connexion", false).await, 40, "each attempt audited");

        // The right password from the attacker's address waits; from the owner's, it works.
        let right = [("email", EMAIL), ("password", PASSWORD)];
        let res = proxy.post_from(attacker, "/api/connexion", &right).await;
        assert_eq!(res.status, 429);
        assert_eq!(res.error(), AppError::TooManyRequests);
        assert!(res.session_cookie().is_none());
        let res = proxy.post_from("198.51.100.7", "/api/connexion", &right).await;
        assert!(res.session_cookie().is_some(), "{} {}", res.status, res.body);
        // Another account from the attacker's address is not blocked by these five.
        let res = proxy
            .post_from(
                attacker,
                "/api/connexion",
                &[("email", "dsgj.lyon@demo.greffe.fr"), ("password", PASSWORD)],
            )
            .await;
        assert!(res.session_cookie().is_some(), "{} {}", res.status, res.body);

        // The administrator sees the block and lifts it; others cannot.
        let admin = app.login("admin.lyon@demo.greffe.fr").await;
        let blocks: Vec<app::domain::account::Blocked> =
            app.post("/api/comptes_bloques", &[], Some(&admin)).await.json();
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!(
            (blocks[0].email.as_str(), blocks[0].adresse.as_str()),
            (EMAIL, attacker)
        );
        let other_admin = app.login("admin.strasbourg@demo.greffe.fr").await;
        let res = app
            .post("/api/compte_debloquer", &[("email", EMAIL)], Some(&other_admin))
            .await;
        assert_eq!(res.status, 404);
        let greffier = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let res = app
            .post("/api/compte_debloquer", &[("email", EMAIL)], Some(&greffier))
            .await;
        assert_eq!(res.status, 403);
        let res = app
            .post("/api/compte_debloquer", &[("email", EMAIL)], Some(&admin))
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(audit_rows(&app, "deblocage", true).await, 1);
        let res = proxy.post_from(attacker, "/api/connexion", &right).await;
        assert!(res.session_cookie().is_some(), "unblocked: {} {}", res.status, res.body);
        app
    })
    .await;
}

/// Each attempt past the limit waits longer: 1, 2, 4 minutes; a quiet key is forgotten; a
/// success clears the account's key.
#[tokio::test]
async fn throttling_delays_grow_and_a_success_clears_them() {
    use app::store::throttle;
    on_each_backend(|app| async move {
        let t0 = Utc::now();
        let at = |s: i64| t0 + Duration::seconds(s);
        let (email, ip) = ("personne@demo.greffe.fr", "192.0.2.1");
        for _ in 0..5 {
            throttle::reserve(&app.db, email, ip, t0).await.unwrap();
        }
        for (when, allowed) in [
            (30, false),
            (61, true), // 6th attempt, then 2 minutes
            (150, false),
            (182, true), // 7th, then 4 minutes
            (400, false),
            (423, true), // 8th, then 8 minutes
        ] {
            let got = throttle::reserve(&app.db, email, ip, at(when)).await;
            assert_eq!(got.is_ok(), allowed, "at +{when} s: {got:?}");
            if !allowed {
                assert_eq!(AppError::from(got.unwrap_err()), AppError::TooManyRequests);
            }
        }
        // Quiet for 15 minutes after the block: forgotten, five free attempts again.
        let later = at(423 + 8 * 60 + 15 * 60 + 1);
        for _ in 0..4 {
            throttle::reserve(&app.db, email, ip, later).await.unwrap();
        }
        let last = throttle::reserve(&app.db, email, ip, later).await.unwrap();
        assert!(throttle::reserve(&app.db, email, ip, later).await.is_err());
        // A success clears the account's key (the one that just got through).
        throttle::succeeded(&app.db, &last).await.unwrap();
        assert!(throttle::reserve(&app.db, email, ip, later).await.is_ok());
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
