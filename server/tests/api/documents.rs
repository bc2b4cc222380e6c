//! Documents generated from the records, on both backends: each kind as PDF (read back by
//! poppler's pdftotext and pdfinfo) and ODT (read back by Python's zipfile), refused outside
//! the caller's juridiction, role and the records' state, and logged when issued.

use crate::helpers::{TestApp, on_each_backend};
use app::domain::decision::{Decision, NatureJugement, Peine, Prevention, Sanction};
use app::domain::hearing::{AffaireDetail, AudienceDetail, EtatAffaire};
use app::domain::import::EXAMPLE_CSV;
use sea_orm::ConnectionTrait;
use serde_json::json;
use std::process::Command;

const GREFFIER: &str = "greffier.lyon@demo.greffe.fr";
const CASSATION: &str = "greffier.cassation@demo.greffe.fr";

fn day(offset: i64) -> chrono::NaiveDate {
    crate::helpers::paris_today() + chrono::Duration::days(offset)
}

/// The text of a PDF as pdftotext reads it, after pdfinfo checked its structure.
pub(crate) fn pdf_text(bytes: &[u8], tag: &str) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "{tag}: not a PDF");
    let file = std::env::temp_dir().join(format!("greffe-doc-{}-{tag}.pdf", std::process::id()));
    std::fs::write(&file, bytes).unwrap();
    let info = Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo (poppler-utils)");
    assert!(
        info.status.success(),
        "{tag}: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("Creator:") && info.contains("Greffe"), "{tag}: {info}");
    // Archivable: PDF/A-2b (its XMP identification), every font embedded.
    let xmp = Command::new("pdfinfo")
        .arg("-meta")
        .arg(&file)
        .output()
        .expect("pdfinfo -meta");
    let xmp = String::from_utf8_lossy(&xmp.stdout).replace(['\n', ' '], "");
    let part = ["<pdfaid:part>2</pdfaid:part>", "pdfaid:part=\"2\""];
    let conformance = ["<pdfaid:conformance>B</pdfaid:conformance>", "pdfaid:conformance=\"B\""];
    assert!(
        part.iter().any(|p| xmp.contains(p)) && conformance.iter().any(|c| xmp.contains(c)),
        "{tag}: no PDF/A-2b identification: {xmp}"
    );
    let fonts = Command::new("pdffonts")
        .arg(&file)
        .output()
        .expect("pdffonts (poppler-utils)");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{tag}: no font: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding…] emb sub uni object ID
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "{tag}: font not embedded: {row}");
    }
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "{tag}: {}", String::from_utf8_lossy(&out.stderr));
    // Lines wrap where the page does: compare on single spaces.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an ODT's content.xml, after Python's zipfile checked the archive.
fn odt_text(bytes: &[u8], tag: &str) -> String {
    let file = std::env::temp_dir().join(format!("greffe-doc-{}-{tag}.odt", std::process::id()));
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, zipfile, xml.dom.minidom as m; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; \
             assert z.namelist()[0] == 'mimetype' and z.read('mimetype') == b'application/vnd.oasis.opendocument.text'; \
             [m.parseString(z.read(n)) for n in ('content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml')]; \
             d = m.parseString(z.read('content.xml')); st = m.parseString(z.read('styles.xml')); \
             defined = {e.getAttribute('style:name') for x in (d, st) for e in x.getElementsByTagName('style:style')}; \
             used = {e.getAttribute(a) for e in d.getElementsByTagName('*') for a in ('text:style-name', 'table:style-name') if e.hasAttribute(a)}; \
             assert used <= defined, used - defined; \
             print(' '.join(t.data for t in d.getElementsByTagName('*') for t in t.childNodes if t.nodeType == t.TEXT_NODE))",
        )
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "{tag}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

async fn status(app: &TestApp, path: &str, cookie: Option<&str>) -> u16 {
    app.get(path, cookie).await.status.as_u16()
}

