//! The page matrix: every page of the route table × every role × own / other juridiction, as
//! the server renders it (status of the server-side rendering). A page of the route table
//! without an expectation here fails the test.

use crate::access::{At, Expect, callers, cassation_pourvoi, lyon_affaire, lyon_audience};
use crate::helpers::{TestApp, on_each_backend};
use app::domain::role::Role::{self, *};

/// Who may open which page. Record pages are shown to the readers of the record's
/// juridiction; another juridiction's reader is told it does not exist (404).
fn expected_page(page: &str, role: Option<Role>, at: At) -> Expect {
    use Expect::*;
    // Pages anyone may read, signed in or not.
    if matches!(page, "/connexion" | "/accessibilite" | "/verification") {
        return Ok;
    }
    let Some(role) = role else {
        return Redirect;
    };
    let reads_cases = Role::READ_CASES.contains(&role);
    let organises = Role::ORGANISE_HEARINGS.contains(&role);
    let guard = |allowed: bool, own: bool| match (allowed, own) {
        (false, _) => Forbidden,
        (true, true) => Ok,
        (true, false) => NotFound,
    };
    match page {
        "/" => Ok,
        "/audiences" => guard(reads_cases, true),
        // The Cour de cassation's dossiers, séances and tasks: its readers only.
        "/pourvois" | "/seances" | "/taches" | "/notifications" | "/procedures" | "/procedures/{id}" => {
            guard(reads_cases && at == At::Cassation, true)
        }
        "/audiences/{id}" | "/affaires/{id}" => guard(reads_cases, at == At::Lyon),
        "/audiences/nouvelle" => guard(organises, true),
        "/audiences/{id}/import" | "/audiences/{id}/modifier" => guard(organises, at == At::Lyon),
        "/pourvois/{id}" => guard(reads_cases, at == At::Cassation),
        "/seances/{id}" => guard(reads_cases && at == At::Cassation, true),
        // The greffe of the Cour de cassation registers pourvois, imports arrêts and issues
        // certificats de non-pourvoi.
        "/pourvois/nouveau" | "/pourvois/import-arret" | "/certificat-non-pourvoi" | "/procedures/nouvelle" => {
            guard(role == Greffier && at == At::Cassation, true)
        }
        "/pilotage" | "/pilotage/detail" | "/pilotage/rapport" => guard(Role::READ_INDICATORS.contains(&role), true),
        // The greffes that send avis and notifications.
        "/envois" => guard(app::domain::dispatch::may_dispatch(role, at == At::Cassation), true),
        "/admin/utilisateurs" | "/admin/journal" | "/admin/modeles" | "/admin/modeles/{nature}" => {
            guard(role == Admin, true)
        }
        other => panic!("no expectation for page {other}"),
    }
}

/// The status of a page's server rendering, as an expectation.
fn outcome(page: &str, status: http::StatusCode, location: Option<&str>, who: &str) -> Expect {
    match status.as_u16() {
        200 => Expect::Ok,
        403 => Expect::Forbidden,
        404 => Expect::NotFound,
        302 | 303 | 307 => {
            let to = location.unwrap_or_default();
            assert!(to.starts_with("/connexion?suivant=/"), "{who} on {page}: sent to {to}");
            Expect::Redirect
        }
        s => panic!("{who} on {page}: unexpected {s}"),
    }
}

