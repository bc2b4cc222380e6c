//! The browser's side of offline hearings: what pages call (a read falls back to the local
//! copy when the server cannot be reached, a change becomes a mutation sent at once or queued),
//! and the engine's life: start, service worker, storage estimate, the status line. The
//! sealed local copy is `local`, reads `reads`, changes `writes`, synchronisation `sync`.

mod local;
mod reads;
mod sync;
mod writes;

use crate::domain::account::CurrentUser;
use crate::domain::decision::{Decision, Renvoi};
use crate::domain::hearing::{AffaireDetail, AudienceDetail, NoteVersion, RenvoiOutcome, Voisins};
use crate::domain::offline::{Operation, Status};
use crate::error::AppError;
use crate::ui::offline::OfflineState;
use leptos::prelude::*;
use local::{Mem, ensure_loaded, persist_or_tell};
use std::cell::{Cell, RefCell};
use sync::sync;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Function, Promise, Reflect};

// ------------------------------------------------------------------ what pages call

/// Browser futures (WebCrypto, storage) are not `Send`; resources and actions want it. The
/// browser runs one thread, so the wrapper never crosses one.
fn local_future<F: std::future::Future>(f: F) -> send_wrapper::SendWrapper<F> {
    send_wrapper::SendWrapper::new(f)
}

/// The signed-in user; offline, the one who prepared the local copy.
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    local_future(async {
        let r = crate::api::auth::whoami().await;
        if in_use() { whoami_with_copy(r).await } else { r }
    })
    .await
}

// The engine's own code (the sealed copy, its types, synchronisation) is a module of the
// browser bundle of its own, loaded by these `#[lazy]` functions: a browser that keeps
// nothing offline never loads it, and the first page stays light. The pages that use it
// (preparing an audience, a note's draft) load it with their own module.

#[leptos::lazy]
async fn whoami_with_copy(r: Result<Option<CurrentUser>, AppError>) -> Result<Option<CurrentUser>, AppError> {
    reads::whoami(r).await
}

#[leptos::lazy]
async fn resume(s: OfflineState) {
    ensure_loaded().await;
    let purged = MEM.with(|m| {
        let mut m = m.borrow_mut();
        let Mem { snapshot, outbox, .. } = &mut *m;
        snapshot.as_mut().is_some_and(|sn| sn.purge(now_ms(), outbox))
    });
    if purged {
        persist_or_tell().await;
    }
    let status = MEM.with(|m| m.borrow().status.clone());
    show(&status);
    estimate(s).await;
    if s.online.get_untracked() {
        sync(s).await;
    }
}

#[leptos::lazy]
async fn send_waiting(s: OfflineState) {
    sync(s).await;
}

#[leptos::lazy]
async fn settle_refusal(s: OfflineState, keep_mine: bool) {
    sync::resolve(s, keep_mine).await;
}

#[leptos::lazy]
async fn wipe_all(force: bool) -> Result<(), String> {
    sync::wipe_before_logout(force).await
}

/// Whether this browser keeps something of offline hearings (a copy, changes, a refusal, a
/// draft) or the engine already runs; the quick phrases of the note do not count.
fn in_use() -> bool {
    if MEM.with(|m| m.borrow().loaded) {
        return true;
    }
    use gloo_storage::Storage;
    let storage = gloo_storage::LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .any(|k| k.starts_with(crate::domain::offline::KEY_PREFIX) && k != crate::domain::offline::KEY_PHRASES)
}

pub async fn open_audience(id: String) -> Result<AudienceDetail, AppError> {
    local_future(reads::open_audience(id)).await
}

pub async fn affaire_neighbours(audience_id: String, id: String) -> Result<Voisins, AppError> {
    local_future(reads::neighbours(audience_id, id)).await
}

pub async fn open_affaire(id: String) -> Result<AffaireDetail, AppError> {
    local_future(reads::open_affaire(id)).await
}

pub async fn note_history(affaire_id: String) -> Result<Vec<NoteVersion>, AppError> {
    local_future(reads::note_history(affaire_id)).await
}

