//! The OpenAPI 3.1 contract of Greffe's HTTP interface, generated from the code: each server
//! function's path and encoding come from its registration, its request and answer schemas
//! from its Rust types (JSON Schema 2020-12, as OpenAPI 3.1 takes them); the plain routes and
//! the pages are described beside the router. Served at `/openapi.json`. The integration
//! suite fails when a registered function, a route or a page is missing from it.

use crate::error::AppError;
use leptos::server_fn::codec::Encoding;
use leptos::server_fn::{ContentType, Http, ServerFn};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

/// How a server function's request travels: its protocol's input encoding.
pub trait Wire {
    fn method() -> &'static str;
    fn content_type() -> &'static str;
}

impl<I: Encoding, O> Wire for Http<I, O> {
    fn method() -> &'static str {
        if I::METHOD == http::Method::GET { "get" } else { "post" }
    }

    fn content_type() -> &'static str {
        <I as ContentType>::CONTENT_TYPE
    }
}

/// One documented operation.
struct Operation {
    path: String,
    method: &'static str,
    value: Value,
}

/// The answers every server function may give besides its result: an `AppError`, with the
/// status it maps to.
fn error_responses(schemas: &mut SchemaGenerator) -> Map<String, Value> {
    let error = schemas.subschema_for::<AppError>().to_value();
    let mut out = Map::new();
    for (status, what) in [
        ("401", "Session absente ou expirée."),
        (
            "403",
            "Rôle, juridiction, affectation ou origine de la requête refusés.",
        ),
        ("404", "Enregistrement introuvable (ou d'une autre juridiction)."),
        (
            "409",
            "Conflit : version périmée, doublon, état qui interdit la modification.",
        ),
        ("413", "Corps de requête trop volumineux."),
        ("415", "Type de contenu non accepté."),
        (
            "422",
            "Requête invalide : champ, format ou règle refusés (message en français).",
        ),
        ("429", "Trop de tentatives."),
        (
            "503",
            "Base de données occupée : rien n'a été modifié, la requête peut être renvoyée.",
        ),
    ] {
        out.insert(
            status.into(),
            json!({ "description": what, "content": { "application/json": { "schema": error } } }),
        );
    }
    out
}

/// The operation of server function `F`.
fn server_fn<F>(schemas: &mut SchemaGenerator, tag: &str) -> Operation
where
    F: ServerFn + JsonSchema,
    F::Output: JsonSchema,
    F::Protocol: Wire,
{
    let input = schemas.subschema_for::<F>().to_value();
    let output = schemas.subschema_for::<F::Output>().to_value();
    let name = F::PATH.rsplit('/').next().unwrap_or(F::PATH);
    let mut responses = error_responses(schemas);
    responses.insert(
        "200".into(),
        json!({ "description": "Résultat.", "content": { "application/json": { "schema": output } } }),
    );
    let method = <F::Protocol as Wire>::method();
    let value = json!({
        "operationId": name,
        "tags": [tag],
        "summary": format!("Fonction serveur « {name} »"),
        "requestBody": {
            "required": true,
            "content": { <F::Protocol as Wire>::content_type(): { "schema": input } }
        },
        "responses": responses,
    });
    Operation {
        path: F::PATH.to_owned(),
        method,
        value,
    }
}

/// The operations of the server functions: `server_fns!(schemas, "tag" => module::{FnA, FnB}, …)`.
macro_rules! server_fns {
    ($schemas:ident, $($tag:literal => $module:ident :: { $($f:ident),+ $(,)? }),+ $(,)?) => {
        vec![ $( $( server_fn::<super::$module::$f>(&mut $schemas, $tag), )+ )+ ]
    };
}

/// A path parameter or query parameter, as a string.
fn param(name: &str, place: &str, required: bool, description: &str) -> Value {
    json!({ "name": name, "in": place, "required": required, "description": description,
            "schema": { "type": "string", "maxLength": 1000 } })
}

fn plain(path: &str, method: &'static str, tag: &str, summary: &str, params: Vec<Value>, ok: Value) -> Operation {
    let mut responses = Map::new();
    responses.insert("200".into(), ok);
    for (status, what) in [
        ("400", "Paramètre invalide."),
        ("401", "Session absente ou expirée."),
        ("403", "Accès refusé."),
        ("404", "Introuvable."),
        ("422", "Requête invalide."),
    ] {
        responses.insert(status.into(), json!({ "description": what }));
    }
    let id = format!(
        "{method}_{}",
        path.trim_matches('/').replace(['/', '{', '}', '.', '-'], "_")
    );
    Operation {
        path: path.to_owned(),
        method,
        value: json!({ "operationId": id, "tags": [tag], "summary": summary, "parameters": params,
                       "responses": responses }),
    }
}