#[tokio::test]
async fn every_page_checks_session_role_and_juridiction() {
    on_each_backend(|app: TestApp| async move {
        let audience = lyon_audience(&app).await;
        let affaire = lyon_affaire(&app, &audience).await;
        let pourvoi = cassation_pourvoi(&app).await;
        let seance = {
            use chrono::Datelike;
            let mut date = crate::helpers::paris_today() + chrono::Duration::days(14);
            while date.weekday().number_from_monday() > 5 {
                date += chrono::Duration::days(1);
            }
            let g = app.login("greffier.cassation@demo.greffe.fr").await;
            let form =
                serde_json::json!({ "form": { "chambre": "civ1", "formation": "fs", "date": date.to_string() } });
            app.post_json("/api/seance_creer", &form, Some(&g))
                .await
                .json::<String>()
        };
        let procedure = {
            let g = app.login("greffier.cassation@demo.greffe.fr").await;
            let today = crate::helpers::paris_today();
            let form = serde_json::json!({ "form": { "nature": "avis", "numero": format!("{}-70.001", today.format("%y")),
                "matiere": "civil", "origine": "Tribunal judiciaire de Lyon", "date_saisine": today.to_string(),
                "objet": "Question de droit nouvelle" } });
            app.post_json("/api/procedure_enregistrer", &form, Some(&g))
                .await
                .json::<String>()
        };
        let mut pages: Vec<(String, String)> = server::startup::page_routes()
            .into_iter()
            .map(|r| {
                let page = if r.path().is_empty() {
                    "/".to_owned()
                } else {
                    r.path().to_owned()
                };
                let id = if page.starts_with("/audiences/") {
                    &audience
                } else if page.starts_with("/affaires/") {
                    &affaire
                } else if page.starts_with("/seances/") {
                    &seance
                } else if page.starts_with("/procedures/") {
                    &procedure
                } else {
                    &pourvoi
                };
                let path = page.replace("{id}", id).replace("{nature}", "commun");
                (page, path)
            })
            .collect();
        pages.sort();
        pages.dedup();
        assert!(pages.len() >= 20, "{pages:?}");

        let mut who: Vec<(String, Option<Role>, At, Option<String>)> =
            vec![("un visiteur".into(), None, At::Lyon, None)];
        for caller in callers(&app).await {
            let cookie = app.login(&caller.email).await;
            who.push((caller.email, Some(caller.role), caller.at, Some(cookie)));
        }
        let mut wrong = Vec::new();
        for (name, role, at, cookie) in &who {
            for (page, path) in &pages {
                let Ok(res) =
                    tokio::time::timeout(std::time::Duration::from_secs(20), app.get(path, cookie.as_deref())).await
                else {
                    wrong.push(format!("{name} ({role:?}, {at:?}) on {page}: no answer within 20 s"));
                    continue;
                };
                let location = res.headers.get(http::header::LOCATION).and_then(|v| v.to_str().ok());
                let got = outcome(page, res.status, location, name);
                let want = expected_page(page, *role, *at);
                if got != want {
                    wrong.push(format!(
                        "{name} ({role:?}, {at:?}) on {page}: {got:?}, expected {want:?}"
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "[{:?}]\n{}", app.backend, wrong.join("\n"));
        app
    })
    .await;
}

/// A page fetches each of its data once per request and sends it once: the server walks a
/// suspense's children several times before rendering, and a resource created in a closure
/// was fetched and serialised into the page two or three times (timing decided how many, so
/// each page is loaded several times).
#[tokio::test]
async fn a_page_sends_each_of_its_data_once() {
    on_each_backend(|app: TestApp| async move {
        let audience = lyon_audience(&app).await;
        let affaire = lyon_affaire(&app, &audience).await;
        let pourvoi = cassation_pourvoi(&app).await;
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        let cassation = app.login("greffier.cassation@demo.greffe.fr").await;
        // The session, then the page's own resources.
        for (path, cookie, resources) in [
            (format!("/affaires/{affaire}"), &lyon, 2),
            (format!("/audiences/{audience}"), &lyon, 2),
            (format!("/pourvois/{pourvoi}"), &cassation, 2),
            // The stock, and an empty search: nothing searched.
            ("/pourvois".to_owned(), &cassation, 3),
        ] {
            for _ in 0..5 {
                let page = app.get(&path, Some(cookie)).await;
                assert_eq!(page.status, 200, "{path}");
                assert_eq!(
                    page.body.matches("__RESOLVED_RESOURCES[").count(),
                    resources,
                    "{path}: resources sent"
                );
            }
        }
        app
    })
    .await;
}
