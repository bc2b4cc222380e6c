//! Avis and notifications, on both backends: prepared for each recipient of a record once
//! its state allows, each letter issued with its code, recorded as sent on a bordereau;
//! refused outside the greffe that sends them; greffiers at once.

use crate::documents::pdf_text;
use crate::dossiers::{open, pdf, piece_fields};
use crate::helpers::{TestApp, on_each_backend, paris_today};
use app::domain::dispatch::Envois;
use app::domain::hearing::{AudienceDetail, RenvoiOutcome};
use app::domain::import::EXAMPLE_CSV;
use app::error::AppError;
use serde_json::json;

const CASSATION: &str = "greffier.cassation@demo.greffe.fr";
const LYON: &str = "greffier.lyon@demo.greffe.fr";

/// A pourvoi with two avocats aux Conseils; its id and number.
async fn pourvoi(app: &TestApp, g: &str, seq: u32) -> (String, String) {
    let numero = format!("{}-97.{seq:03}", paris_today().format("%y"));
    let date = paris_today() - chrono::Duration::days(30);
    let form = json!({ "form": {
        "numero": numero, "matiere": "civil", "date_pourvoi": date.to_string(),
        "decision_juridiction": "Cour d'appel de Lyon", "decision_date": (date - chrono::Duration::days(20)).to_string(),
        "decision_numero": "24/04321", "demandeur": "M. Łukasz WÓJCIK", "defendeur": "Mme Đặng Thị Hương",
        "avocats": "SCP Ionescu-Țăranu; SCP Παπαδόπουλος", "detenu": false } });
    let id: String = app.post_json("/api/pourvoi_enregistrer", &form, Some(g)).await.json();
    (id, numero)
}

async fn memoire(app: &TestApp, g: &str, id: &str) {
    let date = paris_today().to_string();
    let res = app
        .upload(
            &format!("/pourvois/{id}/pieces"),
            &piece_fields("memoire_ampliatif", &date),
            ("ma.pdf", &pdf("ma")),
            Some(g),
        )
        .await;
    assert_eq!(res.status.as_u16(), 201, "{}", res.body);
}

async fn prepare(app: &TestApp, g: &str, nature: &str, objet: &str) -> crate::helpers::TestResponse {
    app.post_json(
        "/api/envois_preparer",
        &json!({ "nature": nature, "objet": objet }),
        Some(g),
    )
    .await
}

async fn list(app: &TestApp, g: &str, objet: Option<&str>) -> Envois {
    app.post_json("/api/envois", &json!({ "objet": objet }), Some(g))
        .await
        .json()
}

async fn close(app: &TestApp, g: &str, ids: &[String], date: &str, mode: &str) -> crate::helpers::TestResponse {
    app.post_json(
        "/api/bordereau_etablir",
        &json!({ "envois": ids, "date": date, "mode": mode }),
        Some(g),
    )
    .await
}

/// Issues the letter of each dispatch (as the greffier prints it before it leaves).
async fn issue(app: &TestApp, g: &str, ids: &[String]) {
    for id in ids {
        let res = app
            .get(&format!("/documents/notification?id={id}&format=pdf"), Some(g))
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    }
}

fn field_of(res: &crate::helpers::TestResponse) -> String {
    match res.error() {
        AppError::Validation { field, .. } => field,
        other => panic!("not a validation error: {other:?} ({})", res.body),
    }
}