fn body(content_type: &str, description: &str) -> Value {
    json!({ "description": description, "content": { content_type: { "schema": { "type": "string" } } } })
}

/// The plain HTTP routes of the server (see `server::startup::router`).
fn routes() -> Vec<Operation> {
    let kinds: Vec<&str> = crate::domain::document::KINDS.iter().map(|(k, _)| *k).collect();
    let mut document_kind = param("kind", "path", true, "Nature du document.");
    document_kind["schema"] = json!({ "type": "string", "enum": kinds });
    let mut upload = plain(
        "/pourvois/{id}/pieces",
        "post",
        "pourvois",
        "Dépose une pièce au dossier (multipart : nature, date_piece, deposant, fichier).",
        vec![param("id", "path", true, "Identifiant du pourvoi.")],
        json!({ "description": "Redirection vers le dossier (navigateur)." }),
    );
    upload.value["requestBody"] = json!({ "required": true, "content": { "multipart/form-data": { "schema": {
        "type": "object",
        "properties": {
            "nature": { "type": "string" }, "date_piece": { "type": "string" },
            "deposant": { "type": "string" }, "fichier": { "type": "string", "contentMediaType": "application/octet-stream" }
        }
    } } } });
    upload.value["responses"]["201"] = json!({ "description": "Pièce déposée : son identifiant." });
    upload.value["responses"]["303"] = json!({ "description": "Redirection vers le dossier." });
    upload.value["responses"]["409"] = json!({ "description": "Ce fichier est déjà à l'inventaire." });
    upload.value["responses"]["413"] = json!({ "description": "Fichier trop volumineux." });
    vec![
        plain(
            "/healthz",
            "get",
            "exploitation",
            "La base de données répond.",
            vec![],
            body("text/plain", "ok"),
        ),
        plain(
            "/openapi.json",
            "get",
            "exploitation",
            "Ce contrat.",
            vec![],
            body("application/json", "Le document OpenAPI."),
        ),
        plain(
            "/pilotage/export",
            "get",
            "pilotage",
            "Exporte un tableau de bord (CSV, ODS ou SVG), avec les filtres du tableau de bord.",
            [
                "format",
                "indicateur",
                "du",
                "au",
                "pas",
                "par",
                "juridiction",
                "chambre",
                "n1",
                "masquer",
            ]
            .iter()
            .map(|k| param(k, "query", false, "Filtre du tableau de bord."))
            .collect(),
            body("text/csv", "Le fichier exporté."),
        ),
        plain(
            "/documents/{kind}",
            "get",
            "documents",
            "Produit un document (PDF ou ODT) depuis les données.",
            vec![
                document_kind,
                param("format", "query", false, "pdf ou odt."),
                param(
                    "id",
                    "query",
                    false,
                    "Audience, affaire, séance ou pourvoi du document.",
                ),
                param("prevenu", "query", false, "Prévenu (extrait, convocation)."),
                param(
                    "juridiction",
                    "query",
                    false,
                    "Juridiction de la décision (certificat).",
                ),
                param("date", "query", false, "Date de la décision (certificat)."),
                param("numero", "query", false, "Numéro de la décision (certificat)."),
            ],
            body("application/pdf", "Le document."),
        ),
        upload,
        plain(
            "/pourvois/{id}/pieces/{piece}",
            "get",
            "pourvois",
            "Télécharge une pièce du dossier.",
            vec![
                param("id", "path", true, "Identifiant du pourvoi."),
                param("piece", "path", true, "Identifiant de la pièce."),
            ],
            body("application/octet-stream", "La pièce."),
        ),
        plain(
            "/flux",
            "get",
            "pourvois",
            "Flux d'évènements des dossiers (server-sent events), d'un pourvoi ou de la juridiction.",
            vec![param("pourvoi", "query", false, "Identifiant du pourvoi suivi.")],
            body("text/event-stream", "Les évènements."),
        ),
        plain(
            "/sw.js",
            "get",
            "hors-ligne",
            "Service worker des audiences hors ligne.",
            vec![],
            body("text/javascript", "Le script."),
        ),
        plain(
            "/hors-ligne.html",
            "get",
            "hors-ligne",
            "Page servie hors ligne.",
            vec![],
            body("text/html", "La page."),
        ),
        plain(
            "/hors-ligne-demarrage.js",
            "get",
            "hors-ligne",
            "Script de démarrage de la page hors ligne.",
            vec![],
            body("text/javascript", "Le script."),
        ),
    ]
}

