//! `/verification`: anyone holding a document Greffe issued checks it — by the code at the foot
//! of its pages, and, choosing the file, whether the copy in hand is the one delivered (its
//! SHA-256 is computed in the browser; the file is not sent).

use crate::api::documents::verify_document;
use crate::ui::components::alert::ErrorAlert;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// `/verification[?code=…&empreinte=…]`
#[component]
pub fn VerificationPage() -> impl IntoView {
    let query = use_query_map();
    let code = Memo::new(move |_| query.read().get("code").unwrap_or_default());
    let empreinte = RwSignal::new(query.read_untracked().get("empreinte").unwrap_or_default());
    let asked = Memo::new(move |_| (code.get(), query.read().get("empreinte").unwrap_or_default()));
    let result = Resource::new(
        move || asked.get(),
        |(code, e)| async move {
            if code.trim().is_empty() {
                None
            } else {
                Some(verify_document(code, Some(e)).await)
            }
        },
    );
    let hashing = RwSignal::new(false);
    view! {
        <Title text="Vérifier un document" />
        <h1>"Vérifier un document délivré par Greffe"</h1>
        <p>
            "Chaque document porte en pied de page un code de vérification. Saisissez-le pour savoir quel document a été délivré, par quelle juridiction, quand et par qui ; choisissez en plus le fichier reçu pour vérifier qu'il n'a pas été modifié (son empreinte SHA-256 est calculée sur votre poste : le fichier n'est pas envoyé)."
        </p>
        <Form method="get" action="/verification" noscroll=true>
            <div class="fr-input-group">
                <label class="fr-label" for="code">
                    "Code de vérification"
                    <span class="fr-hint-text">"Par exemple GRF-7K2M-Q9TX-4B1C-ZP8D"</span>
                </label>
                <input class="fr-input" type="text" id="code" name="code" autocomplete="off" prop:value=move || code.get() />
            </div>
            <div class="fr-upload-group fr-mb-3w">
                <label class="fr-label" for="fichier-verifie">
                    "Fichier reçu (facultatif)"
                    <span class="fr-hint-text">"PDF ou ODT délivré par Greffe"</span>
                </label>
                <input class="fr-upload" type="file" id="fichier-verifie" on:change=move |ev| digest_of_file(ev, empreinte, hashing) />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="empreinte">
                    "Empreinte SHA-256 du fichier (facultatif)"
                    <span class="fr-hint-text">"Remplie quand vous choisissez le fichier ; ou collez-la (sha256sum)"</span>
                </label>
                <input class="fr-input" type="text" id="empreinte" name="empreinte" autocomplete="off" prop:value=move || empreinte.get() on:input=move |ev| empreinte.set(event_target_value(&ev)) />
            </div>
            <p class="fr-sr-only" role="status">{move || hashing.get().then_some("Calcul de l'empreinte…")}</p>
            <button class="fr-btn" type="submit" disabled=move || hashing.get()>"Vérifier"</button>
        </Form>
        <Transition fallback=|| view! { <p>"Vérification…"</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    None => ().into_any(),
                    Some(Err(e)) => view! { <ErrorAlert error=e /> }.into_any(),
                    Some(Ok(v)) if !v.trouve => view! {
                        <div class="fr-alert fr-alert--error fr-mt-3w" role="status" id="verification">
                            <h2 class="fr-alert__title">"Aucun document délivré sous ce code"</h2>
                            <p>{format!("Greffe n'a délivré aucun document portant le code {}.", v.code)}</p>
                        </div>
                    }
                        .into_any(),
                    Some(Ok(v)) => {
                        let (class, title) = match v.correspond {
                            Some(false) => ("fr-alert fr-alert--error fr-mt-3w", "Le fichier ne correspond pas au document délivré"),
                            Some(true) => ("fr-alert fr-alert--success fr-mt-3w", "Document authentique : le fichier est celui qui a été délivré"),
                            None => ("fr-alert fr-alert--info fr-mt-3w", "Document délivré par Greffe"),
                        };
                        view! {
                            <div class=class role="status" id="verification">
                                <h2 class="fr-alert__title">{title}</h2>
                                <ul>
                                    <li>{format!("Code : {}", v.code)}</li>
                                    <li>{format!("Document : {}", v.document)}</li>
                                    <li>{format!("Juridiction : {}", v.juridiction)}</li>
                                    <li>{format!("Délivré le {} par {}", v.emis_le, v.emis_par)}</li>
                                    <li>{format!("Format : {}, {} octets", v.format, v.taille)}</li>
                                </ul>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Fills `empreinte` with the SHA-256 of the chosen file, computed by the browser.
#[cfg(feature = "hydrate")]
fn digest_of_file(ev: leptos::ev::Event, empreinte: RwSignal<String>, hashing: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    hashing.set(true);
    leptos::task::spawn_local(async move {
        let digest = async {
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
            let subtle = web_sys::window()?.crypto().ok()?.subtle();
            let promise = subtle
                .digest_with_str_and_buffer_source("SHA-256", &buffer.unchecked_into::<js_sys::Object>())
                .ok()?;
            let hash = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
            let bytes = js_sys::Uint8Array::new(&hash).to_vec();
            Some(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
        }
        .await;
        if let Some(d) = digest {
            empreinte.set(d);
        }
        hashing.set(false);
    });
}

#[cfg(not(feature = "hydrate"))]
fn digest_of_file(_ev: leptos::ev::Event, _empreinte: RwSignal<String>, _hashing: RwSignal<bool>) {}
