//! Every document of an audience composed one by one, with a progress bar, then offered as
//! one ZIP made in the browser (the same files, names and codes as the server's ZIP).

use leptos::prelude::*;

/// What the batch came to: the ZIP's object URL and how many documents, or why it stopped.
type Outcome = Result<(String, usize), String>;

/// The button that composes every document of audience `audience_id`, its progress bar and
/// the link to the ZIP once done.
#[component]
pub fn BatchDownload(audience_id: String) -> impl IntoView {
    let progress = RwSignal::new(None::<(usize, usize)>);
    let outcome = RwSignal::new(None::<Outcome>);
    let running = RwSignal::new(false);
    view! {
        <button
            class="fr-btn fr-btn--secondary fr-mb-2w"
            type="button"
            disabled=move || running.get()
            on:click=move |_| run(audience_id.clone(), progress, outcome, running)
        >
            "Composer tous les documents (PDF) en suivant leur progression"
        </button>
        {move || {
            progress
                .get()
                .map(|(done, total)| {
                    view! {
                        <div class="fr-mb-2w">
                            <label class="fr-label" for="lot-progression">
                                {format!("{done} / {total} document(s) composé(s)")}
                            </label>
                            <progress id="lot-progression" max=total value=done>
                                {format!("{done} / {total}")}
                            </progress>
                        </div>
                    }
                })
        }}
        <div role="status">
            {move || {
                outcome
                    .get()
                    .map(|r| match r {
                        Ok((url, n)) => {
                            view! {
                                <a
                                    class="fr-link fr-icon-download-line fr-link--icon-left"
                                    href=url
                                    download="documents-audience.zip"
                                    id="lot-zip"
                                >
                                    {format!("Télécharger les {n} documents composés (ZIP)")}
                                </a>
                            }
                                .into_any()
                        }
                        Err(m) => {
                            view! {
                                <div class="fr-alert fr-alert--error fr-alert--sm">
                                    <p>{m}</p>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

#[cfg(not(feature = "hydrate"))]
fn run(
    _id: String,
    _progress: RwSignal<Option<(usize, usize)>>,
    _outcome: RwSignal<Option<Outcome>>,
    _running: RwSignal<bool>,
) {
}

#[cfg(feature = "hydrate")]
fn run(
    id: String,
    progress: RwSignal<Option<(usize, usize)>>,
    outcome: RwSignal<Option<Outcome>>,
    running: RwSignal<bool>,
) {
    running.set(true);
    outcome.set(None);
    progress.set(None);
    leptos::task::spawn_local(async move {
        let result = async {
            let list = crate::api::documents::audience_documents(id)
                .await
                .map_err(|e| e.to_string())?;
            let total = list.len();
            progress.set(Some((0, total)));
            let mut files = Vec::with_capacity(total);
            for (n, entry) in list.iter().enumerate() {
                let (name, bytes) = fetch(&entry.url)
                    .await
                    .map_err(|m| format!("{} : {m} Aucun fichier n'a été produit.", entry.label))?;
                files.push((format!("{:02}-{name}", n + 1), bytes));
                progress.set(Some((n + 1, total)));
            }
            let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            let url = object_url(&crate::zip::zip(&entries))?;
            Ok((url, total))
        }
        .await;
        outcome.set(Some(result));
        running.set(false);
    });
}

/// The file at `url` (same origin): its name (from Content-Disposition) and bytes.
#[cfg(feature = "hydrate")]
async fn fetch(url: &str) -> Result<(String, Vec<u8>), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("navigateur indisponible.")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "le serveur ne répond pas.".to_owned())?
        .dyn_into()
        .map_err(|_| "réponse illisible.".to_owned())?;
    if !response.ok() {
        let text = match response.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        return Err(format!("refusé ({}) : {text}.", response.status()));
    }
    let name = response
        .headers()
        .get("content-disposition")
        .ok()
        .flatten()
        .and_then(|d| {
            d.split("filename=\"")
                .nth(1)
                .map(|s| s.trim_end_matches('"').to_owned())
        })
        .unwrap_or_else(|| "document.pdf".to_owned());
    let buffer = JsFuture::from(response.array_buffer().map_err(|_| "réponse illisible.".to_owned())?)
        .await
        .map_err(|_| "téléchargement interrompu.".to_owned())?;
    Ok((name, js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// An object URL for `bytes` as a ZIP.
#[cfg(feature = "hydrate")]
fn object_url(bytes: &[u8]) -> Result<String, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/zip");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "le fichier ZIP n'a pas pu être assemblé.".to_owned())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "le fichier ZIP n'a pas pu être proposé.".to_owned())
}