/// The pages of the route table (`/audiences/:id` becomes `/audiences/{id}`).
fn pages(paths: &[String]) -> Vec<Operation> {
    paths
        .iter()
        .map(|p| {
            let path = p
                .split('/')
                .map(|s| match s.strip_prefix(':') {
                    Some(name) => format!("{{{name}}}"),
                    None => s.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/");
            let path = if path.is_empty() { "/".to_owned() } else { path };
            let params = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .map(|name| param(name, "path", true, "Identifiant."))
                .collect();
            let mut op = plain(
                &path,
                "get",
                "pages",
                "Page de l'application (HTML).",
                params,
                body("text/html", "La page."),
            );
            // Pages answer a visitor with a redirection to the login page.
            op.value["responses"]["302"] = json!({ "description": "Redirection vers la connexion." });
            op
        })
        .collect()
}

/// The whole contract; `page_paths` are the paths of the route table.
pub fn document(page_paths: &[String]) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "#/components/schemas".into())
        .into_generator();
    let mut ops: Vec<Operation> = server_fns!(generator,
        "administration" => admin::{ListUsers, ListBlocked, UnlockAccount, CreateUser, ListAudit},
        "pourvois" => audiencement::{
            CreateSeance, ListSeances, OpenSeance, SchedulePourvoi, CorrectPourvoiDate, NonPourvoiCertificate,
        },
        "session" => auth::{Whoami, Login, Logout},
        "documents" => documents::{VerifyDocument, AudienceDocuments},
        "pourvois" => dossiers::{
            RegisterPourvoi, OpenPourvoi, OrientPourvoi, DistributionCandidates, DistributePourvoi, ReceiveDossier,
            CorrectPieceDate, RecordArret, ImportJudilibre, FollowPourvoi, MyNotifications, UnreadNotifications,
            NotificationsRead, PourvoiStock, SearchPourvois, TaskList,
        },
        "audiences" => hearings::{
            ListAudiences, CreateAudience, UpdateAudience, OpenAudience, ClockAudience, ImportRole, MoveAffaire,
            TransferAffaire, OpenAffaire, AffaireNeighbours, PrepareAffaire, RecordDecision, RecordRenvoi, RenvoiMotifs, NoteHistory,
            SaveNote, Staff, SearchNatinf, SavePrevenu, SaveInfraction, SavePartieCivile, SetPresence,
        },
        "accueil" => home::{MyAudiences, AudienceOverview, MyPourvois, VisibleJuridictions, HeadlineFigures},
        "audiences" => offline::{TakeOffline, Synchronise},
        "pilotage" => pilotage::{TableauDeBord, DetailIndicateur, Criteres, RapportMensuel},
        "pourvois" => procedures::{RegisterProcedure, OpenProcedure, EndProcedure, ListProcedures},
        "documents" => dispatch::{PrepareDispatch, Dispatches, CloseBordereau, CancelDispatch},
        "documents" => templates::{Templates, Template, PreviewTemplate, SaveTemplate, ActivateTemplate},
        "audiences" => visa::{VisaOf, GiveVisa, AwaitedVisas},
    );
    ops.extend(routes());
    ops.extend(pages(page_paths));
    let mut paths = Map::new();
    for op in ops {
        let entry = paths.entry(op.path).or_insert_with(|| json!({}));
        entry[op.method] = op.value;
    }
    let schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Greffe",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Fonctions serveur, routes et pages de Greffe. Chaque fonction serveur est un POST \
                (JSON, ou formulaire pour les formulaires sans JavaScript) qui vérifie la session, le rôle et la \
                juridiction de l'enregistrement ; une erreur est un AppError en JSON avec son statut. Les \
                requêtes qui modifient viennent du même site (en-têtes Origin / Sec-Fetch-Site).",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "greffe_session" } },
        },
        "security": [{ "session": [] }],
    })
}
