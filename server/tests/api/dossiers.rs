//! Cour de cassation dossiers through the server functions, on both backends.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::pourvoi::PourvoiDetail;
use app::error::AppError;
use serde_json::{Value, json};

const GREFFIER: &str = "greffier.cassation@demo.greffe.fr";

fn form(numero: &str, matiere: &str) -> Value {
    let today = chrono::Utc::now().date_naive();
    json!({ "form": {
        "numero": numero, "matiere": matiere, "date_pourvoi": today.to_string(),
        "decision_juridiction": "Cour d'appel de Lyon", "decision_date": (today - chrono::Duration::days(30)).to_string(),
        "decision_numero": "24/01234", "demandeur": "M. Albert MARTIN", "defendeur": "Mme Berthe DURAND",
        "avocats": "SCP Exemple", "detenu": matiere == "penal" } })
}

fn numero(seq: u32) -> String {
    format!(
        "{:02}-99.{seq:03}",
        chrono::Datelike::year(&chrono::Utc::now().date_naive()) % 100
    )
}

async fn open(app: &TestApp, cookie: &str, id: &str) -> PourvoiDetail {
    app.post_json("/api/pourvoi", &json!({ "id": id }), Some(cookie))
        .await
        .json()
}

#[tokio::test]
async fn a_pourvoi_is_registered_once_with_its_deadlines_and_first_event() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(1), "civil"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        assert_eq!(p.numero, numero(1));
        assert_eq!(p.stade, "enregistre");
        assert!(!p.detenu);
        let rules: Vec<&str> = p.echeances.iter().map(|e| e.rule_id.as_str()).collect();
        assert_eq!(rules, vec!["cpc-978"]);
        let e = &p.echeances[0];
        assert!(e.basis.contains("978"), "{}", e.basis);
        assert!(e.due > e.depart && e.ouverte);
        assert!(!e.steps.is_empty());
        assert_eq!(p.evenements.len(), 1);
        assert!(p.evenements[0].detail.contains(&numero(1)));

        // Pénal: the three deadlines the déclaration starts, soonest first.
        let id: String = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(2), "penal"), Some(&g))
            .await
            .json();
        let p = open(&app, &g, &id).await;
        assert!(p.detenu);
        assert_eq!(p.echeances.len(), 3);
        assert!(p.echeances.windows(2).all(|w| w[0].due <= w[1].due));

        // Twice: refused in French; malformed: refused on the field.
        let res = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(1), "civil"), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 409);
        assert!(matches!(res.error(), AppError::Conflict(m) if m.contains("déjà enregistré")));
        let res = app
            .post_json("/api/pourvoi_enregistrer", &form("26-1.2345", "civil"), Some(&g))
            .await;
        assert!(matches!(res.error(), AppError::Validation { field, .. } if field == "numero"));

        // Only the greffe of the Cour de cassation registers; others cannot read it.
        let lyon = app.login("greffier.lyon@demo.greffe.fr").await;
        let res = app
            .post_json("/api/pourvoi_enregistrer", &form(&numero(3), "civil"), Some(&lyon))
            .await;
        assert_eq!(res.status.as_u16(), 403);
        let res = app.post_json("/api/pourvoi", &json!({ "id": id }), Some(&lyon)).await;
        assert_eq!(res.status.as_u16(), 404);
        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        assert_eq!(open(&app, &conseiller, &id).await.numero, numero(2));
        let res = app
            .post_json(
                "/api/pourvoi_enregistrer",
                &form(&numero(4), "civil"),
                Some(&conseiller),
            )
            .await;
        assert_eq!(res.status.as_u16(), 403);
        app
    })
    .await;
}
