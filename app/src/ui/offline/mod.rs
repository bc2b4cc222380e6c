//! Offline hearings in the browser.
//!
//! An audience "prepared for offline" is kept in localStorage, sealed with AES-GCM by
//! `public/greffe-coffre.js` (non-extractable key in IndexedDB). The hearing pages read and
//! write through the functions of this module: for a prepared audience, a read falls back to
//! the local copy when the server cannot be reached, and a change becomes a [`Mutation`] that
//! is sent at once or, without network, queued in the sealed outbox and sent in order when the
//! network returns. Other records go straight to the server functions.
//!
//! Pages call this module the same on both targets. The browser's side is `engine` (local
//! copy, sealed outbox, sync); server rendering goes straight to the server functions
//! (`direct`). The one `cfg` that chooses is below.

mod components;
#[cfg(not(feature = "hydrate"))]
#[path = "direct.rs"]
mod engine;
#[cfg(feature = "hydrate")]
mod engine;

pub use components::{OfflineBar, PrepareOffline};
pub use engine::{
    affaire_neighbours, draft, drop_draft, keep_draft, note_history, open_affaire, open_audience, record_decision,
    record_renvoi, renvoi_motifs, save_note, whoami, wipe_before_logout,
};

use crate::api::offline::Refused;
use crate::domain::offline::Mutation;
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
    // Once the page has hydrated: the status line it shows differs from the server's page.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !crate::ui::components::hydration::hydrated() {
            return started.unwrap_or(false);
        }
        state.mounted.set(true);
        engine::start(state);
        true
    });
}

pub fn use_offline() -> OfflineState {
    expect_context::<OfflineState>()
}
