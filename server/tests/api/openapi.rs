//! The OpenAPI contract: served, generated from the code, and complete — every registered
//! server function, every route of the router and every page is in it, with schemas that
//! resolve.

use crate::helpers::{Backend, TestApp};
use serde_json::Value;
use std::collections::BTreeSet;

async fn contract() -> Value {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let res = app.get("/openapi.json", None).await;
    assert_eq!(res.status.as_u16(), 200, "{}", res.body);
    assert_eq!(res.headers["content-type"], "application/json");
    let doc: Value = serde_json::from_str(&res.body).expect("JSON");
    app.cleanup().await;
    doc
}

/// `(method, path)` of every operation of the contract.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect()
}

#[tokio::test]
async fn the_contract_names_every_server_function_route_and_page() {
    let doc = contract().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let ops = operations(&doc);

    // Server functions, from leptos' registry: stable paths (`/api/` + endpoint, no hash).
    let registered: Vec<(&str, http::Method)> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(registered.len() > 60, "{registered:?}");
    for (path, method) in &registered {
        let name = path
            .strip_prefix("/api/")
            .unwrap_or_else(|| panic!("{path}: not under /api/"));
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{path}: an unstable (hashed) or unexpected name"
        );
        let m = method.as_str().to_ascii_lowercase();
        assert!(
            ops.contains(&(m.clone(), (*path).to_owned())),
            "{m} {path} is missing from the contract"
        );
    }
    let documented_fns = ops.iter().filter(|(_, p)| p.starts_with("/api/")).count();
    assert_eq!(
        documented_fns,
        registered.len(),
        "the contract names a function that is not registered"
    );

    // Plain routes, as the router declares them.
    let router = include_str!("../../src/startup.rs");
    let route = regex_lite_routes(router);
    assert!(route.len() >= 10, "{route:?}");
    for (method, path) in route {
        assert!(
            ops.contains(&(method.clone(), path.clone())),
            "{method} {path} is missing from the contract"
        );
    }

    // Pages of the route table.
    for page in server::startup::page_routes() {
        let path = page.path().to_owned();
        let path = if path.is_empty() { "/".to_owned() } else { path };
        assert!(
            ops.contains(&("get".into(), path.clone())),
            "page {path} is missing from the contract"
        );
    }
}

/// `(method, path)` of each `.route("PATH", get(…)|post(…))` of the router's source.
fn regex_lite_routes(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in src.split(".route(").skip(1) {
        let Some(rest) = chunk.trim_start().strip_prefix('"') else {
            continue;
        };
        let Some((path, after)) = rest.split_once('"') else {
            continue;
        };
        let after = after.trim_start_matches([',', ' ', '\n']);
        for method in ["get", "post"] {
            if after.starts_with(&format!("{method}(")) {
                out.push((method.to_owned(), path.to_owned()));
            }
        }
    }
    out
}

#[tokio::test]
async fn every_schema_reference_resolves_and_functions_say_what_they_take_and_give() {
    let doc = contract().await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("AppError"), "{:?}", schemas.keys());
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"").skip(1) {
        let target = part.split('"').next().unwrap();
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("reference outside the components: {target}"));
        assert!(schemas.contains_key(name), "{target} does not resolve");
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/") {
            continue;
        }
        let op = &item["post"];
        let body = &op["requestBody"]["content"];
        assert!(
            body.get("application/json")
                .or(body.get("application/x-www-form-urlencoded"))
                .is_some(),
            "{path}: {body}"
        );
        assert!(
            op["responses"]["200"]["content"]["application/json"]["schema"].is_object(),
            "{path}"
        );
        assert!(
            op["responses"]["422"].is_object() && op["responses"]["403"].is_object(),
            "{path}"
        );
    }
    // A request schema is the function's arguments: a decision is typed down to its peines.
    let decision =
        &doc["paths"]["/api/decision_enregistrer"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let decision = resolve(&doc, decision);
    let required: Vec<&str> = decision["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        required.contains(&"decision") && required.contains(&"version"),
        "{decision}"
    );
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    }
}
