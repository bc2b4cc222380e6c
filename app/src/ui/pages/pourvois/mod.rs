//! Cour de cassation dossiers: registration of a pourvoi, and the dossier with its deadlines
//! ("why this date") and timeline.
//!
//! One room per part: registration (`registration`), the greffe's actions on a dossier
//! (`actions`), the inventory (`pieces`), the Judilibre import (`import_arret`).

mod actions;
mod import_arret;
mod pieces;
mod registration;

pub use import_arret::ImportArretPage;
pub use registration::NewPourvoiPage;

use crate::api::dossiers::{follow_pourvoi, open_pourvoi};
use crate::domain::account::CurrentUser;
use crate::domain::deadline::Residence;
use crate::domain::pourvoi::{CHAMBRES, FORMATIONS, label_of};
use crate::domain::pourvoi::{PourvoiDetail, Stade};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::keyed::Keyed;
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::pages::guard::RequireRole;
use actions::{Arret, GreffeActions};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use pieces::Pieces;

/// `/pourvois/:id`
#[component]
pub fn PourvoiPage() -> impl IntoView {
    view! {
        <Title text="Pourvoi" />
        <RequireRole roles=Role::READ_CASES>
            <KeyedPourvoi />
        </RequireRole>
    }
}

#[component]
fn KeyedPourvoi() -> impl IntoView {
    let params = use_params_map();
    let keyed = Keyed::new();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let detail = keyed.get(id, |id| {
            let id = id.clone();
            Resource::new(|| (), move |_| open_pourvoi(id.clone()))
        });
        view! {
            <Transition fallback=|| view! { <p>"Chargement du dossier…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(p) => view! { <PourvoiView p=RwSignal::new(p) /> }.into_any(),
                        Err(e) => view! { <h1>"Pourvoi"</h1> <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        }
    }
}

/// Reloads the dossier into `p` (after a change, or when another user changed it).
fn reload(p: RwSignal<PourvoiDetail>) {
    let id = p.with_untracked(|p| p.id.clone());
    leptos::task::spawn_local(async move {
        if let Ok(fresh) = open_pourvoi(id).await {
            p.set(fresh);
        }
    });
}

fn options(list: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
    list.iter().map(|(c, l)| ((*c).to_owned(), (*l).to_owned())).collect()
}

#[component]
fn PourvoiView(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let greffe = user.role == Role::Greffier && user.at_cassation();
    let title = p.with_untracked(|p| format!("Pourvoi n° {}", p.numero));
    let live = RwSignal::new(None::<String>);
    let id = p.with_untracked(|p| p.id.clone());
    crate::ui::components::live::listen(format!("/flux?pourvoi={id}"), move |e| {
        live.set(Some(format!("Nouvel évènement ({}) : {}", e.acteur, e.detail)));
        reload(p);
    });
    let query = leptos_router::hooks::use_query_map();
    let flash = move || {
        let q = query.read();
        if let Some(code) = q.get("erreur") {
            Some(Err(crate::domain::pourvoi::upload_error(&code).to_owned()))
        } else {
            q.get("piece").map(|_| Ok("Pièce ajoutée à l'inventaire.".to_owned()))
        }
    };
    let ended = move || p.with(|p| p.arret.is_some());
    let id_for_docs = id.clone();
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="fr-text--lead">
            {move || {
                p.with(|p| {
                    format!(
                        "{} — {} — formé le {}",
                        if p.matiere == "penal" { "Matière pénale" } else { "Matière civile" },
                        p.chambre
                            .as_deref()
                            .map(|c| label_of(&CHAMBRES, c))
                            .unwrap_or_else(|| "chambre non encore désignée".into()),
                        french_date(&p.date_pourvoi),
                    )
                })
            }}
        </p>
        <p class="fr-sr-only" role="status" aria-live="polite">{move || live.get()}</p>
        {move || live.get().map(|m| view! { <div class="fr-notice fr-notice--info fr-mb-2w"><div class="fr-container"><div class="fr-notice__body"><p class="fr-notice__title">{m}</p></div></div></div> })}
        <Summary p />
        <Follow p />
        {greffe.then(|| view! { <Show when=move || !ended()><GreffeActions p /></Show> })}
        <Arret p />
        {move || {
            (greffe && p.with(|p| p.stade == Stade::Audience))
                .then(|| {
                    let query = format!("id={}", crate::ui::components::documents::q(&id_for_docs));
                    view! {
                        <ul class="greffe-documents">
                            <crate::ui::components::documents::DocumentLinks kind="avis-fixation" query label="Avis de fixation aux avocats".to_owned() />
                        </ul>
                    }
                })
        }}
        <Pieces p flash />
        {greffe
            .then(|| {
                use crate::domain::dispatch::{Nature, memoire};
                // What the dossier's state allows, as it changes.
                let natures = Signal::derive(move || {
                    p.with(|d| {
                        let mut natures = Vec::new();
                        if d.stade == Stade::Audience {
                            natures.push(Nature::AvisFixation);
                        }
                        if memoire(d).is_some() {
                            natures.push(Nature::NotificationMemoire);
                        }
                        if d.arret.is_some() {
                            natures.push(Nature::NotificationArret);
                        }
                        natures
                    })
                });
                view! { <crate::ui::pages::dispatch::DispatchSection objet=id.clone() natures /> }
            })}
        {move || {
            p.with(|d| {
                view! {
                    <crate::ui::pages::procedures::PourvoiProcedures
                        numero=d.numero.clone()
                        lignes=d.procedures.clone()
                        greffe
                        ended=d.arret.is_some()
                    />
                }
            })
        }}
        <Echeances p />
        <Affectations p />
        <h2>"Évènements"</h2>
        <ol class="greffe-timeline" aria-label="Évènements du dossier, le plus récent d'abord">
            {move || {
                p.with(|p| {
                    p.evenements
                        .iter()
                        .map(|e| view! { <li>{format!("{} — {} — {}", e.at, e.acteur, e.detail)}</li> })
                        .collect_view()
                })
            }}
        </ol>
    }
}

