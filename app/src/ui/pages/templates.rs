//! `/admin/modeles`: the juridiction's document templates; `/admin/modeles/:nature`: one
//! template's editor, its preview on the juridiction's real records, its versions and which
//! one is in force.

use crate::api::templates::{ActivateTemplate, preview_template, save_template, template, templates};
use crate::domain::document::template::{Preview, TemplateView};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::table::DataTable;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/admin/modeles`
#[component]
pub fn TemplatesPage() -> impl IntoView {
    view! {
        <Title text="Modèles de documents" />
        <RequireRole roles=Role::ADMIN>
            <TemplateList />
        </RequireRole>
    }
}

#[component]
fn TemplateList() -> impl IntoView {
    let list = Resource::new(|| (), |_| templates());
    view! {
        <h1>"Modèles de documents"</h1>
        <p>
            "Greffe compose chaque document à partir des données, avec son modèle. Adaptez-le à votre juridiction (en-tête et adresse, signataires, mise en page, formules autour des données) : chaque version est conservée, essayée sur un dossier réel avant d'être enregistrée, et peut être remplacée par une autre ou par le modèle de Greffe à tout moment. Le modèle commun s'applique aux documents qui n'ont pas le leur."
        </p>
        <Transition fallback=|| view! { <p>"Chargement des modèles…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(lines) => {
                        view! {
                            <DataTable caption="Modèles de la juridiction".to_owned()>
                                <thead>
                                    <tr>
                                        <th scope="col">"Document"</th>
                                        <th scope="col">"Modèle en vigueur"</th>
                                        <th scope="col">"Versions enregistrées"</th>
                                        <th scope="col">"Action"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {lines
                                        .into_iter()
                                        .map(|l| {
                                            let href = format!("/admin/modeles/{}", l.nature);
                                            let label = format!("Adapter le modèle : {}", l.libelle);
                                            view! {
                                                <tr>
                                                    <td>{l.libelle}</td>
                                                    <td>{l.en_vigueur}</td>
                                                    <td>{l.versions}</td>
                                                    <td>
                                                        <a class="fr-link" href=href aria-label=label>
                                                            "Adapter"
                                                        </a>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </DataTable>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `/admin/modeles/:nature`
#[component]
pub fn TemplatePage() -> impl IntoView {
    view! {
        <Title text="Modèle de document" />
        <RequireRole roles=Role::ADMIN>
            <TemplateEditor />
        </RequireRole>
    }
}

#[component]
fn TemplateEditor() -> impl IntoView {
    let params = use_params_map();
    let nature = Memo::new(move |_| params.read().get("nature").unwrap_or_default());
    let activate = ServerAction::<ActivateTemplate>::new();
    let save = Action::new(|(n, s, c): &(String, String, String)| {
        let (n, s, c) = (n.clone(), s.clone(), c.clone());
        async move { save_template(n, s, c).await }
    });
    let preview = Action::new(|(n, s): &(String, String)| {
        let (n, s) = (n.clone(), s.clone());
        async move { preview_template(n, s).await }
    });
    // What the editor holds: set once from the version in force, then only by the admin.
    let source = RwSignal::new(None::<String>);
    let comment = RwSignal::new(String::new());
    let current = Resource::new(
        move || (nature.get(), activate.version().get(), save.version().get()),
        |(n, _, _)| template(n),
    );
    let text = move || source.get().unwrap_or_default();
    let busy = move || save.pending().get() || preview.pending().get();
    view! {
        <Transition fallback=|| view! { <p>"Chargement du modèle…"</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Ok(t) => {
                        if source.get_untracked().is_none() {
                            let start = t
                                .versions
                                .iter()
                                .find(|v| v.en_vigueur)
                                .map_or_else(|| t.defaut.clone(), |v| v.source.clone());
                            source.set(Some(start));
                        }
                        view! { <Header t=t.clone() /> <Versions t=t source=source activate=activate /> }.into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
        <h2 class="fr-mt-4w">"Modifier le modèle"</h2>
        <div class="fr-input-group">
            <label class="fr-label" for="modele-source">
                "Source du modèle (Typst)"
                <span class="fr-hint-text">
                    "Le modèle définit render(data) : data.title, data.authority (lignes d'en-tête), data.blocks (titres, paragraphes, champs, tableaux, signatures), data.code, data.juridiction et data.issued. Les données restent du texte : rien de ce qui est saisi dans un dossier n'est interprété. Le modèle ne peut lire aucun fichier ni accéder au réseau."
                </span>
            </label>
            <textarea
                class="fr-input greffe-code"
                id="modele-source"
                rows="24"
                spellcheck="false"
                prop:value=text
                on:input=move |ev| source.set(Some(event_target_value(&ev)))
            ></textarea>
        </div>
        <div class="fr-input-group">
            <label class="fr-label" for="modele-commentaire">
                "Ce que change cette version"
                <span class="fr-hint-text">"Par exemple : nouvelle adresse du greffe, signature du directeur de greffe"</span>
            </label>
            <input
                class="fr-input"
                type="text"
                id="modele-commentaire"
                maxlength="300"
                prop:value=move || comment.get()
                on:input=move |ev| comment.set(event_target_value(&ev))
            />
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
                <button
                    class="fr-btn fr-btn--secondary"
                    type="button"
                    disabled=busy
                    on:click=move |_| {
                        preview.dispatch((nature.get_untracked(), text()));
                    }
                >
                    "Essayer sur un dossier réel"
                </button>
            </li>
            <li>
                <button
                    class="fr-btn"
                    type="button"
                    disabled=busy
                    on:click=move |_| {
                        save.dispatch((nature.get_untracked(), text(), comment.get_untracked()));
                    }
                >
                    "Enregistrer une nouvelle version"
                </button>
            </li>
        </ul>
        <div role="status" id="modele-resultat">
            {move || preview.pending().get().then(|| view! { <p>"Composition de l'aperçu…"</p> })}
            {move || preview.value().get().map(|r| view! { <PreviewResult r=r nature=nature.get_untracked() /> })}
            {move || {
                save.value()
                    .get()
                    .map(|r| match r {
                        Ok(v) => {
                            view! {
                                <SuccessAlert message=format!(
                                    "Version {v} enregistrée. Elle n'est pas encore en vigueur : mettez-la en vigueur dans la liste des versions.",
                                ) />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    })
            }}
            {move || {
                activate
                    .value()
                    .get()
                    .map(|r| match r {
                        Ok(()) => view! { <SuccessAlert message="Le modèle en vigueur a changé : les prochains documents le suivront.".to_owned() /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    })
            }}
        </div>
    }
}

/// The template's name and the version in force.
#[component]
fn Header(t: TemplateView) -> impl IntoView {
    let in_force = t.versions.iter().find(|v| v.en_vigueur).map_or_else(
        || "le modèle de Greffe".to_owned(),
        |v| format!("la version {} ({})", v.version, v.commentaire),
    );
    let since = (!t.depuis.is_empty()).then(|| format!(" — depuis : {}", t.depuis));
    view! {
        <p class="fr-mb-1w">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/admin/modeles">
                "Tous les modèles"
            </a>
        </p>
        <h1>{format!("Modèle : {}", t.libelle)}</h1>
        <p>{format!("En vigueur : {in_force}")}{since}</p>
    }
}

/// Every version saved, newest first, each with what it changed and how to put it in force
/// or take it back into the editor; and the way back to Greffe's own.
#[component]
fn Versions(
    t: TemplateView,
    source: RwSignal<Option<String>>,
    activate: ServerAction<ActivateTemplate>,
) -> impl IntoView {
    let nature = t.nature.clone();
    let attendu = t.en_vigueur.clone().unwrap_or_default();
    let defaut = t.defaut.clone();
    let back_to_greffe = t.en_vigueur.is_some().then(|| {
        let (nature, attendu) = (nature.clone(), attendu.clone());
        view! {
            <ActionForm action=activate>
                <input type="hidden" name="nature" value=nature />
                <input type="hidden" name="version" value="" />
                <input type="hidden" name="attendu" value=attendu />
                <button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit">
                    "Revenir au modèle de Greffe"
                </button>
            </ActionForm>
        }
    });
    let rows = t
        .versions
        .into_iter()
        .map(|v| {
            let (nature, attendu) = (nature.clone(), attendu.clone());
            let text = v.source.clone();
            let state = if v.en_vigueur { "En vigueur" } else { "—" };
            let put = (!v.en_vigueur).then(|| {
                let label = format!("Mettre en vigueur la version {}", v.version);
                view! {
                    <ActionForm action=activate>
                        <input type="hidden" name="nature" value=nature />
                        <input type="hidden" name="version" value=v.id.clone() />
                        <input type="hidden" name="attendu" value=attendu />
                        <button class="fr-btn fr-btn--sm" type="submit" aria-label=label>
                            "Mettre en vigueur"
                        </button>
                    </ActionForm>
                }
            });
            let take = format!("Reprendre la version {} dans l'éditeur", v.version);
            view! {
                <tr>
                    <td>{v.version}</td>
                    <td>{v.commentaire}</td>
                    <td>{v.cree_par}</td>
                    <td>{v.cree_le}</td>
                    <td>{state}</td>
                    <td>
                        {put}
                        <button
                            class="fr-btn fr-btn--sm fr-btn--tertiary"
                            type="button"
                            aria-label=take
                            on:click=move |_| source.set(Some(text.clone()))
                        >
                            "Reprendre"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Versions"</h2>
        <DataTable caption="Versions enregistrées, la plus récente en premier".to_owned()>
            <thead>
                <tr>
                    <th scope="col">"Version"</th>
                    <th scope="col">"Ce qu'elle change"</th>
                    <th scope="col">"Enregistrée par"</th>
                    <th scope="col">"Le"</th>
                    <th scope="col">"État"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </DataTable>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
            <li>{back_to_greffe}</li>
            <li>
                <button
                    class="fr-btn fr-btn--tertiary fr-btn--sm"
                    type="button"
                    on:click=move |_| source.set(Some(defaut.clone()))
                >
                    "Reprendre le modèle de Greffe dans l'éditeur"
                </button>
            </li>
        </ul>
    }
}

/// A preview's outcome: the PDF to open, or why the template is refused.
#[component]
fn PreviewResult(r: Result<Preview, AppError>, nature: String) -> impl IntoView {
    match r {
        Ok(p) => {
            let href = format!("data:application/pdf;base64,{}", p.pdf_base64);
            let file = format!("apercu-{nature}.pdf");
            view! {
                <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w">
                    <p>{format!("Aperçu composé sur {} ({} octets).", p.exemple, p.octets)}</p>
                    <p>
                        <a class="fr-link fr-icon-download-line fr-link--icon-left" href=href download=file id="modele-apercu">
                            "Ouvrir l'aperçu (PDF)"
                        </a>
                    </p>
                </div>
            }
                .into_any()
        }
        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
    }
}
