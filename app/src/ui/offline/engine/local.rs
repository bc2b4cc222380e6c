//! The sealed local copy: the snapshot of audiences taken offline, the outbox, the refusal
//! awaiting a choice; sealed in localStorage by `greffe-coffre.js`, kept in memory while the
//! page lives.

use super::{MEM, show, state};
use crate::api::offline::Refused;
use crate::domain::offline::{KEY_OUTBOX, KEY_REFUSED, KEY_SNAPSHOT, KEY_STATUS, Mutation, Outbox, Snapshot, Status};
use crate::error::AppError;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Function, Promise, Reflect};

#[derive(Default)]
pub(super) struct Mem {
    pub(super) loaded: bool,
    pub(super) snapshot: Option<Snapshot>,
    pub(super) outbox: Outbox,
    pub(super) refused: Option<(Mutation, Refused)>,
    pub(super) status: Status,
    /// Write generation per key: a slower, older write never lands over a newer one.
    pub(super) next_gen: u64,
    pub(super) written: HashMap<String, u64>,
}

// -------------------------------------------------------------- vault

async fn vault(name: &str, arg: Option<&str>) -> Result<JsValue, AppError> {
    let fail = |_| AppError::validation("stockage", "Le coffre chiffré du navigateur est indisponible.");
    let coffre = Reflect::get(&window(), &"greffeCoffre".into()).map_err(fail)?;
    let f: Function = Reflect::get(&coffre, &name.into())
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| fail(JsValue::NULL))?;
    let p = match arg {
        Some(a) => f.call1(&coffre, &JsValue::from_str(a)),
        None => f.call0(&coffre),
    }
    .map_err(fail)?;
    let p: Promise = p.dyn_into().map_err(|_| fail(JsValue::NULL))?;
    JsFuture::from(p).await.map_err(fail)
}

/// Seals `text` and stores it under `key`; a full storage is reported in French.
pub async fn put_sealed(key: &str, text: &str) -> Result<(), AppError> {
    let generation = MEM.with(|m| {
        let mut m = m.borrow_mut();
        m.next_gen += 1;
        m.next_gen
    });
    let sealed = vault("seal", Some(text)).await?.as_string().unwrap_or_default();
    let newer = MEM.with(|m| m.borrow().written.get(key).copied().unwrap_or(0) >= generation);
    if newer {
        return Ok(());
    }
    LocalStorage::raw().set_item(key, &sealed).map_err(|_| {
        AppError::validation(
            "stockage",
            "Stockage du navigateur plein : la dernière modification n'a pas pu être gardée sur cet appareil. \
             Ce qui est affiché est conservé tant que la page reste ouverte ; reconnectez-vous au réseau \
             ou libérez de l'espace (audiences hors ligne terminées).",
        )
    })?;
    MEM.with(|m| m.borrow_mut().written.insert(key.to_owned(), generation));
    Ok(())
}

pub async fn get_sealed(key: &str) -> Option<String> {
    let sealed = LocalStorage::raw().get_item(key).ok().flatten()?;
    vault("open", Some(&sealed)).await.ok()?.as_string()
}

async fn load<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&get_sealed(key).await?).ok()
}

pub(super) async fn ensure_loaded() {
    if MEM.with(|m| m.borrow().loaded) {
        return;
    }
    let snapshot: Option<Snapshot> = load(KEY_SNAPSHOT).await;
    let outbox: Outbox = load(KEY_OUTBOX).await.unwrap_or_default();
    let refused: Option<(Mutation, Refused)> = load(KEY_REFUSED).await;
    let status: Status = LocalStorage::get(KEY_STATUS).unwrap_or_default();
    MEM.with(|m| {
        let mut m = m.borrow_mut();
        if !m.loaded {
            m.loaded = true;
            // The counts come from what is sealed, not from the clear status line.
            m.status = Status {
                en_attente: outbox.len(),
                audiences: snapshot
                    .as_ref()
                    .map(|s| s.audiences.iter().map(|a| a.audience.id.clone()).collect())
                    .unwrap_or_default(),
                ..status
            };
            m.snapshot = snapshot;
            m.outbox = outbox;
            m.refused = refused;
        }
    });
}

/// Writes the outbox (and the refusal) first, then the snapshot and the status line.
pub(super) async fn persist() -> Result<(), AppError> {
    let (outbox, refused, snapshot, mut status) = MEM.with(|m| {
        let m = m.borrow();
        (
            serde_json::to_string(&m.outbox).unwrap_or_default(),
            m.refused.as_ref().map(|r| serde_json::to_string(r).unwrap_or_default()),
            m.snapshot
                .as_ref()
                .map(|s| serde_json::to_string(s).unwrap_or_default()),
            m.status.clone(),
        )
    });
    put_sealed(KEY_OUTBOX, &outbox).await?;
    match refused {
        Some(r) => put_sealed(KEY_REFUSED, &r).await?,
        None => LocalStorage::delete(KEY_REFUSED),
    }
    match snapshot {
        Some(s) => put_sealed(KEY_SNAPSHOT, &s).await?,
        None => LocalStorage::delete(KEY_SNAPSHOT),
    }
    MEM.with(|m| {
        let mut m = m.borrow_mut();
        m.status.en_attente = m.outbox.len();
        m.status.audiences = m
            .snapshot
            .as_ref()
            .map(|s| s.audiences.iter().map(|a| a.audience.id.clone()).collect())
            .unwrap_or_default();
        status = m.status.clone();
    });
    let _ = LocalStorage::set(KEY_STATUS, &status);
    show(&status);
    Ok(())
}

/// Removes what is sealed under `key`; a seal of it still in flight is dropped too.
pub fn drop_sealed(key: &str) {
    MEM.with(|m| {
        let mut m = m.borrow_mut();
        m.next_gen += 1;
        let newest = m.next_gen;
        m.written.insert(key.to_owned(), newest);
    });
    LocalStorage::delete(key);
}

/// Persists, turning a failure into the status line's message.
pub(super) async fn persist_or_tell() -> bool {
    match persist().await {
        Ok(()) => true,
        Err(e) => {
            if let Some(s) = state() {
                s.message.set(Some(e.to_string()));
            }
            false
        }
    }
}

pub(super) fn cached<T>(f: impl FnOnce(&Snapshot) -> Option<T>) -> Option<T> {
    MEM.with(|m| m.borrow().snapshot.as_ref().and_then(f))
}

pub(super) fn pending_for(affaire_id: &str) -> bool {
    MEM.with(|m| m.borrow().outbox.pending_for(affaire_id) > 0)
}

pub(super) fn pending_on(audience_id: &str) -> bool {
    MEM.with(|m| m.borrow().outbox.items.iter().any(|q| q.audience_id == audience_id))
}

pub(super) async fn wipe() {
    let _ = vault("wipe", None).await;
    MEM.with(|m| *m.borrow_mut() = Mem::default());
    MEM.with(|m| m.borrow_mut().loaded = true);
    if let Some(s) = state() {
        show(&Status::default());
        s.message.set(None);
    }
}

/// Renames what an earlier release kept under unversioned keys (sealed values move as they
/// are), once: a key already written under its new name wins.
pub(super) fn move_former_keys() {
    let storage = LocalStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    for old in keys {
        let Some(new) = crate::domain::offline::current_key(&old) else {
            continue;
        };
        if let Ok(Some(value)) = storage.get_item(&old) {
            if storage.get_item(&new).ok().flatten().is_none() {
                let _ = storage.set_item(&new, &value);
            }
            let _ = storage.remove_item(&old);
        }
    }
}
