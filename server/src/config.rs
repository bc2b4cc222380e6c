//! Typed configuration: defaults, then an optional TOML file, then `GREFFE_*` variables.

use serde::Deserialize;
use std::path::Path;

/// Server configuration. `database_url` alone chooses SQLite or PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://greffe.db?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    /// Address to listen on; empty means the Leptos site address (127.0.0.1:3000).
    pub listen: String,
    /// Served over HTTPS: `Secure` cookies with the `__Host-` prefix, and HSTS.
    pub secure_cookies: bool,
    /// `tracing` filter, e.g. `info` or `greffe=debug`.
    pub log: String,
    /// Days after its date that an audience taken offline stays in a browser.
    pub offline_days: u32,
    /// Hours an audience stays in a browser once everything typed reached the server.
    pub offline_hours_after_sync: u32,
    /// Reverse proxies (load balancers) whose `X-Forwarded-For` names the client; empty: the
    /// TCP peer is the client, and the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://greffe.db?mode=rwc".into(),
            listen: String::new(),
            secure_cookies: false,
            log: "info".into(),
            offline_days: 2,
            offline_hours_after_sync: 12,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Config {
    /// Loads `file` if it exists (an explicitly named missing file is an error), then applies
    /// the environment.
    pub fn load(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("lecture de {} impossible : {e}", path.display()))?;
                toml::from_str(&text).map_err(|e| format!("configuration invalide dans {} : {e}", path.display()))?
            }
            None if Path::new("greffe.toml").exists() => {
                return Self::load(Some(Path::new("greffe.toml")), env);
            }
            None => Config::default(),
        };
        if let Some(v) = env("GREFFE_DATABASE_URL") {
            config.database_url = v;
        }
        if let Some(v) = env("GREFFE_LISTEN") {
            config.listen = v;
        }
        if let Some(v) = env("GREFFE_SECURE_COOKIES") {
            config.secure_cookies = match v.as_str() {
                "1" | "true" | "oui" => true,
                "0" | "false" | "non" => false,
                _ => {
                    return Err(format!(
                        "GREFFE_SECURE_COOKIES invalide : « {v} » (attendu true ou false)"
                    ));
                }
            };
        }
        if let Some(v) = env("GREFFE_LOG") {
            config.log = v;
        }
        for (name, field) in [
            ("GREFFE_HORS_LIGNE_JOURS", &mut config.offline_days),
            ("GREFFE_HORS_LIGNE_HEURES", &mut config.offline_hours_after_sync),
        ] {
            if let Some(v) = env(name) {
                *field = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=366).contains(n))
                    .ok_or_else(|| format!("{name} invalide : « {v} » (attendu un nombre entre 1 et 366)"))?;
            }
        }
        if let Some(v) = env("GREFFE_PROXYS_DE_CONFIANCE") {
            config.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| {
                    a.parse()
                        .map_err(|_| format!("GREFFE_PROXYS_DE_CONFIANCE invalide : « {a} » (attendu des adresses IP séparées par des virgules)"))
                })
                .collect::<Result<_, _>>()?;
        }
        if !(config.database_url.starts_with("sqlite:")
            || config.database_url.starts_with("postgres://")
            || config.database_url.starts_with("postgresql://"))
        {
            return Err("GREFFE_DATABASE_URL doit commencer par sqlite: ou postgres://".into());
        }
        Ok(config)
    }

    /// The database URL with any password hidden, for logs.
    pub fn redacted_database_url(&self) -> String {
        match (self.database_url.find("://"), self.database_url.rfind('@')) {
            (Some(scheme), Some(at)) if at > scheme => {
                let userinfo = &self.database_url[scheme + 3..at];
                let user = userinfo.split(':').next().unwrap_or_default();
                format!(
                    "{}://{user}:***@{}",
                    &self.database_url[..scheme],
                    &self.database_url[at + 1..]
                )
            }
            _ => self.database_url.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn environment_overrides_file_and_defaults() {
        let dir = std::env::temp_dir().join(format!("greffe-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("greffe.toml");
        std::fs::write(
            &file,
            "database_url = \"sqlite://fichier.db\"\nlisten = \"0.0.0.0:8080\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&file), env(&[("GREFFE_DATABASE_URL", "postgres://p@h/db")])).unwrap();
        assert_eq!(c.database_url, "postgres://p@h/db");
        assert_eq!(c.listen, "0.0.0.0:8080");
        assert_eq!(c.log, "info");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::load(None, env(&[("GREFFE_DATABASE_URL", "mysql://x")])).is_err());
        assert!(Config::load(None, env(&[("GREFFE_SECURE_COOKIES", "peut-être")])).is_err());
        assert!(Config::load(None, env(&[("GREFFE_HORS_LIGNE_JOURS", "0")])).is_err());
        assert!(Config::load(None, env(&[("GREFFE_HORS_LIGNE_HEURES", "douze")])).is_err());
        let c = Config::load(None, env(&[("GREFFE_HORS_LIGNE_JOURS", "5")])).unwrap();
        assert_eq!((c.offline_days, c.offline_hours_after_sync), (5, 12));
        assert!(Config::load(Some(Path::new("/nonexistent/greffe.toml")), env(&[])).is_err());
        assert!(Config::load(None, env(&[("GREFFE_PROXYS_DE_CONFIANCE", "10.0.0.1, proxy")])).is_err());
        let c = Config::load(None, env(&[("GREFFE_PROXYS_DE_CONFIANCE", "10.0.0.1, ::1")])).unwrap();
        assert_eq!(
            c.trusted_proxies,
            ["10.0.0.1".parse::<std::net::IpAddr>().unwrap(), "::1".parse().unwrap()]
        );
    }

    #[test]
    fn passwords_never_reach_logs() {
        let c = Config {
            database_url: "postgres://greffe:secret@db:5432/greffe".into(),
            ..Config::default()
        };
        assert_eq!(c.redacted_database_url(), "postgres://greffe:***@db:5432/greffe");
    }
}
