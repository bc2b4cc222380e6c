//! Offline hearings in the browser.
//!
//! An audience "prepared for offline" is kept in localStorage, sealed with AES-GCM by
//! `public/greffe-coffre.js` (non-extractable key in IndexedDB). The hearing pages read and
//! write through the functions of this module: for a prepared audience, a read falls back to
//! the local copy when the server cannot be reached, and a change becomes a [`Mutation`] that
//! is sent at once or, without network, queued in the sealed outbox and sent in order when the
//! network returns. Other records go straight to the server functions.

use crate::api::offline::Refused;
use crate::domain::account::CurrentUser;
use crate::domain::decision::{Decision, Renvoi};
use crate::domain::hearing::{AffaireDetail, AudienceDetail, NoteVersion, RenvoiOutcome};
use crate::domain::offline::{Mutation, Operation};
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use leptos::prelude::*;

/// What the status line shows; provided once by [`provide_offline`].
#[derive(Clone, Copy)]
pub struct OfflineState {
    pub online: RwSignal<bool>,
    pub pending: RwSignal<usize>,
    pub last_sync: RwSignal<Option<String>>,
    pub syncing: RwSignal<bool>,
    /// The change the server refused, with its copy, awaiting the greffier's choice.
    pub refused: RwSignal<Option<(Mutation, Refused)>>,
    /// A message for the greffier (storage full, session expired…).
    pub message: RwSignal<Option<String>>,
    /// Bytes used and quota of the origin's storage.
    pub usage: RwSignal<Option<(f64, f64)>>,
    /// Audiences kept on this device.
    pub audiences: RwSignal<Vec<String>>,
    /// Bumped when the local copy changed under the pages (after a sync or a choice).
    pub revision: RwSignal<u32>,
    mounted: RwSignal<bool>,
}

/// Creates the offline context; call once, in `App`.
pub fn provide_offline() {
    let state = OfflineState {
        online: RwSignal::new(true),
        pending: RwSignal::new(0),
        last_sync: RwSignal::new(None),
        syncing: RwSignal::new(false),
        refused: RwSignal::new(None),
        message: RwSignal::new(None),
        usage: RwSignal::new(None),
        audiences: RwSignal::new(Vec::new()),
        revision: RwSignal::new(0),
        mounted: RwSignal::new(false),
    };
    provide_context(state);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        state.mounted.set(true);
        browser::start(state);
    });
}

pub fn use_offline() -> OfflineState {
    expect_context::<OfflineState>()
}

// ------------------------------------------------------------------ reads and writes

/// Browser futures (WebCrypto, storage) are not `Send`; resources and actions want it. The
/// browser runs one thread, so the wrapper never crosses one.
#[cfg(feature = "hydrate")]
fn local<F: std::future::Future>(f: F) -> send_wrapper::SendWrapper<F> {
    send_wrapper::SendWrapper::new(f)
}

/// The signed-in user; offline, the one who prepared the local copy.
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    #[cfg(feature = "hydrate")]
    return local(async { browser::whoami(crate::api::auth::whoami().await).await }).await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::auth::whoami().await
}

pub async fn open_audience(id: String) -> Result<AudienceDetail, AppError> {
    #[cfg(feature = "hydrate")]
    return local(browser::open_audience(id)).await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::open_audience(id).await
}

pub async fn open_affaire(id: String) -> Result<AffaireDetail, AppError> {
    #[cfg(feature = "hydrate")]
    return local(browser::open_affaire(id)).await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::open_affaire(id).await
}

pub async fn note_history(affaire_id: String) -> Result<Vec<NoteVersion>, AppError> {
    #[cfg(feature = "hydrate")]
    return local(browser::note_history(affaire_id)).await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::note_history(affaire_id).await
}

pub async fn renvoi_motifs() -> Result<Vec<String>, AppError> {
    #[cfg(feature = "hydrate")]
    return local(async {
        let r = crate::api::hearings::renvoi_motifs().await;
        if matches!(r, Err(AppError::Unreachable)) {
            let cached = browser::motifs().await;
            if !cached.is_empty() {
                return Ok(cached);
            }
        }
        r
    })
    .await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::renvoi_motifs().await
}