pub async fn renvoi_motifs() -> Result<Vec<String>, AppError> {
    local_future(async {
        let r = crate::api::hearings::renvoi_motifs().await;
        if matches!(r, Err(AppError::Unreachable)) {
            let cached = reads::motifs().await;
            if !cached.is_empty() {
                return Ok(cached);
            }
        }
        r
    })
    .await
}

/// Saves a note version; returns the version it becomes.
pub async fn save_note(affaire_id: String, base: i64, texte: String) -> Result<i64, AppError> {
    local_future(async move {
        match writes::mutation(
            &affaire_id,
            Operation::Note {
                base,
                texte: texte.clone(),
            },
        )
        .await
        {
            Some(m) => writes::submit(m).await.map(|(m, outcome)| match (outcome, &m.op) {
                (Some(crate::domain::offline::Outcome::Note(v)), _) => v,
                (_, Operation::Note { base, .. }) => base + 1,
                _ => base + 1,
            }),
            None => crate::api::hearings::save_note(affaire_id, base, texte).await,
        }
    })
    .await
}

pub async fn record_decision(
    affaire_id: String,
    version: i64,
    prevenu_id: String,
    decision: Decision,
) -> Result<(), AppError> {
    local_future(async move {
        let op = Operation::Decision {
            version,
            prevenu_id: prevenu_id.clone(),
            decision: decision.clone(),
        };
        match writes::mutation(&affaire_id, op).await {
            Some(m) => writes::submit(m).await.map(|_| ()),
            None => crate::api::hearings::record_decision(affaire_id, version, prevenu_id, decision).await,
        }
    })
    .await
}

/// Records a renvoi. Queued offline, the outcome has no audience yet (empty ids).
pub async fn record_renvoi(affaire_id: String, version: i64, renvoi: Renvoi) -> Result<RenvoiOutcome, AppError> {
    local_future(async move {
        // Checked here as the server will: a queued renvoi must not be refused later.
        if let Some(m) = reads::renvoi_check(&affaire_id, &renvoi).await {
            return Err(AppError::validation("renvoi", m));
        }
        let op = Operation::Renvoi {
            version,
            renvoi: renvoi.clone(),
        };
        match writes::mutation(&affaire_id, op).await {
            Some(m) => writes::submit(m).await.map(|(_, outcome)| match outcome {
                Some(crate::domain::offline::Outcome::Renvoi(o)) => o,
                _ => RenvoiOutcome {
                    audience_id: String::new(),
                    affaire_id: String::new(),
                    audience_creee: false,
                },
            }),
            None => crate::api::hearings::record_renvoi(affaire_id, version, renvoi).await,
        }
    })
    .await
}

/// Keeps a draft on this device, sealed (the note typed between two saves).
pub fn keep_draft(key: String, text: String) {
    leptos::task::spawn_local(async move {
        if let Err(e) = local::put_sealed(&key, &text).await {
            tell(e.to_string());
        }
    });
}

/// The draft kept under `key`, if any.
pub async fn draft(key: &str) -> Option<String> {
    local_future(local::get_sealed(key)).await
}

pub fn drop_draft(key: &str) {
    local::drop_sealed(key);
    let _ = key;
}

/// Wipes what this browser keeps, then runs `then` (logout). With changes still queued, it
/// first tries to send them and, if some remain, asks before dropping them.
pub async fn wipe_before_logout(force: bool) -> Result<(), String> {
    local_future(wipe_all(force)).await
}

/// Takes audience `id` offline (see [`reads::prepare`]).
pub async fn prepare(s: OfflineState, id: String) -> Result<String, AppError> {
    local_future(reads::prepare(s, id)).await
}

/// Sends what waits, soon.
pub fn sync_soon(s: OfflineState) {
    if in_use() {
        leptos::task::spawn_local(send_waiting(s));
    }
}

/// Settles the refused change: the greffier's version (sent again) or the server's.
pub async fn resolve(s: OfflineState, keep_mine: bool) {
    local_future(settle_refusal(s, keep_mine)).await;
}

// ------------------------------------------------------------------ the engine

thread_local! {
    static MEM: RefCell<Mem> = RefCell::new(Mem::default());
    static SYNCING: Cell<bool> = const { Cell::new(false) };
    static STATE: Cell<Option<OfflineState>> = const { Cell::new(None) };
}

