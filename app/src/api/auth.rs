//! Sign-in, sign-out and the current user.

use crate::domain::account::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user, or `None` for a visitor.
#[server(prefix = "/api", endpoint = "moi", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    use super::guard;
    let req = guard::request().await.map_err(guard::fail)?;
    guard::user(&req).await.map_err(guard::fail)
}

/// Checks the credentials, rotates the session and redirects to `suivant` (a local path).
#[server(prefix = "/api", endpoint = "connexion", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn login(email: String, password: String, suivant: Option<String>) -> Result<(), AppError> {
    use super::guard;
    use crate::store::{accounts, audit, throttle};

    let req = guard::request().await.map_err(guard::fail)?;
    let db = &req.state.db;
    let email = email.trim().to_lowercase();
    if email.is_empty() || password.is_empty() {
        return Err(guard::fail(AppError::validation(
            "email",
            "Saisissez votre adresse électronique et votre mot de passe.",
        )));
    }
    let juridiction_id = accounts::juridiction_of(db, &email).await.map_err(guard::fail)?;
    let event = |success: bool, detail: Option<String>| audit::Event {
        actor: Some(&email),
        juridiction_id,
        action: "connexion",
        entity: "session",
        ip: &req.ip,
        success,
        detail,
        ..Default::default()
    };
    // Counted before the password is checked, so that attempts in parallel cannot overrun it.
    let attempt = match throttle::reserve(db, &email, &req.ip, chrono::Utc::now()).await {
        Ok(attempt) => attempt,
        Err(crate::store::StoreError::Throttled) => {
            audit::record(db, event(false, Some("bloquée : trop de tentatives".into())))
                .await
                .map_err(guard::fail)?;
            return Err(guard::fail(AppError::TooManyRequests));
        }
        Err(e) => return Err(guard::fail(e)),
    };
    let Some((user_id, _)) = accounts::authenticate(db, &email, &password)
        .await
        .map_err(guard::fail)?
    else {
        throttle::failed(db, &attempt, chrono::Utc::now())
            .await
            .map_err(guard::fail)?;
        audit::record(db, event(false, None)).await.map_err(guard::fail)?;
        return Err(guard::fail(AppError::validation(
            "email",
            "Adresse électronique ou mot de passe incorrect.",
        )));
    };
    throttle::succeeded(db, &attempt).await.map_err(guard::fail)?;
    // Rotation: whatever session the browser held is dropped, a fresh id is issued.
    if let Some(old) = &req.token {
        accounts::delete_session(db, old).await.map_err(guard::fail)?;
    }
    let token = accounts::create_session(db, user_id, &req.ip)
        .await
        .map_err(guard::fail)?;
    audit::record(
        db,
        audit::Event {
            user_id: Some(user_id),
            ..event(true, None)
        },
    )
    .await
    .map_err(guard::fail)?;
    let res = expect_context::<leptos_axum::ResponseOptions>();
    res.append_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&guard::session_cookie(req.state.secure_cookies, Some(&token)))
            .map_err(|_| AppError::Internal)?,
    );
    leptos_axum::redirect(&safe_next(suivant.as_deref()));
    Ok(())
}

/// Ends the session and redirects to the login page.
#[server(prefix = "/api", endpoint = "deconnexion", input_derive = (Clone, serde::Serialize, serde::Deserialize, schemars::JsonSchema))]
pub async fn logout() -> Result<(), AppError> {
    use super::guard;
    use crate::store::{accounts, audit};

    let req = guard::request().await.map_err(guard::fail)?;
    if let Some(token) = &req.token {
        let user = guard::user(&req).await.map_err(guard::fail)?;
        accounts::delete_session(&req.state.db, token)
            .await
            .map_err(guard::fail)?;
        if let Some(u) = user {
            audit::record(
                &req.state.db,
                audit::Event {
                    user_id: Some(u.id),
                    actor: Some(&u.email),
                    juridiction_id: Some(u.juridiction_id),
                    action: "deconnexion",
                    entity: "session",
                    ip: &req.ip,
                    success: true,
                    ..Default::default()
                },
            )
            .await
            .map_err(guard::fail)?;
        }
    }
    let res = expect_context::<leptos_axum::ResponseOptions>();
    res.append_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&guard::session_cookie(req.state.secure_cookies, None))
            .map_err(|_| AppError::Internal)?,
    );
    // The browser drops what it keeps for offline hearings (the page wiped it already unless
    // scripts were off): storage, caches and the service worker.
    res.append_header(
        http::HeaderName::from_static("clear-site-data"),
        http::HeaderValue::from_static("\"storage\", \"cache\""),
    );
    leptos_axum::redirect("/connexion");
    Ok(())
}

/// A redirect target after login: a local absolute path only (no open redirect). Browsers
/// drop tabs and line breaks from a URL and read a backslash as `/`, so `/<tab>/evil.example` would
/// leave the site: only visible ASCII is kept, and never a backslash.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/api/")
                && p.len() <= 2000
                && p.chars().all(|c| c.is_ascii_graphic() && c != '\\') =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/admin/journal")), "/admin/journal");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/api/deconnexion",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "/\u{7f}x",
            "/é",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
