//! Request context for server functions: state, caller address, session cookie, access checks.

use crate::domain::account::CurrentUser;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::store::{self, AppState};
use axum::extract::ConnectInfo;
use http::HeaderMap;
use std::net::SocketAddr;

/// Cookie name: `__Host-` needs `Secure`, so plain-HTTP development uses the bare name.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-greffe_session"
    } else {
        "greffe_session"
    }
}

/// A `Set-Cookie` value for the session token (or its removal when `token` is `None`).
pub fn session_cookie(secure: bool, token: Option<&str>) -> String {
    let name = cookie_name(secure);
    let secure_attr = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!("{name}={t}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200{secure_attr}"),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure_attr}"),
    }
}

/// The value of cookie `name` in the request headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The client's address: the TCP peer, unless the peer is a trusted reverse proxy; then the
/// last address of `X-Forwarded-For` that is not itself a trusted proxy (what the nearest
/// trusted proxy saw). A header from anyone else is ignored: it is the client's own word.
pub fn client_ip(peer: std::net::IpAddr, headers: &HeaderMap, trusted: &[std::net::IpAddr]) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
}

/// The court's date now (Europe/Paris): the one place a request reads the clock for "today",
/// handed to the store and the rules as a parameter.
pub fn today() -> chrono::NaiveDate {
    crate::domain::dates::paris_today(chrono::Utc::now())
}

/// What a server function knows about the request it serves.
pub struct Request {
    pub state: AppState,
    pub ip: String,
    pub token: Option<String>,
}

/// State, caller address and session token of the current request.
pub async fn request() -> Result<Request, AppError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })?;
    let headers: HeaderMap = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let ip = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| client_ip(addr.ip(), &headers, &state.trusted_proxies).to_string())
        .unwrap_or_else(|_| "inconnue".into());
    let token = cookie_value(&headers, cookie_name(state.secure_cookies));
    Ok(Request { state, ip, token })
}

/// Marks the answer to a request that changed nothing because the database was busy
/// (`AppError::Busy`): the server's retry layer sends such a request again.
pub const BUSY_HEADER: &str = "x-greffe-occupe";

/// Sets the HTTP status of the response to match `err` (an `AppError`, or a store error
/// turned into one), and returns it.
pub fn fail(err: impl Into<AppError>) -> AppError {
    let err = err.into();
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        if err == AppError::Busy {
            res.insert_header(
                http::HeaderName::from_static(BUSY_HEADER),
                http::HeaderValue::from_static("1"),
            );
        }
    }
    err
}

/// The answer of a plain route to a request that changed nothing because the database was
/// busy (retried by the server's retry layer).
pub fn busy_response() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        http::StatusCode::SERVICE_UNAVAILABLE,
        [(BUSY_HEADER, "1"), (http::header::RETRY_AFTER.as_str(), "1")],
        AppError::Busy.to_string(),
    )
        .into_response()
}

/// The signed-in user behind the session cookie of `headers`, for plain axum handlers.
pub async fn header_user(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, AppError> {
    match cookie_value(headers, cookie_name(state.secure_cookies)) {
        Some(t) => Ok(store::accounts::session_user(&state.db, &t, chrono::Utc::now()).await?),
        None => Ok(None),
    }
}

/// Whether the session cookie of `headers` is still live, without counting this check as
/// activity (event streams).
pub async fn header_session_live(state: &AppState, headers: &HeaderMap) -> bool {
    match cookie_value(headers, cookie_name(state.secure_cookies)) {
        Some(t) => matches!(
            store::accounts::session_still_live(&state.db, &t, chrono::Utc::now()).await,
            Ok(Some(_))
        ),
        None => false,
    }
}

/// The session of the request being served, looked up once however many server functions
/// its page calls (the session, then the record's scope, each asks for the user). Provided
/// afresh for every request (`startup::router`); a request never sees another's.
#[derive(Clone, Default)]
pub struct SessionMemo(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The signed-in user, if any.
pub async fn user(req: &Request) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = &req.token else {
        return Ok(None);
    };
    let lookup = || async { Ok(store::accounts::session_user(&req.state.db, token, chrono::Utc::now()).await?) };
    match leptos::prelude::use_context::<SessionMemo>() {
        Some(memo) => memo.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The signed-in user holding one of `roles`; `Unauthorized` or `Forbidden` otherwise.
pub async fn require(roles: &[Role]) -> Result<(Request, CurrentUser), AppError> {
    let req = request().await.map_err(fail)?;
    let user = user(&req)
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(AppError::Unauthorized))?;
    if !user.has_role(roles) {
        return Err(fail(AppError::Forbidden));
    }
    Ok((req, user))
}

/// Whether `user` may see records of juridiction `target`: their own, or, for a chef de
/// juridiction or DSGJ of a cour d'appel, one of its tribunaux.
pub async fn may_see(req: &Request, user: &CurrentUser, target: i64) -> Result<bool, AppError> {
    if user.juridiction_id == target {
        return Ok(true);
    }
    if !user.has_role(&[Role::ChefJuridiction, Role::Dsgj]) {
        return Ok(false);
    }
    Ok(store::accounts::parent_of(&req.state.db, target).await? == Some(user.juridiction_id))
}

/// Juridictions whose figures `user` may read: their own and, for a chef de juridiction or
/// DSGJ of a cour d'appel, its tribunaux.
pub async fn visible_juridictions(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
) -> Result<Vec<crate::domain::juridiction::Juridiction>, AppError> {
    let all = store::accounts::juridictions_under(db, user.juridiction_id).await?;
    Ok(if user.has_role(&[Role::ChefJuridiction, Role::Dsgj]) {
        all
    } else {
        all.into_iter().filter(|j| j.id == user.juridiction_id).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use http::HeaderMap;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_address_comes_from_a_trusted_proxy_only() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "198.51.100.7, 203.0.113.9, 10.0.0.2".parse().unwrap(),
        );
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        // From the trusted proxy: the last address not itself a proxy (the client it saw;
        // 198.51.100.7 is what the client claimed and is not believed).
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("203.0.113.9"));
        // From anyone else, or with no proxy configured: the peer, whatever the header says.
        assert_eq!(client_ip(ip("192.0.2.50"), &h, &proxies), ip("192.0.2.50"));
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &[]), ip("10.0.0.1"));
        // A proxy that sent no (or an unreadable) header: the proxy itself.
        assert_eq!(client_ip(ip("10.0.0.1"), &HeaderMap::new(), &proxies), ip("10.0.0.1"));
    }
}
