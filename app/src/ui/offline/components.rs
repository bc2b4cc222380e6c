//! What offline hearings show: the "prepare for offline" button, the status line, and the
//! change the server refused beside its own version.

use super::{engine, use_offline};
use crate::api::offline::Refused;
use crate::domain::offline::{Mutation, Operation};
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use leptos::prelude::*;

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
        leptos::task::spawn_local(async move {
            match engine::prepare(state, id.get_value()).await {
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
    let sync_now = move |_| engine::sync_soon(state);
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
                            format!(" · Stockage : {} Mo utilisés sur {} Mo", mo(used, 10), mo(quota, 1))
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

/// `bytes` in mégaoctets to `1 / per` (1 or 10), French style (« 12,3 »); read without the
/// float formatter, about 15 kB of the shell's wasm.
fn mo(bytes: f64, per: u64) -> String {
    // A negative or NaN size (never sent by browsers) reads as 0.
    let n = (bytes * per as f64 / 1_048_576.0).round() as u64;
    match per {
        1 => n.to_string(),
        _ => format!("{},{}", n / per, n % per),
    }
}

fn describe(op: &Operation) -> String {
    match op {
        Operation::Note { texte, .. } => texte.clone(),
        Operation::Decision { decision, .. } => decision.summary(),
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
                Some(d) => format!("{} {} : {}", p.nom, p.prenom, d.summary()),
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
        leptos::task::spawn_local(async move {
            engine::resolve(state, keep_mine).await;
        });
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

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_in_french() {
        assert_eq!(super::mo(12.34 * 1_048_576.0, 10), "12,3");
        assert_eq!(super::mo(0.0, 10), "0,0");
        assert_eq!(super::mo(2047.6 * 1_048_576.0, 1), "2048");
        assert_eq!(super::mo(f64::NAN, 1), "0");
    }
}