fn condamnation(a: &AffaireDetail, p: usize) -> Decision {
    Decision {
        preventions: a.prevenus[p]
            .infractions
            .iter()
            .map(|i| (i.id.clone(), Prevention::Culpabilite))
            .collect(),
        sanction: Some(Sanction::Condamnation),
        peines: vec![Peine::EmprisonnementSursis { mois: 6 }, Peine::Amende { euros: 300 }],
        mandat_de_depot: false,
        execution_provisoire: false,
        interets_civils: vec![],
        nature: NatureJugement::Cas,
    }
}

#[tokio::test]
async fn hearing_documents_are_made_from_the_records_in_pdf_and_odt() {
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id: String = app
            .post_json(
                "/api/audience_creer",
                &json!({ "form": {
                    "date": day(0).to_string(), "heure_debut": "13:30", "chambre": "Chambre des documents",
                    "formation": "juge_unique", "president": "Mme Présidente", "assesseurs": "",
                    "ministere_public": "M. Procureur", "greffier": "Mme Greffière",
                    "prevues": "2", "maximum": "10", "duree_estimee_min": "60" } }),
                Some(&g),
            )
            .await
            .json();
        let res = app
            .post_json(
                "/api/role_importer",
                &json!({ "audience_id": id, "format": "csv", "contenu": EXAMPLE_CSV, "confirmer": true }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let aud: AudienceDetail = app.post_json("/api/audience", &json!({ "id": id }), Some(&g)).await.json();
        let affaire = |id: String| {
            let (app, g) = (&app, g.clone());
            async move {
                app.post_json("/api/affaire", &json!({ "id": id }), Some(&g))
                    .await
                    .json::<AffaireDetail>()
            }
        };
        // First affaire: judged, with a note; the second adjourned.
        let first = affaire(aud.affaires[0].id.clone()).await;
        let res = app
            .post_json(
                "/api/note_enregistrer",
                &json!({ "affaire_id": first.id, "base": 0, "texte": "Appel de la cause à 13 h 40.\nLe prévenu « reconnaît » les faits." }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        for p in 0..first.prevenus.len() {
            let current = affaire(first.id.clone()).await;
            let res = app
                .post_json(
                    "/api/decision_enregistrer",
                    &json!({ "affaire_id": first.id, "version": current.version,
                        "prevenu_id": first.prevenus[p].id, "decision": condamnation(&first, p) }),
                    Some(&g),
                )
                .await;
            assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        }
        let second = affaire(aud.affaires[1].id.clone()).await;
        let motifs: Vec<String> = app.post_json("/api/motifs_renvoi", &json!({}), Some(&g)).await.json();
        let res = app
            .post_json(
                "/api/renvoi_enregistrer",
                &json!({ "affaire_id": second.id, "version": second.version, "renvoi": {
                    "motif": motifs[0], "nouvelle_date": day(40).to_string(), "mesure": "aucune", "observations": "" } }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let moved = affaire(second.id.clone()).await;
        assert_eq!(moved.etat, EtatAffaire::Renvoyee);
        let continued = affaire(moved.renvoi.unwrap().nouvelle_affaire_id.unwrap()).await;

        let doc = |kind: &str, query: String, format: &str| format!("/documents/{kind}?{query}&format={format}");
        let nom = first.prevenus[0].nom.to_uppercase();

        let note = pdf_text(&app.get_bytes(&doc("note-audience", format!("id={id}"), "pdf"), Some(&g)).await, "note");
        for expected in [
            "TRIBUNAL JUDICIAIRE DE LYON",
            "Notes d'audience",
            "Chambre des documents",
            &format!("Affaire n° 1 — parquet n° {}", first.numero_parquet),
            &nom,
            "Le prévenu « reconnaît » les faits.",
            "6 mois d'emprisonnement avec sursis",
            "300 € d'amende",
            "Contradictoire à signifier",
            "Renvoi à l'audience du",
            "Vu, le président, Mme Présidente",
        ] {
            assert!(note.contains(expected), "[{:?}] note d'audience lacks « {expected} »: {note}", app.backend);
        }
        let res = app.get(&doc("note-audience", format!("id={id}"), "pdf"), Some(&g)).await;
        assert_eq!(res.headers["content-type"], "application/pdf");
        let disposition = res.headers["content-disposition"].to_str().unwrap().to_owned();
        assert_eq!(disposition, format!("attachment; filename=\"notes-audience-{}.pdf\"", day(0)));
        let odt = odt_text(&app.get_bytes(&doc("note-audience", format!("id={id}"), "odt"), Some(&g)).await, "note");
        assert!(odt.contains("Le prévenu « reconnaît » les faits.") && odt.contains("Vu, le président"), "{odt}");

        let role = pdf_text(&app.get_bytes(&doc("role", format!("id={id}"), "pdf"), Some(&g)).await, "role");
        assert!(role.contains(&first.numero_parquet) && role.contains(&second.numero_parquet), "{role}");
        let jugement = pdf_text(&app.get_bytes(&doc("jugement", format!("id={}", first.id), "pdf"), Some(&g)).await, "jugement");
        for expected in ["Jugement correctionnel", &nom, "Par ces motifs", "coupable des faits qualifiés de", "Condamne"] {
            assert!(jugement.contains(expected), "the jugement lacks « {expected} »: {jugement}");
        }
        // Judged by a jugement contradictoire à signifier, in his absence: no warning was given.
        assert!(!jugement.contains("132-29"), "{jugement}");
        let extrait = pdf_text(
            &app.get_bytes(&doc("extrait", format!("id={}&prevenu={}", first.id, first.prevenus[0].id), "pdf"), Some(&g)).await,
            "extrait",
        );
        assert!(extrait.contains("Pour extrait certifié conforme"), "{extrait}");
        let fiche = pdf_text(
            &app.get_bytes(&doc("fiche-casier", format!("id={}&prevenu={}", first.id, first.prevenus[0].id), "pdf"), Some(&g)).await,
            "fiche",
        );
        for expected in ["casier judiciaire national", "art. 768", &nom, "Lieu de naissance : à compléter", "NATINF"] {
            assert!(fiche.contains(expected), "the fiche lacks « {expected} »: {fiche}");
        }
        let convocation = odt_text(
            &app.get_bytes(
                &doc("convocation", format!("id={}&prevenu={}", continued.id, continued.prevenus[0].id), "odt"),
                Some(&g),
            )
            .await,
            "convocation",
        );
        assert!(convocation.contains(&format!("(motif : {})", motifs[0])), "{convocation}");

        // Every document of the audience at once: a ZIP of PDF/A, each with its own code.
        let res = app.get(&doc("lot-audience", format!("id={id}"), "pdf"), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        assert_eq!(res.headers["content-type"], "application/zip");
        let zip = app.get_bytes(&doc("lot-audience", format!("id={id}"), "pdf"), Some(&g)).await;
        let file = std::env::temp_dir().join(format!("greffe-lot-{}.zip", std::process::id()));
        std::fs::write(&file, &zip).unwrap();
        let out = Command::new("python3")
            .arg("-c")
            .arg("import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; \
                  [print(n, z.read(n)[:5].decode()) for n in z.namelist()]")
            .arg(&file)
            .output()
            .unwrap();
        let _ = std::fs::remove_file(&file);
        let listing = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for name in ["01-role-", "02-notes-audience-", "jugement-", "extrait-", "fiche-casier-"] {
            assert!(listing.contains(name), "the ZIP lacks {name}: {listing}");
        }
        assert!(listing.lines().all(|l| l.ends_with("%PDF-")), "{listing}");
        // The same documents one by one, for a browser showing its progress: in the ZIP's
        // order, each URL a PDF named as in the ZIP.
        let entries: Vec<app::domain::document::BatchEntry> =
            app.post_json("/api/documents_audience", &json!({ "id": id }), Some(&g)).await.json();
        let names: Vec<&str> = listing.lines().map(|l| l.split_once(' ').unwrap().0).collect();
        assert_eq!(entries.len(), names.len(), "{entries:?}");
        for (n, (entry, name)) in entries.iter().zip(&names).enumerate() {
            let res = app.get(&entry.url, Some(&g)).await;
            assert_eq!(res.status.as_u16(), 200, "{}: {}", entry.url, res.body);
            let disposition = res.headers["content-disposition"].to_str().unwrap().to_owned();
            assert!(
                disposition.ends_with(&format!("\"{}\"", &name[3..])) && name.starts_with(&format!("{:02}-", n + 1)),
                "{disposition} vs {name}"
            );
        }
        let other = app.login("greffier.strasbourg@demo.greffe.fr").await;
        let res = app.post_json("/api/documents_audience", &json!({ "id": id }), Some(&other)).await;
        assert_eq!(res.status.as_u16(), 404);

        // What the records do not make is refused in French, and nothing else is served.
        let res = app.get(&doc("jugement", format!("id={}", second.id), "pdf"), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 422);
        assert!(res.body.contains("Pas encore de décision"), "{}", res.body);
        assert_eq!(status(&app, &doc("convocation", format!("id={}&prevenu={}", first.id, first.prevenus[0].id), "pdf"), Some(&g)).await, 422);
        assert_eq!(status(&app, &doc("note-audience", format!("id={id}"), "docx"), Some(&g)).await, 400);
        assert_eq!(status(&app, &doc("inconnu", format!("id={id}"), "pdf"), Some(&g)).await, 404);
        assert_eq!(status(&app, &doc("note-audience", format!("id={id}"), "pdf"), None).await, 401);
        let strasbourg = app.login("greffier.strasbourg@demo.greffe.fr").await;
        assert_eq!(status(&app, &doc("note-audience", format!("id={id}"), "pdf"), Some(&strasbourg)).await, 404);
        assert_eq!(status(&app, &doc("jugement", format!("id={}", first.id), "pdf"), Some(&strasbourg)).await, 404);
        let admin = app.login("admin.lyon@demo.greffe.fr").await;
        assert_eq!(status(&app, &doc("note-audience", format!("id={id}"), "pdf"), Some(&admin)).await, 403);

        // Every issue is in the audit log.
        let logged = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT COUNT(*) FROM audit_log WHERE action = 'document_delivrer'".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        // Ten documents above, and each of the batch's fetched one by one.
        assert_eq!(logged, 10 + entries.len() as i64);
        app
    })
    .await;
}

/// The verification code printed at the foot of a document.
fn code_of(text: &str) -> String {
    let at = text.find("GRF-").expect("a verification code");
    text[at..at + 23].to_owned()
}

/// A court meets Polish, Turkish, Romanian, Vietnamese, Greek and Cyrillic names every week:
/// each prints exactly, in PDF/A with its fonts embedded and in ODT, and each copy is
/// checked by its code and its SHA-256.
#[tokio::test]
async fn every_name_prints_right_and_each_copy_is_verifiable() {
    use sha2::Digest;
    on_each_backend(|app| async move {
        let g = app.login(GREFFIER).await;
        let id: String = app
            .post_json(
                "/api/audience_creer",
                &json!({ "form": {
                    "date": day(1).to_string(), "heure_debut": "09:00", "chambre": "Chambre des noms",
                    "formation": "juge_unique", "president": "Mme Ἀθηνᾶ Νικολάου", "assesseurs": "",
                    "ministere_public": "M. Procureur", "greffier": "Mme Greffière",
                    "prevues": "4", "maximum": "10", "duree_estimee_min": "60" } }),
                Some(&g),
            )
            .await
            .json();
        let names = [
            ("WÓJCIK-ŞAHİN", "Łukasz Nguyễn"),
            ("ȚĂRANU", "Ștefan"),
            ("ĐẶNG", "Thị Hương"),
            ("ΠΑΠΑΔΟΠΟΥΛΟΣ", "Ελευθέριος"),
            ("ШОСТАКОВИЧ", "Дмитрий"),
        ];
        let mut csv = String::from(
            "numero_parquet;rang;nom;prenom;date_naissance;statut;mode_poursuite;mode_comparution;natinf;qualification;date_faits\n",
        );
        for (i, (nom, prenom)) in names.iter().enumerate() {
            csv.push_str(&format!("26/0990{i:02};{};{nom};{prenom};12/03/1990;libre;COPJ;CMP;11886;;02/05/2026\n", i + 1));
        }
        let res = app
            .post_json(
                "/api/role_importer",
                &json!({ "audience_id": id, "format": "csv", "contenu": csv, "confirmer": true }),
                Some(&g),
            )
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);
        let pdf = app.get_bytes(&format!("/documents/role?id={id}&format=pdf"), Some(&g)).await;
        let text = pdf_text(&pdf, "noms");
        let odt = odt_text(&app.get_bytes(&format!("/documents/role?id={id}&format=odt"), Some(&g)).await, "noms");
        for (nom, prenom) in names {
            for part in [nom, prenom] {
                assert!(text.contains(part), "[{:?}] the PDF lacks « {part} »: {text}", app.backend);
                assert!(odt.contains(part), "the ODT lacks « {part} »: {odt}");
            }
        }
        assert!(!text.contains('?') || !text.contains("?ukasz"), "{text}");

        // The copy in hand is checked by its code and its SHA-256; anyone may ask.
        let code = code_of(&text);
        let verify = |code: String, sha: Option<String>| {
            let app = &app;
            async move { app.post_json("/api/document_verifier", &json!({ "code": code, "empreinte": sha }), None).await }
        };
        let good = hex::encode(sha2::Sha256::digest(&pdf));
        let v: app::domain::document::Verification = verify(code.clone(), Some(good)).await.json();
        assert!(v.trouve && v.correspond == Some(true), "{v:?}");
        assert_eq!((v.document.as_str(), v.format.as_str()), ("Rôle de l'audience", "PDF"));
        assert!(v.juridiction.contains("Lyon") && !v.emis_par.is_empty(), "{v:?}");
        let mut altered = pdf.clone();
        let last = altered.len() - 10;
        altered[last] ^= 1;
        let v: app::domain::document::Verification =
            verify(code.to_lowercase(), Some(hex::encode(sha2::Sha256::digest(&altered)))).await.json();
        assert_eq!((v.trouve, v.correspond), (true, Some(false)));
        let v: app::domain::document::Verification = verify("GRF-0000-0000-0000-0000".into(), None).await.json();
        assert!(!v.trouve);
        for (code, sha) in [("GRF-1", None), ("GRF-0000-0000-0000-0000", Some("xyz".to_owned()))] {
            let res = verify(code.into(), sha).await;
            assert_eq!(res.status.as_u16(), 422, "{code}: {}", res.body);
        }
        app
    })
    .await;
}

#[tokio::test]
async fn cassation_documents_follow_the_dossier() {
    on_each_backend(|app| async move {
        let g = app.login(CASSATION).await;
        let numero = format!("{:02}-95.001", chrono::Datelike::year(&day(0)) % 100);
        let id: String = app
            .post_json(
                "/api/pourvoi_enregistrer",
                &json!({ "form": { "numero": numero, "matiere": "civil", "date_pourvoi": day(0).to_string(),
                    "decision_juridiction": "Cour d'appel de Lyon", "decision_date": day(-30).to_string(),
                    "decision_numero": "24/01234", "demandeur": "M. Albert MARTIN", "defendeur": "Mme Berthe DURAND",
                    "avocats": "SCP Exemple", "detenu": false } }),
                Some(&g),
            )
            .await
            .json();
        let avis = format!("/documents/avis-fixation?id={id}&format=pdf");
        let p = crate::dossiers::open(&app, &g, &id).await;
        app.post_json(
            "/api/pourvoi_orienter",
            &json!({ "id": id, "version": p.version, "chambre": "civ1", "formation": "fs" }),
            Some(&g),
        )
        .await;
        assert_eq!(status(&app, &avis, Some(&g)).await, 422, "not scheduled yet");
        let c = crate::dossiers::candidats(&app, &g, &id).await;
        let p = crate::dossiers::open(&app, &g, &id).await;
        app.post_json(
            "/api/pourvoi_distribuer",
            &json!({ "id": id, "version": p.version, "rapporteur": c.rapporteurs[0].id,
                "avocat_general": c.avocats_generaux[0].id, "motif": "" }),
            Some(&g),
        )
        .await;
        for nature in ["rapport", "avis_ag"] {
            let res = app
                .upload(
                    &format!("/pourvois/{id}/pieces"),
                    &crate::dossiers::piece_fields(nature, &day(0).to_string()),
                    (&format!("{nature}.pdf"), &crate::dossiers::pdf(nature)),
                    Some(&g),
                )
                .await;
            assert_eq!(res.status.as_u16(), 201, "{}", res.body);
        }
        let mut date = day(14);
        while chrono::Datelike::weekday(&date).number_from_monday() > 5 {
            date += chrono::Duration::days(1);
        }
        let seance: String = app
            .post_json(
                "/api/seance_creer",
                &json!({ "form": { "chambre": "civ1", "formation": "fs", "date": date.to_string() } }),
                Some(&g),
            )
            .await
            .json();
        let p = crate::dossiers::open(&app, &g, &id).await;
        let res = app
            .post_json("/api/pourvoi_audiencer", &json!({ "id": id, "version": p.version, "seance": seance }), Some(&g))
            .await;
        assert_eq!(res.status.as_u16(), 200, "{}", res.body);

        let text = pdf_text(&app.get_bytes(&avis, Some(&g)).await, "avis");
        for expected in [
            "COUR DE CASSATION",
            "Avis de fixation",
            numero.as_str(),
            "M. Albert MARTIN c/ Mme Berthe DURAND",
            "SCP Exemple",
            "sera examiné à l'audience du",
        ] {
            assert!(text.contains(expected), "avis lacks « {expected} »: {text}");
        }
        let role = odt_text(
            &app.get_bytes(&format!("/documents/role-seance?id={seance}&format=odt"), Some(&g)).await,
            "role-seance",
        );
        assert!(role.contains(&numero), "{role}");

        // The certificat: given for a decision without pourvoi, refused for this one's.
        let certificat = |numero: &str| {
            format!(
                "/documents/certificat-non-pourvoi?juridiction=Cour%20d%27appel%20de%20Lyon&date={}&numero={numero}&format=pdf",
                day(-30)
            )
        };
        let text = pdf_text(&app.get_bytes(&certificat("25%2F00001"), Some(&g)).await, "certificat");
        assert!(text.contains("aucun pourvoi en cassation n'est enregistré"), "{text}");
        let res = app.get(&certificat("24%2F01234"), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 422);
        assert!(res.body.contains(&numero), "{}", res.body);
        let res = app.get(&certificat("%20"), Some(&g)).await;
        assert_eq!(res.status.as_u16(), 422, "the number is required");

        // Other juridictions and roles.
        let lyon = app.login(GREFFIER).await;
        assert_eq!(status(&app, &avis, Some(&lyon)).await, 403);
        let conseiller = app.login("magistrat-siege.cassation@demo.greffe.fr").await;
        assert_eq!(status(&app, &certificat("25%2F00002"), Some(&conseiller)).await, 403);
        assert_eq!(status(&app, &avis, Some(&conseiller)).await, 200, "the dossier's magistrats read it too");
        app
    })
    .await;
}