#[tokio::test]
async fn a_pourvois_notifications_are_prepared_issued_and_sent_on_a_bordereau() {
    on_each_backend(|app| async move {
        let g = app.login(CASSATION).await;
        let (id, numero) = pourvoi(&app, &g, 1).await;
        // Nothing to notify yet: refused, nothing written.
        for nature in [
            "notification-arret",
            "notification-memoire",
            "avis-fixation",
            "convocation",
        ] {
            let res = prepare(&app, &g, nature, &id).await;
            assert_eq!((nature, res.status.as_u16()), (nature, 422), "{}", res.body);
        }
        assert!(list(&app, &g, Some(&id)).await.a_envoyer.is_empty());

        // The mémoire ampliatif goes to the other side: the défendeur and each avocat.
        memoire(&app, &g, &id).await;
        let n: usize = prepare(&app, &g, "notification-memoire", &id).await.json();
        assert_eq!(n, 3);
        let res = prepare(&app, &g, "notification-memoire", &id).await;
        assert_eq!(res.status.as_u16(), 409, "prepared once: {}", res.body);
        let e = list(&app, &g, Some(&id)).await;
        assert_eq!(e.a_envoyer.len(), 3);
        let to: Vec<&str> = e.a_envoyer.iter().map(|v| v.destinataire.as_str()).collect();
        assert!(
            to.contains(&"Mme Đặng Thị Hương") && to.contains(&"SCP Παπαδόπουλος") && !to.contains(&"M. Łukasz WÓJCIK"),
            "{to:?}"
        );
        assert!(
            e.a_envoyer
                .iter()
                .all(|v| v.codes.is_empty() && v.envoye_le.is_none() && v.dossier == numero)
        );

        // Each letter names its recipient, and is recorded as issued with its code.
        let first = e
            .a_envoyer
            .iter()
            .find(|v| v.destinataire.starts_with("SCP Ionescu"))
            .unwrap()
            .clone();
        let text = pdf_text(
            &app.get_bytes(&format!("/documents/notification?id={}&format=pdf", first.id), Some(&g))
                .await,
            "lettre",
        );
        assert!(
            text.contains("SCP Ionescu-Țăranu")
                && text.contains("Avocat aux Conseils")
                && text.contains("mémoire ampliatif"),
            "{text}"
        );
        assert!(text.contains(&numero), "{text}");
        let e = list(&app, &g, Some(&id)).await;
        let issued = e.a_envoyer.iter().find(|v| v.id == first.id).unwrap();
        assert_eq!(issued.codes.len(), 1);
        assert!(text.contains(&issued.codes[0]), "the letter prints its code");

        // The arrêt goes to both parties and both avocats.
        let arret = json!({ "id": id, "version": open(&app, &g, &id).await.version,
            "form": { "solution": "rejet", "date_arret": paris_today().to_string(), "formation": "fs" } });
        let res = app.post_json("/api/pourvoi_arret", &arret, Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let n: usize = prepare(&app, &g, "notification-arret", &id).await.json();
        assert_eq!(n, 4);
        let res = prepare(&app, &g, "notification-arret", &id).await;
        assert_eq!(res.status.as_u16(), 409, "each recipient once: {}", res.body);

        // The bordereau: a date neither future nor forgotten, a known mode, at least one.
        let memoires: Vec<String> = list(&app, &g, Some(&id))
            .await
            .a_envoyer
            .iter()
            .filter(|v| v.nature.code() == "notification-memoire")
            .map(|v| v.id.clone())
            .collect();
        let today = paris_today();
        for (ids, date, mode, field) in [
            (
                memoires.clone(),
                (today + chrono::Duration::days(1)).to_string(),
                "lrar",
                "date",
            ),
            (
                memoires.clone(),
                (today - chrono::Duration::days(90)).to_string(),
                "lrar",
                "date",
            ),
            (memoires.clone(), "31/12/2026".to_owned(), "lrar", "date"),
            (memoires.clone(), today.to_string(), "pigeon", "mode"),
            (vec![], today.to_string(), "lrar", "envois"),
        ] {
            let res = close(&app, &g, &ids, &date, mode).await;
            assert_eq!(
                (res.status.as_u16(), field_of(&res)),
                (422, field.to_owned()),
                "{}",
                res.body
            );
        }
        // What leaves is a letter issued: not before it is.
        let res = close(&app, &g, &memoires, &today.to_string(), "lrar").await;
        assert_eq!(
            (res.status.as_u16(), field_of(&res)),
            (422, "envois".to_owned()),
            "{}",
            res.body
        );
        assert!(res.body.contains("pas encore été délivrée"), "{}", res.body);
        let mut sent_codes = Vec::new();
        for m in &memoires {
            let res = app
                .get(&format!("/documents/notification?id={m}&format=pdf"), Some(&g))
                .await;
            sent_codes.push(res.headers["x-greffe-code"].to_str().unwrap().to_owned());
        }
        let numero_b: String = close(&app, &g, &memoires, &today.to_string(), "lrar").await.json();
        // A letter printed again after it left: the bordereau still names the one sent.
        let again = app
            .get(
                &format!("/documents/notification?id={}&format=pdf", memoires[0]),
                Some(&g),
            )
            .await;
        let reprint = again.headers["x-greffe-code"].to_str().unwrap().to_owned();
        assert_ne!(reprint, sent_codes[0]);
        assert_eq!(numero_b, format!("{}-0001", chrono::Datelike::year(&today)));
        let res = close(&app, &g, &memoires, &today.to_string(), "lrar").await;
        assert_eq!(res.status.as_u16(), 409, "sent once: {}", res.body);
        let e = list(&app, &g, None).await;
        let sent: Vec<_> = e.envoyes.iter().filter(|v| v.objet == id).collect();
        assert_eq!(sent.len(), 3);
        assert!(
            sent.iter()
                .all(|v| v.envoye_le.as_deref() == Some(today.to_string().as_str())
                    && v.bordereau.as_deref() == Some(numero_b.as_str())
                    && v.mode.code() == "lrar")
        );
        assert_eq!(e.a_envoyer.iter().filter(|v| v.objet == id).count(), 4);
        let b = e
            .bordereaux
            .iter()
            .find(|b| b.numero == numero_b)
            .expect("the bordereau is listed");
        let text = pdf_text(
            &app.get_bytes(&format!("/documents/bordereau?id={}&format=pdf", b.id), Some(&g))
                .await,
            "bordereau",
        );
        assert!(text.contains(&format!("Bordereau d'envoi n° {numero_b}")), "{text}");
        assert!(
            text.contains("Mme Đặng Thị Hương") && text.contains("SCP Παπαδόπουλος"),
            "{text}"
        );
        for code in &sent_codes {
            assert!(text.contains(code.as_str()), "{code} not on the bordereau: {text}");
        }
        assert!(!text.contains(&reprint), "{text}");
        assert!(text.contains("Lettre recommandée avec avis de réception"), "{text}");

        // Cancelled while waiting; never once sent.
        let waiting = list(&app, &g, Some(&id)).await.a_envoyer[0].id.clone();
        let res = app.post("/api/envoi_annuler", &[("id", &waiting)], Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        assert_eq!(list(&app, &g, Some(&id)).await.a_envoyer.len(), 3);
        let res = app.post("/api/envoi_annuler", &[("id", &memoires[0])], Some(&g)).await;
        assert_eq!(res.status.as_u16(), 409, "{}", res.body);
        let res = app.post("/api/envoi_annuler", &[("id", "inconnu")], Some(&g)).await;
        assert_eq!(res.status.as_u16(), 404);

        // Another greffe finds none of it; the Cour's magistrats do not send.
        let lyon = app.login(LYON).await;
        assert_eq!(prepare(&app, &lyon, "convocation", &id).await.status.as_u16(), 404);
        assert_eq!(
            prepare(&app, &lyon, "notification-arret", &id).await.status.as_u16(),
            422
        );
        assert!(list(&app, &lyon, None).await.envoyes.iter().all(|v| v.objet != id));
        for path in [
            format!("/documents/notification?id={}&format=pdf", first.id),
            format!("/documents/bordereau?id={}&format=pdf", b.id),
        ] {
            assert_eq!(app.get(&path, Some(&lyon)).await.status.as_u16(), 404, "{path}");
        }
        let magistrat = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        assert_eq!(
            prepare(&app, &magistrat, "notification-arret", &id)
                .await
                .status
                .as_u16(),
            403
        );
        let audit: Vec<app::domain::account::AuditEntry> = app
            .post(
                "/api/journal",
                &[("action", "bordereau_etablir")],
                Some(&app.login("admin.cassation@demo.greffe.fr").await),
            )
            .await
            .json();
        assert_eq!(audit.len(), 1);
        app
    })
    .await;
}

#[tokio::test]
async fn convocations_after_a_renvoi_go_to_each_prevenu() {
    on_each_backend(|app| async move {
        let g = app.login(LYON).await;
        let audience = crate::concurrency::new_audience(&app, &g, 20).await;
        let res = crate::concurrency::import(&app, &g, &audience, EXAMPLE_CSV).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let a: AudienceDetail = app.post_json("/api/audience", &json!({ "id": audience }), Some(&g)).await.json();
        let line = a.affaires[0].clone();
        let res = prepare(&app, &g, "convocation", &line.id).await;
        assert_eq!(res.status.as_u16(), 422, "no renvoi, no convocation: {}", res.body);
        let out: RenvoiOutcome = app
            .post_json(
                "/api/renvoi_enregistrer",
                &json!({ "affaire_id": line.id, "version": line.version, "renvoi": {
                    "motif": "absence avis JAP", "nouvelle_date": (paris_today() + chrono::Duration::days(60)).to_string(),
                    "mesure": "maintien_detention", "observations": "" } }),
                Some(&g),
            )
            .await
            .json();
        let n: usize = prepare(&app, &g, "convocation", &out.affaire_id).await.json();
        let affaire: app::domain::hearing::AffaireDetail = app
            .post_json("/api/affaire", &json!({ "id": out.affaire_id }), Some(&g))
            .await
            .json();
        let avocats = affaire.prevenus.iter().filter(|p| !p.avocat.trim().is_empty()).count();
        assert_eq!(n, affaire.prevenus.len() + avocats, "each prévenu and his avocat");
        let e = list(&app, &g, Some(&out.affaire_id)).await;
        assert_eq!(e.a_envoyer.len(), n);
        let v = e.a_envoyer.iter().find(|v| v.qualite == "Prévenu").expect("the prévenu").clone();
        let text = pdf_text(
            &app.get_bytes(&format!("/documents/notification?id={}&format=pdf", v.id), Some(&g)).await,
            "convocation",
        );
        assert!(text.contains(&v.destinataire) && text.contains("Convocation"), "{text}");
        let ids: Vec<String> = e.a_envoyer.iter().map(|v| v.id.clone()).collect();
        issue(&app, &g, &ids).await;
        let numero: String = close(&app, &g, &ids, &paris_today().to_string(), "main-propre").await.json();
        let e = list(&app, &g, Some(&out.affaire_id)).await;
        assert!(e.a_envoyer.is_empty() && e.envoyes.iter().all(|v| v.bordereau.as_deref() == Some(numero.as_str())));
        // The Cour de cassation's greffe does not convoke to a tribunal's audience.
        let cass = app.login(CASSATION).await;
        assert_eq!(prepare(&app, &cass, "convocation", &out.affaire_id).await.status.as_u16(), 422);
        app
    })
    .await;
}

#[tokio::test]
async fn greffiers_at_once_prepare_once_and_send_each_dispatch_once() {
    on_each_backend(|app| async move {
        let g = app.login(CASSATION).await;
        let (id, _) = pourvoi(&app, &g, 2).await;
        memoire(&app, &g, &id).await;
        let (app_ref, g_ref, id_ref) = (&app, &g, &id);
        let mut statuses: Vec<u16> = futures::future::join_all((0..6).map(|_| async move {
            prepare(app_ref, g_ref, "notification-memoire", id_ref)
                .await
                .status
                .as_u16()
        }))
        .await;
        statuses.sort();
        assert_eq!(statuses, vec![200, 409, 409, 409, 409, 409], "[{:?}]", app.backend);
        let ids: Vec<String> = list(&app, &g, Some(&id))
            .await
            .a_envoyer
            .iter()
            .map(|v| v.id.clone())
            .collect();
        assert_eq!(ids.len(), 3);
        issue(&app, &g, &ids).await;
        let today = paris_today().to_string();
        let (ids_ref, today_ref) = (&ids, &today);
        let mut statuses: Vec<u16> = futures::future::join_all(
            (0..6).map(|_| async move { close(app_ref, g_ref, ids_ref, today_ref, "lrar").await.status.as_u16() }),
        )
        .await;
        statuses.sort();
        assert_eq!(statuses, vec![200, 409, 409, 409, 409, 409], "[{:?}]", app.backend);
        let e = list(&app, &g, None).await;
        assert_eq!(e.bordereaux.len(), 1, "the refused ones left no bordereau");
        // Bordereaux of different dispatches at once: each its own number.
        let arret = json!({ "id": id, "version": open(&app, &g, &id).await.version,
            "form": { "solution": "rejet", "date_arret": today, "formation": "fs" } });
        assert_eq!(
            app.post_json("/api/pourvoi_arret", &arret, Some(&g))
                .await
                .status
                .as_u16(),
            200
        );
        let n: usize = prepare(&app, &g, "notification-arret", &id).await.json();
        let waiting: Vec<String> = list(&app, &g, Some(&id))
            .await
            .a_envoyer
            .iter()
            .map(|v| v.id.clone())
            .collect();
        assert_eq!(waiting.len(), n);
        issue(&app, &g, &waiting).await;
        let mut numbers: Vec<String> = futures::future::join_all(waiting.iter().map(|w| async move {
            close(app_ref, g_ref, std::slice::from_ref(w), today_ref, "electronique")
                .await
                .json::<String>()
        }))
        .await;
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), n, "[{:?}] {numbers:?}", app.backend);
        assert_eq!(list(&app, &g, None).await.bordereaux.len(), 1 + n);
        app
    })
    .await;
}
