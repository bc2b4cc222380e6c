//! `/pourvois/import-arret`: an arrêt imported from a Judilibre file.

use crate::api::dossiers::import_judilibre;
use crate::domain::role::Role;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/pourvois/import-arret`: attach a decision published in the Judilibre format.
#[component]
pub fn ImportArretPage() -> impl IntoView {
    view! {
        <Title text="Importer un arrêt (Judilibre)" />
        <RequireRole roles=&[Role::Greffier] cassation=true>
            <ImportArret />
        </RequireRole>
    }
}

#[component]
fn ImportArret() -> impl IntoView {
    let contenu = RwSignal::new(String::new());
    let import = Action::new(|c: &String| import_judilibre(c.clone()));
    view! {
        <h1>"Importer un arrêt (format Judilibre)"</h1>
        <p>
            "Collez le JSON d'une décision publiée par l'API Judilibre, ou choisissez le fichier. L'arrêt est rattaché à chacun de ses pourvois par leur numéro ; si l'un d'eux est inconnu, rien n'est enregistré."
        </p>
        {move || {
            import
                .value()
                .get()
                .map(|r| match r {
                    Ok(n) => view! { <SuccessAlert message=format!("Arrêt enregistré pour le(s) pourvoi(s) n° {}.", n.join(", ")) /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
        <form on:submit=move |ev| {
            ev.prevent_default();
            import.dispatch(contenu.get_untracked());
        }>
            <div class="fr-upload-group fr-mb-2w">
                <label class="fr-label" for="fichier-judilibre">
                    "Fichier JSON"
                    <span class="fr-hint-text">"Le contenu du fichier est recopié dans la zone ci-dessous"</span>
                </label>
                <input
                    class="fr-upload"
                    type="file"
                    id="fichier-judilibre"
                    accept=".json,application/json"
                    on:change=move |ev| read_file_into(ev, contenu)
                />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="decision-json">"Décision (JSON)"</label>
                <textarea
                    class="fr-input"
                    id="decision-json"
                    rows="10"
                    prop:value=move || contenu.get()
                    on:input=move |ev| contenu.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button class="fr-btn" type="submit" disabled=move || import.pending().get()>"Importer l'arrêt"</button>
        </form>
    }
}

/// Reads the chosen file as text into `into`.
#[cfg(feature = "hydrate")]
fn read_file_into(ev: leptos::ev::Event, into: RwSignal<String>) {
    use wasm_bindgen::JsCast;
    let Some(file) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
            && let Some(t) = text.as_string()
        {
            into.set(t);
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file_into(_ev: leptos::ev::Event, _into: RwSignal<String>) {}