/// Saves a note version; returns the version it becomes.
pub async fn save_note(affaire_id: String, base: i64, texte: String) -> Result<i64, AppError> {
    #[cfg(feature = "hydrate")]
    return local(async move {
        match browser::mutation(
            &affaire_id,
            Operation::Note {
                base,
                texte: texte.clone(),
            },
        )
        .await
        {
            Some(m) => browser::submit(m).await.map(|(m, outcome)| match (outcome, &m.op) {
                (Some(crate::domain::offline::Outcome::Note(v)), _) => v,
                (_, Operation::Note { base, .. }) => base + 1,
                _ => base + 1,
            }),
            None => crate::api::hearings::save_note(affaire_id, base, texte).await,
        }
    })
    .await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::save_note(affaire_id, base, texte).await
}

pub async fn record_decision(
    affaire_id: String,
    version: i64,
    prevenu_id: String,
    decision: Decision,
) -> Result<(), AppError> {
    #[cfg(feature = "hydrate")]
    return local(async move {
        let op = Operation::Decision {
            version,
            prevenu_id: prevenu_id.clone(),
            decision: decision.clone(),
        };
        match browser::mutation(&affaire_id, op).await {
            Some(m) => browser::submit(m).await.map(|_| ()),
            None => crate::api::hearings::record_decision(affaire_id, version, prevenu_id, decision).await,
        }
    })
    .await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::record_decision(affaire_id, version, prevenu_id, decision).await
}

