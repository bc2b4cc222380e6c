//! The président's visa of the notes d'audience (art. 453 CPP), on both backends: only the
//! président of the audience vises, once per version of the notes, within three days; a
//! note changed afterwards needs a new visa; the document prints it.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::account::CurrentUser;
use app::domain::hearing::AudienceDetail;
use app::domain::visa::{Statut, VisaView};
use app::error::AppError;
use serde_json::json;

const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";
const PRESIDENT: &str = "magistrat-siege.lyon@demo.greffe.fr";

/// An audience of TJ Lyon `days_ago` presided by `president`, with one affaire; its id and
/// the affaire's.
async fn audience(app: &TestApp, g: &str, days_ago: i64, president: &str) -> (String, String) {
    let date = (crate::helpers::paris_today() - chrono::Duration::days(days_ago)).to_string();
    let form = crate::helpers::audience_form(&date, president);
    let id: String = app
        .post_json("/api/audience_creer", &json!({ "form": form }), Some(g))
        .await
        .json();
    let csv = format!(
        "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n26/7{days_ago:05};1;NOM;Prénom;01/02/1990;libre;COPJ;CMP;11886;;01/03/2026\n"
    );
    let res = crate::concurrency::import(app, g, &id, &csv).await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    let detail: AudienceDetail = app
        .post_json("/api/audience", &json!({ "id": id }), Some(g))
        .await
        .json();
    (id, detail.affaires[0].id.clone())
}

async fn visa(app: &TestApp, cookie: &str, audience: &str) -> VisaView {
    app.post_json("/api/notes_visa", &json!({ "audience_id": audience }), Some(cookie))
        .await
        .json()
}

async fn note(app: &TestApp, g: &str, affaire: &str, base: i64, texte: &str) {
    let res = app
        .post_json(
            "/api/note_enregistrer",
            &json!({ "affaire_id": affaire, "base": base, "texte": texte }),
            Some(g),
        )
        .await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
}

#[tokio::test]
async fn only_the_president_vises_each_version_of_the_notes_and_the_document_prints_it() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let p = app.login(PRESIDENT).await;
        let me: Option<CurrentUser> = app.post("/api/moi", &[], Some(&p)).await.json();
        let name = me.unwrap().display_name;
        let (id, affaire) = audience(&app, &g, 0, &name).await;
        let viser = |cookie: &str| {
            let cookie = cookie.to_owned();
            let app = &app;
            let id = id.clone();
            async move {
                app.post_json("/api/notes_viser", &json!({ "audience_id": id }), Some(&cookie))
                    .await
            }
        };

        // No note yet: nothing to visa.
        let v = visa(&app, &g, &id).await;
        assert_eq!(
            (v.statut, v.president_inscrit, v.par_moi),
            (Statut::SansNote, true, false)
        );
        let res = viser(&p).await;
        assert!(
            matches!(res.error(), AppError::Validation { field, .. } if field == "visa"),
            "{}",
            res.body
        );

        note(&app, &g, &affaire, 0, "Appel de la cause.").await;
        let v = visa(&app, &p, &id).await;
        assert_eq!((v.statut, v.par_moi, v.retard), (Statut::AViser, true, false));
        let due = app::domain::deadline::compute(
            app::domain::deadline::rule("cpp-453").unwrap(),
            crate::helpers::paris_today(),
            app::domain::juridiction::Calendar::Metropole,
        )
        .due;
        assert_eq!(v.echeance, due.to_string());
        let awaited: Vec<VisaView> = app.post_json("/api/visas_attendus", &json!({}), Some(&p)).await.json();
        assert!(awaited.iter().any(|a| a.audience_id == id), "{awaited:?}");

        // Not the président, not his juridiction, not a magistrat: refused, nothing recorded.
        for (who, status) in [
            ("conseiller2.cassation@demo.greffe.fr", 404),
            ("magistrat-siege.strasbourg@demo.greffe.fr", 404),
            (GREFFIER, 403),
            ("magistrat-parquet.lyon@demo.greffe.fr", 403),
        ] {
            let cookie = app.login(who).await;
            assert_eq!(viser(&cookie).await.status.as_u16(), status, "{who}");
        }
        let other = app::store::accounts::NewUser {
            email: &app::domain::account::Email::parse("assesseur.lyon@demo.greffe.fr").unwrap(),
            display_name: "Autre Juge",
            role: app::domain::role::Role::MagistratSiege,
            juridiction_id: app.juridiction("167").await,
            password: crate::helpers::PASSWORD,
        };
        app::store::accounts::create_user(&app.db, other).await.unwrap();
        let other = app.login("assesseur.lyon@demo.greffe.fr").await;
        assert_eq!(
            viser(&other).await.status.as_u16(),
            403,
            "another magistrat of the tribunal"
        );
        assert_eq!(visa(&app, &g, &id).await.statut, Statut::AViser);

        // The président vises: once.
        assert_eq!(viser(&p).await.status.as_u16(), 200);
        let v = visa(&app, &g, &id).await;
        assert_eq!(v.statut, Statut::Vise);
        let d = v.dernier.unwrap();
        assert_eq!((d.president.as_str(), d.notes), (name.as_str(), 1));
        assert_eq!(viser(&p).await.status.as_u16(), 409);
        let awaited: Vec<VisaView> = app.post_json("/api/visas_attendus", &json!({}), Some(&p)).await.json();
        assert!(awaited.iter().all(|a| a.audience_id != id));
        let doc = app
            .get(&format!("/documents/note-audience?id={id}&format=odt"), Some(&g))
            .await;
        assert_eq!(doc.status.as_u16(), 200);

        // A note changed after the visa: a new visa is due.
        note(&app, &g, &affaire, 1, "Appel de la cause. Le prévenu est présent.").await;
        assert_eq!(visa(&app, &g, &id).await.statut, Statut::ARenouveler);
        assert_eq!(viser(&p).await.status.as_u16(), 200);
        assert_eq!(visa(&app, &g, &id).await.statut, Statut::Vise);
        app
    })
    .await;
}

#[tokio::test]
async fn an_overdue_visa_is_an_alert_for_the_greffe() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let (id, affaire) = audience(&app, &g, 10, "Président sans compte").await;
        note(&app, &g, &affaire, 0, "Appel de la cause.").await;
        let v = visa(&app, &g, &id).await;
        assert_eq!((v.statut, v.president_inscrit, v.retard), (Statut::AViser, false, true));
        let awaited: Vec<VisaView> = app.post_json("/api/visas_attendus", &json!({}), Some(&g)).await.json();
        assert!(awaited.iter().any(|a| a.audience_id == id && a.retard), "{awaited:?}");
        let dsgj = app.login("dsgj.lyon@demo.greffe.fr").await;
        let awaited: Vec<VisaView> = app
            .post_json("/api/visas_attendus", &json!({}), Some(&dsgj))
            .await
            .json();
        assert!(awaited.iter().any(|a| a.audience_id == id));
        let strasbourg = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let awaited: Vec<VisaView> = app
            .post_json("/api/visas_attendus", &json!({}), Some(&strasbourg))
            .await
            .json();
        assert!(awaited.iter().all(|a| a.audience_id != id));
        app
    })
    .await;
}
