//! The `greffe` command as a script would use it.

use std::process::Command;

fn greffe(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_greffe")).args(args).output().unwrap();
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

#[test]
fn deadline_list_names_every_rule() {
    let (code, out, _) = greffe(&["deadline", "--list"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out.lines().collect();
    assert_eq!(ids.len(), app::domain::deadline::RULES.len());
    assert!(ids.contains(&"cpp-567-2"));
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
        let out = Command::new(env!("CARGO_BIN_EXE_greffe"))
            .args(args)
            .env("GREFFE_DATABASE_URL", &url)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
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