/// Records a renvoi. Queued offline, the outcome has no audience yet (empty ids).
pub async fn record_renvoi(affaire_id: String, version: i64, renvoi: Renvoi) -> Result<RenvoiOutcome, AppError> {
    #[cfg(feature = "hydrate")]
    return local(async move {
        // Checked here as the server will: a queued renvoi must not be refused later.
        if let Some(m) = browser::renvoi_check(&affaire_id, &renvoi).await {
            return Err(AppError::validation("renvoi", m));
        }
        let op = Operation::Renvoi {
            version,
            renvoi: renvoi.clone(),
        };
        match browser::mutation(&affaire_id, op).await {
            Some(m) => browser::submit(m).await.map(|(_, outcome)| match outcome {
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
    .await;
    #[cfg(not(feature = "hydrate"))]
    crate::api::hearings::record_renvoi(affaire_id, version, renvoi).await
}

/// Keeps a draft on this device, sealed (the note typed between two saves).
pub fn keep_draft(key: String, text: String) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Err(e) = browser::put_sealed(&key, &text).await {
            browser::tell(e.to_string());
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, text);
}

/// The draft kept under `key`, if any.
pub async fn draft(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return local(browser::get_sealed(key)).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

pub fn drop_draft(key: &str) {
    #[cfg(feature = "hydrate")]
    browser::drop_sealed(key);
    let _ = key;
}

/// Wipes what this browser keeps, then runs `then` (logout). With changes still queued, it
/// first tries to send them and, if some remain, asks before dropping them.
pub async fn wipe_before_logout(force: bool) -> Result<(), String> {
    #[cfg(feature = "hydrate")]
    return local(browser::wipe_before_logout(force)).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = force;
        Ok(())
    }
}

// ------------------------------------------------------------------ components

/// "Préparer pour le hors-ligne" on an audience page.
#[component]
pub fn PrepareOffline(audience_id: String) -> impl IntoView {
    let state = use_offline();
    let done = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(audience_id);
    let prepare = move |_| {
        busy.set(true);
        done.set(None);
        error.set(None);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match browser::prepare(state, id.get_value()).await {
                Ok(m) => done.set(Some(m)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let kept = move || state.audiences.get().contains(&id.get_value());
    view! {
        <div class="fr-mb-3w" aria-live="polite">
            <button
                type="button"
                class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left"
                on:click=prepare
                disabled=move || busy.get() || !state.mounted.get()
            >
                {move || if kept() { "Mettre à jour la copie hors ligne" } else { "Préparer pour le hors-ligne" }}
            </button>
            {move || done.get().map(|m| view! { <p class="fr-message fr-message--valid">{m}</p> })}
            {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
        </div>
    }
}

/// The status line: network, changes waiting, last sync, storage; and the refused change.
#[component]
pub fn OfflineBar() -> impl IntoView {
    let state = use_offline();
    let visible = move || {
        state.mounted.get()
            && (!state.online.get()
                || state.pending.get() > 0
                || !state.audiences.get().is_empty()
                || state.message.get().is_some()
                || state.refused.get().is_some())
    };
    let can_sync = move || state.pending.get() > 0 && state.refused.get().is_none();
    let sync_now = move |_| {
        #[cfg(feature = "hydrate")]
        browser::sync_soon(state);
    };
    view! {
        <Show when=visible>
            <section class="greffe-offline fr-mb-3w" aria-label="Travail hors ligne">
                <p class="fr-mb-1w" role="status">
                    {move || {
                        if state.online.get() {
                            view! { <span class="fr-badge fr-badge--success fr-badge--sm">"En ligne"</span> }
                        } else {
                            view! { <span class="fr-badge fr-badge--warning fr-badge--sm">"Hors ligne"</span> }
                        }
                    }}
                    " "
                    <span id="hors-ligne-attente">
                        {move || match state.pending.get() {
                            0 => "Aucune modification en attente".to_owned(),
                            1 => "1 modification en attente d'envoi".to_owned(),
                            n => format!("{n} modifications en attente d'envoi"),
                        }}
                    </span>
                    {move || {
                        state.last_sync.get().map(|t| format!(" · Dernière synchronisation : {t}"))
                    }}
                    {move || {
                        state.usage.get().map(|(used, quota)| {
                            format!(
                                " · Stockage : {:.1} Mo utilisés sur {:.0} Mo",
                                used / 1_048_576.0,
                                quota / 1_048_576.0,
                            )
                        })
                    }}
                </p>
                <Show when=can_sync>
                    <button type="button" class="fr-btn fr-btn--sm fr-btn--tertiary" on:click=sync_now disabled=move || state.syncing.get()>
                        "Synchroniser maintenant"
                    </button>
                </Show>
                {move || {
                    state.message.get().map(|m| view! {
                        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mt-1w">
                            <p>{m}</p>
                        </div>
                    })
                }}
                {move || state.refused.get().map(|(m, r)| view! { <RefusedChange m r /> })}
            </section>
        </Show>
    }
}

fn describe(op: &Operation) -> String {
    match op {
        Operation::Note { texte, .. } => texte.clone(),
        Operation::Decision { decision, .. } => crate::ui::pages::affaire::decision_summary(decision),
        Operation::Renvoi { renvoi, .. } => format!(
            "Renvoi au {} — motif : {}{}",
            crate::ui::format::french_date(&renvoi.nouvelle_date.to_string()),
            renvoi.motif,
            if renvoi.observations.is_empty() {
                String::new()
            } else {
                format!(" — {}", renvoi.observations)
            }
        ),
    }
}

/// What the server holds for the same thing the refused change touched.
fn server_side(m: &Mutation, r: &Refused) -> String {
    let Some(s) = &r.server else {
        return "L'affaire n'existe plus sur le serveur.".into();
    };
    match &m.op {
        Operation::Note { .. } => s
            .notes
            .first()
            .map(|n| {
                format!(
                    "{}\n\n(version {} par {}, {})",
                    n.texte, n.version, n.auteur, n.ecrite_le
                )
            })
            .unwrap_or_else(|| "Aucune note.".into()),
        Operation::Decision { prevenu_id, .. } => s
            .affaire
            .prevenus
            .iter()
            .find(|p| &p.id == prevenu_id)
            .map(|p| match &p.decision {
                Some(d) => format!(
                    "{} {} : {}",
                    p.nom,
                    p.prenom,
                    crate::ui::pages::affaire::decision_summary(d)
                ),
                None => format!("{} {} : aucune décision", p.nom, p.prenom),
            })
            .unwrap_or_else(|| "Prévenu introuvable.".into()),
        Operation::Renvoi { .. } => match &s.affaire.renvoi {
            Some(rv) => describe(&Operation::Renvoi {
                version: 0,
                renvoi: rv.renvoi.clone(),
            }),
            None => format!("Aucun renvoi ; état : {:?}", s.affaire.etat),
        },
    }
}

/// The change the server refused, beside the server's version; the greffier chooses.
#[component]
fn RefusedChange(m: Mutation, r: Refused) -> impl IntoView {
    let state = use_offline();
    let conflict = matches!(r.error, AppError::Conflict(_)) && r.server.is_some();
    let title = format!("{} non transmis(e) — {}", m.op.label(), r.error);
    let mine = describe(&m.op);
    let theirs = server_side(&m, &r);
    let affaire = r
        .server
        .as_ref()
        .map(|s| format!("Affaire {} (rang {})", s.affaire.numero_parquet, s.affaire.rang))
        .unwrap_or_default();
    let choose = move |keep_mine: bool| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            browser::resolve(state, keep_mine).await;
        });
        let _ = (keep_mine, state);
    };
    view! {
        <div class="fr-alert fr-alert--error fr-mt-2w" id="conflit">
            <h2 class="fr-alert__title">{title}</h2>
            <p>{affaire}</p>
            <div class="fr-grid-row fr-grid-row--gutters fr-mt-1w">
                <div class="fr-col-12 fr-col-md-6">
                    <h3 class="fr-h6">"Votre version (sur cet appareil)"</h3>
                    <pre class="greffe-note" id="conflit-local">{mine}</pre>
                </div>
                <div class="fr-col-12 fr-col-md-6">
                    <h3 class="fr-h6">"Version du serveur"</h3>
                    <pre class="greffe-note" id="conflit-serveur">{theirs}</pre>
                </div>
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-1w">
                {conflict
                    .then(|| {
                        view! {
                            <li>
                                <button type="button" class="fr-btn" on:click=move |_| choose(true)>
                                    "Garder ma version"
                                </button>
                            </li>
                        }
                    })}
                <li>
                    <button type="button" class="fr-btn fr-btn--secondary" on:click=move |_| choose(false)>
                        {if conflict { "Garder la version du serveur" } else { "Abandonner ma modification" }}
                    </button>
                </li>
            </ul>
        </div>
    }
}

// ------------------------------------------------------------------ browser side

#[cfg(feature = "hydrate")]
mod browser {
    use super::OfflineState;
    use crate::api::offline::Refused;
    use crate::domain::account::CurrentUser;
    use crate::domain::hearing::{AffaireDetail, AudienceDetail, NoteVersion};
    use crate::domain::offline::{
        KEY_OUTBOX, KEY_REFUSED, KEY_SNAPSHOT, KEY_STATUS, Mutation, Operation, Outbox, Outcome, Snapshot, Status,
    };
    use crate::error::AppError;
    use gloo_storage::{LocalStorage, Storage};
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys::{Function, Promise, Reflect};

    #[derive(Default)]
    struct Mem {
        loaded: bool,
        snapshot: Option<Snapshot>,
        outbox: Outbox,
        refused: Option<(Mutation, Refused)>,
        status: Status,
        /// Write generation per key: a slower, older write never lands over a newer one.
        next_gen: u64,
        written: HashMap<String, u64>,
    }

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

    async fn ensure_loaded() {
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
    async fn persist() -> Result<(), AppError> {
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

    /// Persists, turning a failure into the status line's message.
    async fn persist_or_tell() -> bool {
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

    // -------------------------------------------------------------- start

    pub fn start(s: OfflineState) {
        STATE.with(|c| c.set(Some(s)));
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

    // -------------------------------------------------------------- prepare, reads

    pub async fn prepare(s: OfflineState, id: String) -> Result<String, AppError> {
        let started = now_ms();
        let user = crate::api::auth::whoami().await?.ok_or(AppError::Unauthorized)?;
        let taken = crate::api::offline::take_offline(id).await?;
        ensure_loaded().await;
        let n = taken.affaires.len();
        MEM.with(|m| {
            let mut m = m.borrow_mut();
            m.status.user_id = Some(user.id);
            let Mem { snapshot, outbox, .. } = &mut *m;
            let sn = snapshot.get_or_insert_with(|| Snapshot {
                user: user.clone(),
                audiences: Vec::new(),
            });
            sn.user = user;
            sn.put(taken);
            // Changes still queued stay visible on the fresh copy.
            for q in &outbox.items {
                let auteur = sn.user.display_name.clone();
                sn.apply(q, &auteur);
            }
        });
        persist().await?;
        register_service_worker();
        ask_persistence().await;
        estimate(s).await;
        let size = LocalStorage::raw()
            .get_item(KEY_SNAPSHOT)
            .ok()
            .flatten()
            .map(|v| v.len())
            .unwrap_or(0);
        let took = now_ms() - started;
        Ok(format!(
            "Audience disponible hors ligne : {n} affaire(s), {} Ko chiffrés sur cet appareil, préparée en {:.1} s.",
            size.div_ceil(1024),
            took as f64 / 1000.0
        ))
    }

    fn cached<T>(f: impl FnOnce(&Snapshot) -> Option<T>) -> Option<T> {
        MEM.with(|m| m.borrow().snapshot.as_ref().and_then(f))
    }

    fn pending_for(affaire_id: &str) -> bool {
        MEM.with(|m| m.borrow().outbox.pending_for(affaire_id) > 0)
    }

    fn pending_on(audience_id: &str) -> bool {
        MEM.with(|m| m.borrow().outbox.items.iter().any(|q| q.audience_id == audience_id))
    }

    pub async fn whoami(r: Result<Option<CurrentUser>, AppError>) -> Result<Option<CurrentUser>, AppError> {
        ensure_loaded().await;
        match r {
            Ok(Some(u)) => {
                // Another account signs in on this browser: the previous one's copy goes.
                let other = MEM.with(|m| m.borrow().status.user_id.is_some_and(|id| id != u.id));
                if other {
                    wipe().await;
                } else if let Some(s) = state()
                    && MEM.with(|m| !m.borrow().outbox.is_empty())
                {
                    // Signed in again after the session expired: send what waited.
                    sync_soon(s);
                }
                Ok(Some(u))
            }
            Err(AppError::Unreachable) => match cached(|s| Some(s.user.clone())) {
                Some(u) => Ok(Some(u)),
                None => Err(AppError::Unreachable),
            },
            other => other,
        }
    }

    pub async fn open_audience(id: String) -> Result<AudienceDetail, AppError> {
        ensure_loaded().await;
        let local = cached(|s| s.audience(&id).map(|a| a.audience.clone()));
        if let Some(a) = &local
            && pending_on(&id)
        {
            return Ok(a.clone());
        }
        match crate::api::hearings::open_audience(id).await {
            Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_else(|| unreachable!())),
            r => r,
        }
    }

    pub async fn open_affaire(id: String) -> Result<AffaireDetail, AppError> {
        ensure_loaded().await;
        let local = cached(|s| s.affaire(&id).cloned());
        if let Some(a) = &local
            && pending_for(&id)
        {
            return Ok(a.clone());
        }
        match crate::api::hearings::open_affaire(id).await {
            Ok(a) => {
                if local.as_ref().is_some_and(|l| *l != a) {
                    // Keep the offline copy as fresh as the page.
                    MEM.with(|m| {
                        if let Some(s) = m.borrow_mut().snapshot.as_mut() {
                            let notes = s.notes(&a.id).unwrap_or_default();
                            s.refresh(a.clone(), notes);
                        }
                    });
                    leptos::task::spawn_local(async {
                        persist_or_tell().await;
                    });
                }
                Ok(a)
            }
            Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_else(|| unreachable!())),
            r => r,
        }
    }

    pub async fn note_history(affaire_id: String) -> Result<Vec<NoteVersion>, AppError> {
        ensure_loaded().await;
        let local = cached(|s| s.notes(&affaire_id));
        if let Some(n) = &local
            && pending_for(&affaire_id)
        {
            return Ok(n.clone());
        }
        match crate::api::hearings::note_history(affaire_id).await {
            Err(AppError::Unreachable) if local.is_some() => Ok(local.unwrap_or_default()),
            r => r,
        }
    }

    /// Why a renvoi of a prepared affaire would be refused, if it would.
    pub async fn renvoi_check(affaire_id: &str, r: &crate::domain::decision::Renvoi) -> Option<String> {
        ensure_loaded().await;
        let (motifs, date) = cached(|s| {
            let a = s.affaire(affaire_id)?;
            Some((
                s.motifs(),
                chrono::NaiveDate::parse_from_str(&a.audience_date, "%Y-%m-%d").ok()?,
            ))
        })?;
        r.validate(&motifs, date).err()
    }

    pub async fn motifs() -> Vec<String> {
        ensure_loaded().await;
        cached(|s| Some(s.motifs())).unwrap_or_default()
    }

    // -------------------------------------------------------------- writes

    /// A mutation for a change on a prepared affaire; `None` for others (sent directly).
    pub async fn mutation(affaire_id: &str, op: Operation) -> Option<Mutation> {
        ensure_loaded().await;
        let audience_id = cached(|s| {
            s.audiences
                .iter()
                .find(|a| a.affaires.iter().any(|x| x.id == affaire_id))
                .map(|a| a.audience.id.clone())
        })?;
        let id = window().crypto().ok()?.random_uuid();
        Some(Mutation {
            id,
            audience_id,
            affaire_id: affaire_id.to_owned(),
            cree_le: clock(),
            op,
            envoyee: false,
        })
    }

    fn auteur() -> String {
        cached(|s| Some(s.user.display_name.clone())).unwrap_or_default()
    }

    /// Sends `m` at once when nothing is queued and the network is there; otherwise (or if
    /// the server cannot be reached) queues it durably. Returns the mutation as applied
    /// locally (a note may merge into a queued one) and the server's outcome if it answered.
    pub async fn submit(mut m: Mutation) -> Result<(Mutation, Option<Outcome>), AppError> {
        let s = state();
        let online = s.is_some_and(|s| s.online.get_untracked());
        let queue_empty = MEM.with(|x| x.borrow().outbox.is_empty() && x.borrow().refused.is_none());
        if online && queue_empty {
            match crate::api::offline::synchronise(vec![m.clone()]).await {
                Ok(report) => {
                    if let Some(a) = report.applied.into_iter().next() {
                        let who = auteur();
                        MEM.with(|x| {
                            if let Some(sn) = x.borrow_mut().snapshot.as_mut() {
                                sn.apply(&m, &who);
                                fix_after(sn, &m, &a.outcome);
                            }
                        });
                        persist_or_tell().await;
                        return Ok((m, Some(a.outcome)));
                    }
                    if let Some(r) = report.refused {
                        if let Some(copy) = r.server {
                            MEM.with(|x| {
                                if let Some(sn) = x.borrow_mut().snapshot.as_mut() {
                                    sn.refresh(copy.affaire, copy.notes);
                                }
                            });
                            persist_or_tell().await;
                        }
                        return Err(r.error);
                    }
                    return Err(AppError::Internal);
                }
                // It may have reached the server: the replay will be recognised by its id.
                Err(AppError::Unreachable) => {
                    m.envoyee = true;
                    if let Some(s) = s {
                        s.online.set(false);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        let applied = MEM.with(|x| {
            let mut x = x.borrow_mut();
            x.outbox.push(m);
            let last = x.outbox.items.last().cloned();
            if let (Some(sn), Some(q)) = (x.snapshot.as_mut(), &last) {
                sn.apply(q, &auteur_of(sn));
            }
            last
        });
        let applied = applied.ok_or(AppError::Internal)?;
        persist().await?;
        if let Some(s) = s
            && s.online.get_untracked()
        {
            sync_soon(s);
        }
        Ok((applied, None))
    }

    fn auteur_of(s: &Snapshot) -> String {
        s.user.display_name.clone()
    }

    /// Aligns the local copy with what the server said it did.
    fn fix_after(sn: &mut Snapshot, m: &Mutation, outcome: &Outcome) {
        if let (Operation::Renvoi { .. }, Outcome::Renvoi(o)) = (&m.op, outcome)
            && let Some(a) = sn
                .audiences
                .iter_mut()
                .flat_map(|a| a.affaires.iter_mut())
                .find(|a| a.id == m.affaire_id)
            && let Some(r) = a.renvoi.as_mut()
        {
            r.audience_cible_id = Some(o.audience_id.clone());
            r.nouvelle_affaire_id = Some(o.affaire_id.clone());
        }
    }

    // -------------------------------------------------------------- sync

    pub fn sync_soon(s: OfflineState) {
        leptos::task::spawn_local(async move { sync(s).await });
    }

    /// Sends the outbox in order, batch by batch, until it is empty, the server refuses a
    /// change, or the network fails. A mutation leaves the outbox only once confirmed.
    pub async fn sync(s: OfflineState) {
        if SYNCING.with(|c| c.replace(true)) {
            return;
        }
        s.syncing.set(true);
        ensure_loaded().await;
        let mut sent_any = false;
        loop {
            if MEM.with(|m| m.borrow().refused.is_some()) {
                break;
            }
            let batch = MEM.with(|m| m.borrow_mut().outbox.next_batch());
            if batch.is_empty() {
                if sent_any {
                    MEM.with(|m| {
                        if let Some(sn) = m.borrow_mut().snapshot.as_mut() {
                            sn.synced(now_ms());
                        }
                    });
                    persist_or_tell().await;
                }
                break;
            }
            // "Sent" is durable before the request leaves: a sent note is never rewritten.
            if !persist_or_tell().await {
                break;
            }
            match crate::api::offline::synchronise(batch.clone()).await {
                Ok(report) => {
                    sent_any = true;
                    let ids: Vec<String> = report.applied.iter().map(|a| a.id.clone()).collect();
                    MEM.with(|m| {
                        let mut m = m.borrow_mut();
                        m.outbox.confirm(&ids);
                        if let Some(sn) = m.snapshot.as_mut() {
                            for a in &report.applied {
                                if let Some(q) = batch.iter().find(|q| q.id == a.id) {
                                    fix_after(sn, q, &a.outcome);
                                }
                            }
                        }
                        if let Some(r) = &report.refused
                            && let Some(q) = batch.iter().find(|q| q.id == r.id)
                        {
                            m.refused = Some((q.clone(), r.clone()));
                        }
                        m.status.derniere_synchro = Some(clock());
                    });
                    s.online.set(true);
                    s.message.set(None);
                    persist_or_tell().await;
                    if report.refused.is_some() {
                        break;
                    }
                }
                Err(AppError::Unreachable) => {
                    s.online.set(false);
                    break;
                }
                Err(AppError::Unauthorized) => {
                    let n = MEM.with(|m| m.borrow().outbox.len());
                    s.message.set(Some(format!(
                        "Session expirée : reconnectez-vous pour envoyer les {n} modification(s) en attente ; \
                         elles restent sur cet appareil."
                    )));
                    break;
                }
                Err(e) => {
                    s.message.set(Some(format!("Synchronisation interrompue : {e}")));
                    break;
                }
            }
        }
        SYNCING.with(|c| c.set(false));
        s.syncing.set(false);
        if sent_any {
            s.revision.update(|n| *n += 1);
        }
        estimate(s).await;
    }

    /// The greffier chose: keep the local change (rechained on the server's version) or the
    /// server's (the local change is dropped). The other queued changes of the affaire follow.
    pub async fn resolve(s: OfflineState, keep_mine: bool) {
        ensure_loaded().await;
        MEM.with(|m| {
            let mut m = m.borrow_mut();
            let Some((q, r)) = m.refused.take() else {
                return;
            };
            if !keep_mine {
                m.outbox.discard(&q.id);
            }
            if let Some(copy) = r.server {
                let version = copy.affaire.version;
                let note = copy.notes.first().map(|n| n.version).unwrap_or(0);
                m.outbox.rebase(&q.affaire_id, version, note);
                let queued: Vec<Mutation> = m
                    .outbox
                    .items
                    .iter()
                    .filter(|x| x.affaire_id == q.affaire_id)
                    .cloned()
                    .collect();
                if let Some(sn) = m.snapshot.as_mut() {
                    sn.refresh(copy.affaire, copy.notes);
                    let auteur = auteur_of(sn);
                    for x in &queued {
                        sn.apply(x, &auteur);
                    }
                }
            }
        });
        persist_or_tell().await;
        s.revision.update(|n| *n += 1);
        sync(s).await;
    }

    async fn wipe() {
        let _ = vault("wipe", None).await;
        MEM.with(|m| *m.borrow_mut() = Mem::default());
        MEM.with(|m| m.borrow_mut().loaded = true);
        if let Some(s) = state() {
            show(&Status::default());
            s.message.set(None);
        }
    }

    pub async fn wipe_before_logout(force: bool) -> Result<(), String> {
        ensure_loaded().await;
        if let Some(s) = state()
            && MEM.with(|m| !m.borrow().outbox.is_empty())
            && s.online.get_untracked()
        {
            sync(s).await;
        }
        let n = MEM.with(|m| m.borrow().outbox.len());
        if n > 0 && !force {
            return Err(format!(
                "{n} modification(s) ne sont pas encore sur le serveur. Synchronisez-les avant de vous déconnecter, \
                 ou confirmez la déconnexion pour les abandonner."
            ));
        }
        wipe().await;
        Ok(())
    }
}
