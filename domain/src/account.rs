//! Accounts: validated e-mail and password, the signed-in user, session lifetime rules.

use super::role::Role;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Idle timeout of a session.
pub const SESSION_IDLE: Duration = Duration::minutes(30);
/// Absolute lifetime of a session, whatever the activity.
pub const SESSION_ABSOLUTE: Duration = Duration::hours(12);
/// Minimum password length (ANSSI recommends at least 12 characters for a password alone).
pub const PASSWORD_MIN_LEN: usize = 12;

/// Login throttling: attempts allowed to one account from one address, then to one address
/// whatever the account, before each further attempt waits a growing delay.
pub const MAX_ATTEMPTS_ACCOUNT_ADDRESS: i32 = 5;
pub const MAX_ATTEMPTS_ADDRESS: i32 = 30;
/// A key quiet this long (after its block, if any) starts again from zero.
pub const THROTTLE_FORGET: Duration = Duration::minutes(15);
/// Longest single block.
pub const THROTTLE_MAX_BLOCK: Duration = Duration::minutes(60);

/// How long a key that has counted `attempts` (this one included) waits before the next,
/// with `limit` free attempts: none below the limit, then 1, 2, 4… minutes, at most an hour.
pub fn throttle_block(attempts: i32, limit: i32) -> Option<Duration> {
    if attempts < limit {
        return None;
    }
    let doublings = (attempts - limit).clamp(0, 16) as u32;
    Some(std::cmp::min(Duration::minutes(1_i64 << doublings), THROTTLE_MAX_BLOCK))
}

/// Whether a key last tried at `last`, blocked until `until`, is forgotten at `now`.
pub fn throttle_forgotten(last: DateTime<Utc>, until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    now - until.map_or(last, |u| u.max(last)) > THROTTLE_FORGET
}

/// A normalised, syntactically valid e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Email(String);

impl Email {
    /// Trims and lower-cases, then checks the shape `local@domain.tld`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let s = raw.trim().to_lowercase();
        let valid = s.len() <= 254
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain.contains('.')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !domain.contains('@')
            });
        if valid {
            Ok(Self(s))
        } else {
            Err(format!("adresse électronique invalide : « {} »", raw.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password against the policy; returns a French message when refused.
pub fn check_password(password: &str, email: &Email) -> Result<(), String> {
    if password.chars().count() < PASSWORD_MIN_LEN {
        return Err(format!(
            "le mot de passe doit compter au moins {PASSWORD_MIN_LEN} caractères"
        ));
    }
    if password
        .to_lowercase()
        .contains(email.as_str().split('@').next().unwrap_or_default())
    {
        return Err("le mot de passe ne doit pas contenir l'identifiant".into());
    }
    Ok(())
}

/// Whether a session created at `created` and last used at `last_seen` is still valid at `now`.
pub fn session_is_live(created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_seen < SESSION_IDLE && now - created < SESSION_ABSOLUTE
}

/// The signed-in user, as every page and server function sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub juridiction_id: i64,
    /// Code of `structure.csv`, or `CCASS` for the Cour de cassation.
    pub juridiction_code: String,
    pub juridiction_libelle: String,
}

impl CurrentUser {
    /// Whether the user works at the Cour de cassation (dossiers rather than hearings).
    pub fn at_cassation(&self) -> bool {
        self.juridiction_code == crate::juridiction::COUR_DE_CASSATION
    }

    /// Whether this user holds one of `roles`.
    pub fn has_role(&self, roles: &[Role]) -> bool {
        roles.contains(&self.role)
    }
}

/// A user account as listed on the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub juridiction_id: i64,
    pub active: bool,
}

/// An account blocked from one address by login throttling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Blocked {
    pub email: String,
    pub adresse: String,
    pub tentatives: i32,
    /// When the block ends, Europe/Paris local time.
    pub jusqu_a: String,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Local time in Europe/Paris, formatted for display.
    pub at: String,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub ip: String,
    pub success: bool,
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_grows_from_the_limit_and_caps_at_an_hour() {
        assert_eq!(throttle_block(4, 5), None);
        assert_eq!(throttle_block(5, 5), Some(Duration::minutes(1)));
        assert_eq!(throttle_block(6, 5), Some(Duration::minutes(2)));
        assert_eq!(throttle_block(8, 5), Some(Duration::minutes(8)));
        assert_eq!(throttle_block(11, 5), Some(Duration::minutes(60)));
        assert_eq!(throttle_block(i32::MAX, 5), Some(Duration::minutes(60)));
        let t = |m: i64| DateTime::<Utc>::from_timestamp(m * 60, 0).unwrap();
        assert!(!throttle_forgotten(t(0), None, t(15)));
        assert!(throttle_forgotten(t(0), None, t(16)));
        assert!(
            !throttle_forgotten(t(0), Some(t(60)), t(70)),
            "counted from the end of the block"
        );
        assert!(throttle_forgotten(t(0), Some(t(60)), t(76)));
    }
    use chrono::TimeZone;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("  Anne.Martin@Justice.FR ").unwrap().as_str(),
            "anne.martin@justice.fr"
        );
        for bad in ["", "a", "a@b", "@b.fr", "a@.fr", "a@b.", "a b@c.fr", "a@b@c.fr"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn password_policy() {
        let email = Email::parse("anne@justice.fr").unwrap();
        assert!(check_password("court", &email).is_err());
        assert!(check_password("Anne-mot-de-passe", &email).is_err());
        assert!(check_password("cheval-agrafe-violet", &email).is_ok());
    }

    #[test]
    fn session_timeouts() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap();
        let m = Duration::minutes;
        // idle: 29 minutes ok, 30 minutes expired
        assert!(session_is_live(t0, t0, t0 + m(29)));
        assert!(!session_is_live(t0, t0, t0 + m(30)));
        // absolute: active every 10 minutes, still dies at 12 h
        assert!(session_is_live(t0, t0 + m(710), t0 + m(715)));
        assert!(!session_is_live(t0, t0 + m(715), t0 + m(720)));
    }
}