#[component]
fn Summary(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    move || {
        p.with(|p| {
            view! {
                <ul>
                    <li>
                        {format!(
                            "Décision attaquée : {}, {}{}",
                            p.decision_juridiction,
                            french_date(&p.decision_date),
                            if p.decision_numero.is_empty() { String::new() } else { format!(", n° {}", p.decision_numero) },
                        )}
                    </li>
                    <li>
                        {format!(
                            "Demandeur : {}{}{}",
                            p.demandeur,
                            if p.detenu { " (détenu)" } else { "" },
                            residence_note(&p.residence_demandeur),
                        )}
                    </li>
                    <li>{format!("Défendeur : {}{}", p.defendeur, residence_note(&p.residence_defendeur))}</li>
                    {(!p.avocats.is_empty()).then(|| view! { <li>{format!("Avocats aux Conseils : {}", p.avocats)}</li> })}
                    <li id="stade">{format!("Stade : {}", p.stade.label())}</li>
                    {(!p.formation.is_empty()).then(|| view! { <li>{format!("Formation : {}", label_of(&FORMATIONS, &p.formation))}</li> })}
                    <li>{format!("Conseiller rapporteur : {}", p.rapporteur.clone().unwrap_or_else(|| "non désigné".into()))}</li>
                    <li>{format!("Avocat général : {}", p.avocat_general.clone().unwrap_or_else(|| "non désigné".into()))}</li>
                </ul>
            }
        })
    }
}

#[component]
fn Follow(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let toggle = Action::new(move |on: &bool| {
        let (id, on) = (p.with_untracked(|p| p.id.clone()), *on);
        async move {
            let r = follow_pourvoi(id, on).await;
            if r.is_ok() {
                reload(p);
            }
            r
        }
    });
    view! {
        <p>
            <button
                type="button"
                class="fr-btn fr-btn--secondary fr-btn--sm"
                aria-pressed=move || if p.with(|p| p.suivi) { "true" } else { "false" }
                on:click=move |_| {
                    toggle.dispatch(!p.with_untracked(|p| p.suivi));
                }
            >
                "Suivre ce dossier (être averti de ses évènements)"
            </button>
        </p>
        {move || toggle.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert error=e /> })}
    }
}

/// One greffe action's feedback: the error (field, message) or a failure.
fn feedback(
    result: Option<Result<(), AppError>>,
    error: RwSignal<Option<(String, String)>>,
    failure: RwSignal<Option<AppError>>,
    p: RwSignal<PourvoiDetail>,
) {
    match result {
        Some(Ok(())) => {
            error.set(None);
            failure.set(None);
            reload(p);
        }
        Some(Err(AppError::Validation { field, message })) => error.set(Some((field, message))),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    }
}

#[component]
fn Echeances(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    view! {
        <h2>"Échéances"</h2>
        <DataTable caption="Échéances de procédure, la plus proche d'abord".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"Échéance"</th>
                    <th scope="col">"Délai"</th>
                    <th scope="col">"Fondement"</th>
                    <th scope="col">"Sanction"</th>
                    <th scope="col">"Pourquoi cette date"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    p.with(|p| {
                        p.echeances
                            .iter()
                            .cloned()
                            .map(|e| {
                                view! {
                                    <tr data-regle=e.rule_id.clone()>
                                        <td>
                                            <strong>{french_date(&e.due)}</strong>
                                            {if e.ouverte {
                                                view! { <p class="fr-badge fr-badge--sm fr-badge--info">"Ouverte"</p> }.into_any()
                                            } else {
                                                view! {
                                                    <p class="fr-badge fr-badge--sm fr-badge--success">"Close"</p>
                                                    <p class="fr-text--xs">{e.cloture.clone()}</p>
                                                }
                                                    .into_any()
                                            }}
                                        </td>
                                        <td>{e.label}</td>
                                        <td>{e.basis}</td>
                                        <td>{e.lapse}</td>
                                        <td>
                                            <ol>{e.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    })
                }}
            </tbody>
        </DataTable>
    }
}

#[component]
fn Affectations(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    view! {
        <h2>"Affectations"</h2>
        <DataTable caption="Historique des affectations, la plus récente d'abord".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"Fonction"</th>
                    <th scope="col">"Magistrat"</th>
                    <th scope="col">"Depuis"</th>
                    <th scope="col">"Jusqu'au"</th>
                    <th scope="col">"Par"</th>
                    <th scope="col">"Motif"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    p.with(|p| {
                        if p.affectations.is_empty() {
                            return view! { <tr><td colspan="6">"Dossier non encore distribué."</td></tr> }.into_any();
                        }
                        p.affectations
                            .iter()
                            .cloned()
                            .map(|a| {
                                view! {
                                    <tr>
                                        <td>{if a.fonction == "rapporteur" { "Conseiller rapporteur" } else { "Avocat général" }}</td>
                                        <td>{a.nom}</td>
                                        <td>{a.debut}</td>
                                        <td>{a.fin.unwrap_or_else(|| "en cours".into())}</td>
                                        <td>{a.par}</td>
                                        <td>{a.motif}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
                }}
            </tbody>
        </DataTable>
    }
}

/// « , demeurant outre-mer » when a party lives outside métropole (délais de distance).
fn residence_note(id: &str) -> String {
    match Residence::from_id(id) {
        Some(r) if r != Residence::Metropole => format!(", {}", r.phrase()),
        _ => String::new(),
    }
}
