//! The note d'audience: versioned on the server, saved about a second after the last
//! keystroke, kept sealed in the browser until the server has it; quick phrases.

use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::offline::{note_history, save_note};
use leptos::prelude::*;

/// Quick phrases offered by default (Alt+1 to Alt+9); each browser may change its own list.
const DEFAULT_PHRASES: [&str; 8] = [
    "Appel de la cause.",
    "Le prévenu comparaît, assisté de son avocat.",
    "Le président constate l'identité du prévenu et donne connaissance de l'acte qui saisit le tribunal.",
    "Le prévenu est informé de son droit de faire des déclarations, de répondre aux questions ou de se taire.",
    "La partie civile se constitue et est entendue en ses demandes.",
    "Le ministère public est entendu en ses réquisitions.",
    "L'avocat du prévenu est entendu en sa plaidoirie.",
    "Le prévenu a eu la parole en dernier.",
];

#[cfg(feature = "hydrate")]
mod local {
    use gloo_storage::{LocalStorage, Storage};

    pub fn get(key: &str) -> Option<String> {
        LocalStorage::get(key).ok()
    }

    pub fn set(key: &str, value: &str) {
        let _ = LocalStorage::set(key, value);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NoteState {
    Idle,
    Saving,
    Saved,
    /// Kept on this device only (offline or server error).
    Local,
    Conflict,
}

/// The note d'audience: versioned on the server, saved ~1 s after the last keystroke, and kept
/// in the browser at every keystroke until the server has it.
#[component]
pub(super) fn Note(affaire_id: String, editable: bool) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let history = {
        let id = affaire_id.clone();
        Resource::new(move || reload.get(), move |_| note_history(id.clone()))
    };
    let text = RwSignal::new(String::new());
    let base = RwSignal::new(None::<i64>);
    let state = RwSignal::new(NoteState::Idle);
    let phrases = RwSignal::new(DEFAULT_PHRASES.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let key = crate::domain::offline::draft_key(&affaire_id);
    let _ = &key;
    // First load: server text, unless this browser holds unsaved text.
    Effect::new({
        let key = key.clone();
        move |_| {
            if base.get_untracked().is_some() {
                return;
            }
            if let Some(Ok(h)) = history.get() {
                let latest = h
                    .first()
                    .map(|n| (n.version, n.texte.clone()))
                    .unwrap_or((0, String::new()));
                base.set(Some(latest.0));
                text.set(latest.1.clone());
                // A draft this browser kept (sealed) and the server never got wins, unless
                // something was typed meanwhile.
                #[cfg(feature = "hydrate")]
                leptos::task::spawn_local({
                    let key = key.clone();
                    let server = latest.1.clone();
                    async move {
                        if let Some(local) = crate::ui::offline::draft(&key).await.filter(|l| *l != server)
                            && text.get_untracked() == server
                        {
                            text.set(local);
                            state.set(NoteState::Local);
                        }
                    }
                });
                #[cfg(feature = "hydrate")]
                if let Some(saved) = local::get(crate::domain::offline::KEY_PHRASES)
                    .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
                    .filter(|v| !v.is_empty())
                {
                    phrases.set(saved);
                }
                let _ = &key;
            }
        }
    });
    let save = {
        let id = affaire_id.clone();
        Action::new(move |(b, t): &(i64, String)| save_note(id.clone(), *b, t.clone()))
    };
    let last_sent = StoredValue::new(String::new());
    let failure = RwSignal::new(None::<String>);
    Effect::new({
        let key = key.clone();
        move |_| {
            if let Some(r) = save.value().get() {
                match r {
                    Ok(v) => {
                        failure.set(None);
                        base.set(Some(v));
                        // Saved only when nothing was typed since this save was sent.
                        if last_sent.get_value() == text.get_untracked() {
                            state.set(NoteState::Saved);
                            crate::ui::offline::drop_draft(&key);
                        }
                        reload.update(|n| *n += 1);
                    }
                    Err(AppError::Conflict(_)) => {
                        state.set(NoteState::Conflict);
                        reload.update(|n| *n += 1);
                    }
                    // A full browser storage says so; any other failure keeps the text here.
                    Err(e @ AppError::Validation { .. }) => {
                        failure.set(Some(e.to_string()));
                        state.set(NoteState::Local);
                    }
                    Err(_) => state.set(NoteState::Local),
                }
                let _ = &key;
            }
        }
    });
    let pending_save = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let schedule = move || {
        if let Some(h) = pending_save.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if state.get_untracked() == NoteState::Conflict {
                    return;
                }
                if let Some(b) = base.get_untracked() {
                    state.set(NoteState::Saving);
                    last_sent.set_value(text.get_untracked());
                    save.dispatch((b, text.get_untracked()));
                }
            },
            std::time::Duration::from_millis(800),
        )
        .ok();
        pending_save.set_value(handle);
    };
    let on_input = {
        let key = key.clone();
        move |value: String| {
            crate::ui::offline::keep_draft(key.clone(), value.clone());
            let _ = &key;
            text.set(value);
            if state.get_untracked() != NoteState::Conflict {
                state.set(NoteState::Local);
            }
            schedule();
        }
    };
    let insert_phrase = {
        let on_input = on_input.clone();
        move |i: usize| {
            let Some(p) = phrases.get_untracked().get(i).cloned() else {
                return;
            };
            let mut t = text.get_untracked();
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t.push_str(&p);
            t.push('\n');
            on_input(t);
        }
    };
    let keydown = {
        let insert_phrase = insert_phrase.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.alt_key()
                && !ev.ctrl_key()
                && let Some(d) = ev.key().chars().next().and_then(|c| c.to_digit(10))
                && (1..=9).contains(&d)
            {
                ev.prevent_default();
                insert_phrase(d as usize - 1);
            }
        }
    };
    let keep_mine = move |_| {
        let latest = history
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|h| h.first().map(|n| n.version))
            .unwrap_or(0);
        base.set(Some(latest));
        state.set(NoteState::Saving);
        last_sent.set_value(text.get_untracked());
        save.dispatch((latest, text.get_untracked()));
    };
    let offline = crate::ui::offline::use_offline();
    let status = move || match state.get() {
        NoteState::Idle => "".to_owned(),
        NoteState::Saving => "Enregistrement…".to_owned(),
        NoteState::Saved if offline.pending.get() > 0 => format!(
            "Enregistrée sur cet appareil (version {}), envoi au serveur dès que possible",
            base.get().unwrap_or(0)
        ),
        NoteState::Saved => format!("Enregistrée (version {})", base.get().unwrap_or(0)),
        NoteState::Local => failure
            .get()
            .unwrap_or_else(|| "Conservée sur ce poste, en attente d'enregistrement".to_owned()),
        NoteState::Conflict => "Conflit : une autre version a été enregistrée".to_owned(),
    };
    let phrases_text = RwSignal::new(String::new());
    view! {
        <h2>"Note d'audience"</h2>
        {editable
            .then(|| {
                let insert_phrase = insert_phrase.clone();
                let on_input = on_input.clone();
                view! {
                    <div class="fr-input-group">
                        <label class="fr-label" for="note-audience">
                            "Note d'audience (art. 453 CPP)"
                            <span class="fr-hint-text">
                                "Enregistrement automatique. Phrases rapides : Alt+1 à Alt+9 dans le texte, ou les boutons ci-dessous."
                            </span>
                        </label>
                        <textarea
                            class="fr-input"
                            id="note-audience"
                            rows="10"
                            aria-describedby="note-etat"
                            prop:value=move || text.get()
                            on:input=move |ev| on_input(event_target_value(&ev))
                            on:keydown=keydown
                        ></textarea>
                        <p id="note-etat" class="fr-hint-text" role="status">{status}</p>
                    </div>
                    <ul class="fr-btns-group fr-btns-group--inline-sm">
                        {move || {
                            let insert_phrase = insert_phrase.clone();
                            phrases
                                .get()
                                .into_iter()
                                .take(9)
                                .enumerate()
                                .map(move |(i, p)| {
                                    let insert_phrase = insert_phrase.clone();
                                    view! {
                                        <li>
                                            <button
                                                class="fr-btn fr-btn--sm fr-btn--tertiary"
                                                type="button"
                                                title=p.clone()
                                                on:click=move |_| insert_phrase(i)
                                            >
                                                {format!("Alt+{} : {}", i + 1, p.chars().take(28).collect::<String>())}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                    <details class="fr-mb-3w">
                        <summary>"Modifier mes phrases rapides"</summary>
                        <div class="fr-input-group">
                            <label class="fr-label" for="phrases-rapides">"Une phrase par ligne (neuf au plus)"</label>
                            <textarea
                                class="fr-input"
                                id="phrases-rapides"
                                rows="6"
                                prop:value=move || phrases.get().join("\n")
                                on:input=move |ev| phrases_text.set(event_target_value(&ev))
                            ></textarea>
                        </div>
                        <button
                            class="fr-btn fr-btn--sm fr-btn--secondary"
                            type="button"
                            on:click=move |_| {
                                let list: Vec<String> = phrases_text
                                    .get_untracked()
                                    .lines()
                                    .map(|l| l.trim().to_owned())
                                    .filter(|l| !l.is_empty())
                                    .take(9)
                                    .collect();
                                if !list.is_empty() {
                                    #[cfg(feature = "hydrate")]
                                    local::set(crate::domain::offline::KEY_PHRASES, &serde_json::to_string(&list).unwrap_or_default());
                                    phrases.set(list);
                                }
                            }
                        >
                            "Enregistrer mes phrases"
                        </button>
                    </details>
                    {move || {
                        (state.get() == NoteState::Conflict)
                            .then(|| {
                                view! {
                                    <div class="fr-callout fr-mb-3w">
                                        <h3 class="fr-callout__title">"Deux versions de la note"</h3>
                                        <p class="fr-callout__text">"Version enregistrée par ailleurs :"</p>
                                        <pre class="greffe-note">
                                            {history.get().and_then(Result::ok).and_then(|h| h.first().map(|n| n.texte.clone())).unwrap_or_default()}
                                        </pre>
                                        <p>"Votre texte est conservé dans la zone de saisie."</p>
                                        <button class="fr-btn fr-btn--sm" type="button" on:click=keep_mine>
                                            "Enregistrer mon texte comme nouvelle version"
                                        </button>
                                    </div>
                                }
                            })
                    }}
                }
            })}
        <Transition>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(h) if h.is_empty() => view! { <p>"Aucune version enregistrée."</p> }.into_any(),
                    Ok(h) => {
                        let latest = h[0].clone();
                        view! {
                            {(!editable).then(|| view! { <pre class="greffe-note">{latest.texte.clone()}</pre> })}
                            <details>
                                <summary>{format!("Historique : {} version(s)", h.len())}</summary>
                                <ul>
                                    {h
                                        .into_iter()
                                        .map(|n| view! { <li>{format!("Version {} — {} — {}", n.version, n.auteur, n.ecrite_le)}</li> })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A fresh client-side id (UUID v4) for a record created in the browser.
pub(super) fn client_id() -> String {
    #[cfg(feature = "hydrate")]
    if let Ok(c) = window().crypto() {
        return c.random_uuid();
    }
    String::new()
}
