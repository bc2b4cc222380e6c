//! `greffe backup` and `greffe restore` on SQLite: a consistent copy taken while Greffe
//! serves (`VACUUM INTO`, which reads one snapshot), checked before it is announced; and its
//! restoration over a database no one serves, the replaced file kept aside. PostgreSQL is
//! backed up with its own tools (`pg_dump -Fc`, `pg_restore`; see the README).

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::{Path, PathBuf};

const PG_TOOLS: &str = "sur PostgreSQL, sauvegardez avec pg_dump -Fc et restaurez avec pg_restore (voir le README, « Sauvegarde et restauration »)";

/// Tables whose rows are counted in the summary of a backup or a restore.
const COUNTED: [(&str, &str); 6] = [
    ("app_user", "comptes"),
    ("audience", "audiences"),
    ("affaire", "affaires"),
    ("pourvoi", "pourvois"),
    ("piece", "pièces"),
    ("audit_log", "entrées du journal"),
];

/// The file of a `sqlite:` URL (`sqlite://greffe.db?mode=rwc` → `greffe.db`).
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn url_of(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> Result<String, String> {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql.to_owned()))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("aucune ligne")?;
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .map_err(|e| e.to_string())
}

/// Checks that `path` is a sound Greffe database this version knows; returns its summary.
async fn check(path: &Path) -> Result<String, String> {
    let db = sea_orm::Database::connect(url_of(path, "ro"))
        .await
        .map_err(|e| format!("{} illisible : {e}", path.display()))?;
    let result = async {
        let integrity = scalar(&db, "PRAGMA integrity_check").await?;
        if integrity != "ok" {
            return Err(format!("{} est endommagé ({integrity})", path.display()));
        }
        let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT version FROM seaql_migrations".to_owned(),
            ))
            .await
            .map_err(|_| format!("{} n'est pas une base de Greffe", path.display()))?;
        for row in rows {
            let version: String = row.try_get_by_index(0).map_err(|e| e.to_string())?;
            if !known.contains(&version) {
                return Err(format!(
                    "{} vient d'une version plus récente de Greffe (migration {version} inconnue)",
                    path.display()
                ));
            }
        }
        let mut parts = Vec::new();
        for (table, label) in COUNTED {
            let n = scalar(&db, &format!("SELECT COUNT(*) FROM {table}")).await?;
            parts.push(format!("{n} {label}"));
        }
        Ok(parts.join(", "))
    }
    .await;
    db.close().await.map_err(|e| e.to_string())?;
    result
}

/// Writes a consistent copy of the SQLite database of `database_url` to `file` (which must
/// not exist), readers and writers carrying on meanwhile; returns its summary.
pub async fn backup(database_url: &str, file: &Path) -> Result<String, String> {
    let source = sqlite_path(database_url).ok_or(PG_TOOLS)?;
    if file.exists() {
        return Err(format!("{} existe déjà : choisissez un autre fichier", file.display()));
    }
    if !source.exists() {
        return Err(format!("base introuvable : {}", source.display()));
    }
    let db = app::store::connect(&url_of(&source, "rw"))
        .await
        .map_err(|e| e.to_string())?;
    let copied = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [file.display().to_string().into()],
        ))
        .await
        .map_err(|e| format!("copie impossible vers {} : {e}", file.display()));
    db.close().await.map_err(|e| e.to_string())?;
    copied?;
    check(file).await
}

/// Whether a process other than this one has the SQLite file at `path` open: leaving WAL
/// mode needs every other connection closed, so it is refused ("locked"), or silently not
/// done, while Greffe serves.
async fn in_use(path: &Path) -> Result<bool, String> {
    let mut opts = sea_orm::ConnectOptions::new(url_of(path, "rw"));
    opts.max_connections(1).sqlx_logging(false);
    let db = sea_orm::Database::connect(opts).await.map_err(|e| e.to_string())?;
    let mode = scalar(&db, "PRAGMA journal_mode = DELETE").await;
    db.close().await.map_err(|e| e.to_string())?;
    match mode {
        Ok(mode) => Ok(mode != "delete"),
        Err(e) if e.contains("locked") || e.contains("busy") => Ok(true),
        Err(e) => Err(e),
    }
}

/// Replaces the SQLite database of `database_url` with the backup `file`, once checked; the
/// database replaced is kept beside it. Refused while the database is served.
pub async fn restore(database_url: &str, file: &Path) -> Result<String, String> {
    let target = sqlite_path(database_url).ok_or(PG_TOOLS)?;
    if !file.is_file() {
        return Err(format!("sauvegarde introuvable : {}", file.display()));
    }
    let summary = check(file).await?;
    let mut kept = None;
    if target.exists() {
        if in_use(&target).await? {
            return Err(format!(
                "{} est ouverte par un autre processus : arrêtez Greffe avant de restaurer",
                target.display()
            ));
        }
        let aside = PathBuf::from(format!(
            "{}.avant-restauration-{}",
            target.display(),
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        ));
        std::fs::rename(&target, &aside).map_err(|e| format!("{} : {e}", target.display()))?;
        kept = Some(aside);
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    // Copied beside the target, then renamed: the target is the whole backup or untouched.
    let partial = PathBuf::from(format!("{}.restauration", target.display()));
    std::fs::copy(file, &partial)
        .and_then(|_| std::fs::File::open(&partial)?.sync_all())
        .and_then(|_| std::fs::rename(&partial, &target))
        .map_err(|e| format!("copie impossible vers {} : {e}", target.display()))?;
    Ok(match kept {
        Some(aside) => format!("{summary} ; base remplacée conservée : {}", aside.display()),
        None => summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_from_urls() {
        assert_eq!(sqlite_path("sqlite://greffe.db?mode=rwc"), Some("greffe.db".into()));
        assert_eq!(
            sqlite_path("sqlite:///var/lib/greffe/g.db"),
            Some("/var/lib/greffe/g.db".into())
        );
        assert_eq!(sqlite_path("sqlite:greffe.db"), Some("greffe.db".into()));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }
}
