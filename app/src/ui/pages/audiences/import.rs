//! `/audiences/:id/import`: the rôle import, checked before anything is written.

use super::param_id;
use crate::api::hearings::{ImportFormat, import_role, open_audience};
use crate::domain::import::{COLUMNS, ImportReport};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// `/audiences/:id/import`: dry run of a CSV or JSON rôle, then confirmation.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text="Importer un rôle" />
        <RequireRole roles=Role::ORGANISE_HEARINGS>
            <ForAudience />
        </RequireRole>
    }
}

#[derive(Clone)]
struct ImportRequest {
    format: ImportFormat,
    contenu: String,
    confirmer: bool,
}

/// The audience the rôle goes to, named above the form; an audience of another
/// juridiction, or none, is not found.
#[component]
fn ForAudience() -> impl IntoView {
    let id = param_id();
    let audience = Resource::new(|| (), move |_| open_audience(id.clone()));
    view! {
        <h1>"Importer un rôle"</h1>
        <Transition fallback=|| view! { <p>"Chargement de l'audience…"</p> }>
            {move || Suspend::new(async move {
                match audience.await {
                    Ok(a) => {
                        view! {
                            <p class="fr-text--lead">
                                {format!("Audience du {} — {}", french_date(&a.date), a.chambre)}
                            </p>
                            <Import id=a.id />
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Import(id: String) -> impl IntoView {
    let format = RwSignal::new(ImportFormat::Csv);
    let contenu = RwSignal::new(String::new());
    let file_error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<Result<ImportReport, AppError>>);
    let run = {
        let id = id.clone();
        Action::new(move |r: &ImportRequest| import_role(id.clone(), r.format, r.contenu.clone(), r.confirmer))
    };
    Effect::new(move |_| {
        if let Some(r) = run.value().get() {
            report.set(Some(r));
        }
    });
    let dispatch = move |confirmer: bool| {
        run.dispatch(ImportRequest {
            format: format.get_untracked(),
            contenu: contenu.get_untracked(),
            confirmer,
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        file_error.set(None);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: web_sys::HtmlInputElement = match ev.target().and_then(|t| t.dyn_into().ok()) {
                Some(i) => i,
                None => return,
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            if file.name().to_lowercase().ends_with(".json") {
                format.set(ImportFormat::Json);
            } else {
                format.set(ImportFormat::Csv);
            }
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => {
                        contenu.set(text.as_string().unwrap_or_default());
                        report.set(None);
                    }
                    Err(_) => file_error.set(Some("Le fichier n'a pas pu être lu.".into())),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let back = format!("/audiences/{id}");
    view! {
        <p>
            "Le fichier vient de l'export d'un autre outil : une ligne par prévenu et par infraction, en CSV (séparateur « ; » ou « , », UTF-8) ou en JSON (tableau d'objets). "
            "Rien n'est enregistré avant votre confirmation, et une ligne déjà importée ne crée pas de doublon."
        </p>
        <p>
            "Colonnes : " <code>{COLUMNS.join(", ")}</code> ". "
            <a href="/modeles/role-exemple.csv" download="role-exemple.csv" rel="external">
                "Télécharger le fichier d'exemple (CSV)"
            </a>
        </p>
        <div class="fr-upload-group fr-mb-3w">
            <label class="fr-label" for="fichier-role">
                "Fichier du rôle"
                <span class="fr-hint-text">"Formats acceptés : .csv, .json"</span>
            </label>
            <input class="fr-upload" type="file" id="fichier-role" accept=".csv,.json,text/csv,application/json" on:change=on_file />
            {move || file_error.get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
        </div>
        <div class="fr-select-group">
            <label class="fr-label" for="format-role">"Format"</label>
            <select
                class="fr-select"
                id="format-role"
                on:change=move |ev| {
                    format.set(if event_target_value(&ev) == "json" { ImportFormat::Json } else { ImportFormat::Csv })
                }
            >
                <option value="csv" selected=move || format.get() == ImportFormat::Csv>"CSV"</option>
                <option value="json" selected=move || format.get() == ImportFormat::Json>"JSON"</option>
            </select>
        </div>
        <div class="fr-input-group">
            <label class="fr-label" for="contenu-role">
                "Contenu du fichier"
                <span class="fr-hint-text">"Rempli par le choix du fichier ; vous pouvez aussi coller le contenu ici."</span>
            </label>
            <textarea
                class="fr-input"
                id="contenu-role"
                rows="8"
                prop:value=move || contenu.get()
                on:input=move |ev| {
                    contenu.set(event_target_value(&ev));
                    report.set(None);
                }
            ></textarea>
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
                <button
                    class="fr-btn"
                    type="button"
                    disabled=move || run.pending().get() || contenu.with(|c| c.trim().is_empty())
                    on:click=move |_| dispatch(false)
                >
                    "Vérifier le fichier"
                </button>
            </li>
            <li>
                <A href=back.clone() attr:class="fr-btn fr-btn--secondary">
                    "Retour à l'audience"
                </A>
            </li>
        </ul>
        <div aria-live="polite">
            {move || report.get().map(|r| view! { <ReportView r dispatch back=back.clone() pending=run.pending() /> })}
        </div>
    }
}

#[component]
fn ReportView(
    r: Result<ImportReport, AppError>,
    dispatch: impl Fn(bool) + Copy + Send + Sync + 'static,
    back: String,
    pending: Memo<bool>,
) -> impl IntoView {
    let rep = match r {
        Ok(rep) => rep,
        Err(e) => return view! { <ErrorAlert error=e /> }.into_any(),
    };
    let summary = format!(
        "{} ligne(s) lue(s) : {} affaire(s) nouvelle(s), {} déjà au rôle, {} prévenu(s) et {} infraction(s) à créer.",
        rep.lignes, rep.affaires_creees, rep.affaires_existantes, rep.prevenus_crees, rep.infractions_creees
    );
    if rep.enregistre {
        return view! {
            <SuccessAlert message=format!("Import enregistré. {summary}") />
            <p>
                <A href=back attr:class="fr-btn">"Ouvrir l'audience"</A>
            </p>
        }
        .into_any();
    }
    if rep.erreurs_total > 0 {
        let shown = rep.erreurs.len();
        return view! {
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
                <h2 class="fr-alert__title">
                    {format!("{} ligne(s) en erreur : rien ne sera enregistré", rep.erreurs_total)}
                </h2>
                <p>"Corrigez le fichier puis vérifiez-le à nouveau."</p>
            </div>
            <DataTable caption=if shown < rep.erreurs_total {
                format!("Les {shown} premières erreurs")
            } else {
                "Erreurs par ligne".to_owned()
            }>
                <thead>
                    <tr>
                        <th scope="col">"Ligne"</th>
                        <th scope="col">"Motif"</th>
                    </tr>
                </thead>
                <tbody>
                    {rep
                        .erreurs
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    <td>{if e.ligne == 0 { "fichier".to_owned() } else { e.ligne.to_string() }}</td>
                                    <td>{e.message}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </DataTable>
        }
        .into_any();
    }
    view! {
        <div class="fr-alert fr-alert--info fr-mb-3w">
            <h2 class="fr-alert__title">"Fichier valide : vérifiez puis confirmez"</h2>
            <p>{summary}</p>
        </div>
        <DataTable caption="Affaires du fichier".to_owned()>
            <thead>
                <tr>
                    <th scope="col">"N° parquet"</th>
                    <th scope="col">"Au rôle"</th>
                </tr>
            </thead>
            <tbody>
                {rep
                    .apercu
                    .into_iter()
                    .map(|(n, s)| view! { <tr><td>{n}</td><td>{s}</td></tr> })
                    .collect_view()}
            </tbody>
        </DataTable>
        <button class="fr-btn" type="button" disabled=move || pending.get() on:click=move |_| dispatch(true)>
            {format!("Confirmer l'import de {} affaire(s)", rep.affaires_creees)}
        </button>
    }
    .into_any()
}