fn state() -> Option<OfflineState> {
    STATE.with(Cell::get)
}

fn now_ms() -> i64 {
    web_sys::js_sys::Date::now() as i64
}

fn clock() -> String {
    let d = web_sys::js_sys::Date::new_0();
    format!(
        "{:02}/{:02}/{} {:02}:{:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// Shows `message` on the status line.
pub fn tell(message: String) {
    if let Some(s) = state() {
        s.message.set(Some(message));
    }
}

fn show(status: &Status) {
    if let Some(s) = state() {
        s.pending.set(status.en_attente);
        s.audiences.set(status.audiences.clone());
        s.last_sync.set(status.derniere_synchro.clone());
        s.refused.set(MEM.with(|m| m.borrow().refused.clone()));
    }
}

// -------------------------------------------------------------- start

pub fn start(s: OfflineState) {
    STATE.with(|c| c.set(Some(s)));
    // Before anything reads the storage (a page's draft may be read at once).
    local::move_former_keys();
    let nav = window().navigator();
    s.online.set(nav.on_line());
    // Installed when an audience is first prepared; afterwards every start checks for a
    // new release.
    let installed = Reflect::get(&nav, &"serviceWorker".into())
        .ok()
        .and_then(|sw| Reflect::get(&sw, &"controller".into()).ok())
        .is_some_and(|c| !c.is_null() && !c.is_undefined());
    if installed {
        register_service_worker();
    }
    for (name, online) in [("online", true), ("offline", false)] {
        let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            s.online.set(online);
            if online {
                sync_soon(s);
            }
        });
        let _ = window().add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        cb.forget();
    }
    // The network can be up while the server is not (restarted, behind a broken proxy):
    // changes waiting are retried every 15 s, with no event to wait for.
    set_interval(
        move || {
            let waiting = MEM.with(|m| !m.borrow().outbox.is_empty() && m.borrow().refused.is_none());
            if waiting && window().navigator().on_line() && !SYNCING.with(Cell::get) {
                sync_soon(s);
            }
        },
        std::time::Duration::from_secs(15),
    );
    leptos::task::spawn_local(async move {
        if in_use() {
            resume(s).await;
        } else {
            estimate(s).await;
        }
    });
}

fn register_service_worker() {
    let nav = window().navigator();
    let Ok(sw) = Reflect::get(&nav, &"serviceWorker".into()) else {
        return;
    };
    if sw.is_undefined() {
        return;
    }
    if let Ok(f) = Reflect::get(&sw, &"register".into()).and_then(|f| f.dyn_into::<Function>())
        && let Ok(p) = f.call1(&sw, &JsValue::from_str("/sw.js"))
        && let Ok(p) = p.dyn_into::<Promise>()
    {
        leptos::task::spawn_local(async move {
            let _ = JsFuture::from(p).await;
        });
    }
}

/// Storage used and quota (`navigator.storage.estimate()`).
async fn estimate(s: OfflineState) {
    let Ok(storage) = Reflect::get(&window().navigator(), &"storage".into()) else {
        return;
    };
    let Ok(f) = Reflect::get(&storage, &"estimate".into()).and_then(|f| f.dyn_into::<Function>()) else {
        return;
    };
    let Ok(p) = f.call0(&storage).and_then(|p| p.dyn_into::<Promise>()) else {
        return;
    };
    if let Ok(r) = JsFuture::from(p).await {
        let n = |k: &str| Reflect::get(&r, &k.into()).ok().and_then(|v| v.as_f64());
        if let (Some(used), Some(quota)) = (n("usage"), n("quota")) {
            s.usage.set(Some((used, quota)));
        }
    }
}

/// Asks the browser not to evict this origin's storage (`navigator.storage.persist()`).
async fn ask_persistence() {
    let Ok(storage) = Reflect::get(&window().navigator(), &"storage".into()) else {
        return;
    };
    if let Ok(f) = Reflect::get(&storage, &"persist".into()).and_then(|f| f.dyn_into::<Function>())
        && let Ok(p) = f.call0(&storage).and_then(|p| p.dyn_into::<Promise>())
    {
        let _ = JsFuture::from(p).await;
    }
}
