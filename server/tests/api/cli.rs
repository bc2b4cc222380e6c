//! The `greffe` command as a script would use it.

use std::process::Command;

fn greffe(args: &[&str]) -> (i32, String, String) {
    run(Command::new(env!("CARGO_BIN_EXE_greffe")).args(args))
}

/// `greffe` on the database at `url`.
fn greffe_on(url: &str, args: &[&str]) -> (i32, String, String) {
    run(Command::new(env!("CARGO_BIN_EXE_greffe"))
        .args(args)
        .env("GREFFE_DATABASE_URL", url)
        .env("GREFFE_LOG", "warn"))
}

fn run(command: &mut Command) -> (i32, String, String) {
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn deadline_prints_one_json_object_with_its_basis_and_steps() {
    let (code, out, _) = greffe(&["deadline", "--rule", "cpc-612", "--from", "2026-10-25"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rule"], "cpc-612");
    assert_eq!(v["from"], "2026-10-25");
    assert_eq!(v["due"], "2026-12-28");
    assert_eq!(v["basis"]["article"], "612");
    assert_eq!(v["basis"]["code"], "CPC");
    assert!(v["steps"].as_array().unwrap().len() >= 4);

    let (_, out, _) = greffe(&[
        "deadline",
        "--rule",
        "cpc-612",
        "--from",
        "2025-10-26",
        "--calendar",
        "alsace-moselle",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["due"], "2025-12-29");
}

/// The wording in force on the start date: art. 568 CPP went from 5 to 10 jours francs for
/// decisions pronounced from 30 September 2024, and becomes L. 7212-1 in 2029.
#[test]
fn deadline_prints_the_version_in_force_on_the_start_date() {
    for (from, due, delay, article, in_force) in [
        ("2024-09-29", "2024-10-07", "5 jours francs", "568", "2004-10-01"),
        ("2024-09-30", "2024-10-11", "10 jours francs", "568", "2024-09-30"),
        ("2029-01-02", "2029-01-15", "10 jours francs", "L. 7212-1", "2029-01-01"),
    ] {
        let (code, out, err) = greffe(&["deadline", "--rule", "cpp-568", "--from", from]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["due"], due, "{from}");
        assert_eq!(v["delay"], delay, "{from}");
        assert_eq!(v["basis"]["article"], article, "{from}");
        assert_eq!(v["basis"]["in_force"], in_force, "{from}");
        assert_eq!(v["version"]["in_force"], in_force, "{from}");
        assert!(v["basis"]["citation"].as_str().unwrap().contains(article), "{from}");
    }
    // Délais de distance and an outre-mer calendar.
    let (_, out, _) = greffe(&[
        "deadline",
        "--rule",
        "cpc-978",
        "--from",
        "2026-01-14",
        "--residence",
        "etranger",
        "--calendar",
        "guadeloupe",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["due"], "2026-07-15");
    assert_eq!(v["residence"], "etranger");
    assert_eq!(v["calendar"], "guadeloupe");
}

#[test]
fn deadline_list_names_every_rule() {
    let (code, out, _) = greffe(&["deadline", "--list"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out.lines().collect();
    assert_eq!(ids.len(), app::domain::deadline::RULES.len());
    for id in [
        "cpp-567-2",
        "cpp-567-2-memoire",
        "cpp-568",
        "cpp-568-1",
        "cpp-712-15",
        "loi-1881-59",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
}

#[test]
fn deadline_refuses_bad_input_in_french_with_a_non_zero_exit() {
    for (args, needle) in [
        (
            vec!["deadline", "--rule", "cpc-999", "--from", "2026-01-01"],
            "règle inconnue",
        ),
        (
            vec!["deadline", "--rule", "cpc-612", "--from", "2026-02-30"],
            "date invalide",
        ),
        (
            vec!["deadline", "--rule", "cpc-612", "--from", "01/02/2026"],
            "date invalide",
        ),
        (
            vec![
                "deadline",
                "--rule",
                "cpc-612",
                "--from",
                "2026-01-01",
                "--calendar",
                "corse",
            ],
            "calendrier inconnu",
        ),
        (
            vec![
                "deadline",
                "--rule",
                "cpc-612",
                "--from",
                "2026-01-01",
                "--residence",
                "lune",
            ],
            "résidence inconnue",
        ),
        (
            vec!["deadline", "--rule", "cpc-612", "--from", "+262142-12-01"],
            "date invalide",
        ),
        (
            vec!["deadline", "--rule", "cpc-612", "--from", "2999-01-01"],
            "date invalide",
        ),
    ] {
        let (code, out, err) = greffe(&args);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty());
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let (code, _, _) = greffe(&["deadline", "--from", "2026-01-01"]);
    assert_ne!(code, 0, "--rule is required");
}

#[tokio::test]
async fn stats_checks_the_pilotage_figures_and_rebuilds_them() {
    use sea_orm::ConnectionTrait;
    let path = std::env::temp_dir().join(format!("greffe_cli_stats_{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let run = |args: &[&str]| {
        let (code, out, err) = greffe_on(&url, args);
        (code, out + &err)
    };
    // The tribunal seed (TJ Lyon over five years): its pre-aggregated figures equal a recount.
    assert_eq!(run(&["seed", "--profile", "tribunal"]).0, 0);
    let (code, out) = run(&["stats"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Indicateurs exacts"), "{out}");

    // A figure gone wrong (say, restored from an old backup) is found, then mended.
    let db = app::store::connect(&url).await.unwrap();
    db.execute_unprepared("UPDATE stat_cell SET n = n + 1 WHERE indicateur = 'affaires'")
        .await
        .unwrap();
    db.close().await.unwrap();
    let (code, out) = run(&["stats"]);
    assert_ne!(code, 0);
    assert!(out.contains("diffèrent du recomptage"), "{out}");
    assert_eq!(run(&["stats", "--rebuild"]).0, 0);
    assert_eq!(run(&["stats"]).0, 0);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Rows of every table, by name.
async fn table_counts(db: &sea_orm::DatabaseConnection) -> Vec<(String, i64)> {
    use sea_orm::ConnectionTrait;
    let tables = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name".to_owned(),
        ))
        .await
        .unwrap();
    let mut counts = Vec::new();
    for t in tables {
        let name: String = t.try_get_by_index(0).unwrap();
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Sqlite,
                format!("SELECT COUNT(*) FROM \"{name}\""),
            ))
            .await
            .unwrap()
            .unwrap();
        counts.push((name, row.try_get_by_index(0).unwrap()));
    }
    counts
}

/// A backup taken while Greffe serves restores every row as it was; restoring over the
/// served database, a damaged file or an existing backup file is refused.
#[tokio::test]
async fn a_backup_taken_while_serving_restores_everything() {
    use crate::helpers::{Backend, TestApp};
    let app = TestApp::spawn(Backend::Sqlite).await;
    let file = app.sqlite_file().unwrap().to_owned();
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let g = app.login("greffier.lyon@demo.greffe.fr").await;
    let before = table_counts(&app.db).await;
    assert!(before.iter().any(|(t, n)| t == "affaire" && *n > 0), "{before:?}");

    let dir = std::env::temp_dir();
    let tag = format!("{}-{}", std::process::id(), chrono::Utc::now().timestamp_micros());
    let backup = dir.join(format!("greffe-sauvegarde-{tag}.db"));
    let (code, out, err) = greffe_on(&url, &["backup", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sauvegarde écrite et vérifiée"), "{out}");
    let (code, _, err) = greffe_on(&url, &["backup", backup.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains("existe déjà"), "{err}");

    // Greffe carries on after the backup: a new session is a new row.
    app.login("dsgj.lyon@demo.greffe.fr").await;
    assert_ne!(table_counts(&app.db).await, before);
    let (code, _, err) = greffe_on(&url, &["restore", backup.to_str().unwrap()]);
    assert_ne!(code, 0, "restored over a served database");
    assert!(err.contains("arrêtez Greffe"), "{err}");

    // Restored elsewhere: every table as it was at the backup.
    let target = dir.join(format!("greffe-restauree-{tag}.db"));
    let target_url = format!("sqlite://{}?mode=rwc", target.display());
    let (code, out, err) = greffe_on(&target_url, &["restore", backup.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Base restaurée"), "{out}");
    let restored = server::startup::database(&target_url).await.unwrap();
    assert_eq!(table_counts(&restored).await, before);
    restored.close().await.unwrap();

    // A damaged file is refused and the database left as it was.
    let damaged = dir.join(format!("greffe-endommagee-{tag}.db"));
    std::fs::write(&damaged, b"pas une base").unwrap();
    let (code, _, err) = greffe_on(&target_url, &["restore", damaged.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(
        err.contains("illisible") || err.contains("pas une base") || err.contains("endommagé"),
        "{err}"
    );
    let restored = server::startup::database(&target_url).await.unwrap();
    assert_eq!(table_counts(&restored).await, before);
    restored.close().await.unwrap();

    let _ = g;
    for f in [&backup, &damaged, &target] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", f.display()));
        }
    }
    app.cleanup().await;
}

/// A court's holiday calendar is set from the command line, audited; unknown calendars and
/// courts are refused in French.
#[tokio::test]
async fn a_courts_calendar_is_set_from_the_command_line() {
    use crate::helpers::{Backend, TestApp};
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn(Backend::Sqlite).await;
    let url = format!("sqlite://{}?mode=rwc", app.sqlite_file().unwrap().display());
    let calendar = |code: &'static str| {
        let db = app.db.clone();
        async move {
            db.query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Sqlite,
                "SELECT calendar FROM juridiction WHERE code = ?",
                [code.into()],
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<String>(0)
            .unwrap()
        }
    };
    assert_eq!(calendar("165").await, "alsace-moselle");
    let args = [
        "calendrier",
        "--juridiction",
        "165",
        "--calendrier",
        "alsace-moselle-sans-vendredi-saint",
    ];
    let (code, out, err) = greffe_on(&url, &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("alsace-moselle-sans-vendredi-saint"), "{out}");
    assert_eq!(calendar("165").await, "alsace-moselle-sans-vendredi-saint");
    let audited = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'juridiction_calendrier'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(audited, 1);
    for (args, needle) in [
        (
            ["calendrier", "--juridiction", "165", "--calendrier", "corse"],
            "calendrier inconnu",
        ),
        (
            ["calendrier", "--juridiction", "99999", "--calendrier", "metropole"],
            "juridiction inconnue",
        ),
    ] {
        let (code, _, err) = greffe_on(&url, &args);
        assert_ne!(code, 0);
        assert!(err.contains(needle), "{err}");
    }
    assert_eq!(calendar("165").await, "alsace-moselle-sans-vendredi-saint");
    app.cleanup().await;
}
