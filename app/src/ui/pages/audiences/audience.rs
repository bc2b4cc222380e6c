//! `/audiences/:id`: the audience, its chrono, progress and rôle.

use crate::api::hearings::{clock_audience, move_affaire};
use crate::domain::account::CurrentUser;
use crate::domain::hearing::{AffaireLine, AudienceDetail, EtatAffaire, formation_label};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::documents::{DocumentLinks, q};
use crate::ui::components::keyed::Keyed;
use crate::ui::components::table::DataTable;
use crate::ui::format::{french_date, long_date};
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn etat_badge(etat: EtatAffaire) -> impl IntoView {
    let class = match etat {
        EtatAffaire::AJuger => "fr-badge fr-badge--info fr-badge--no-icon",
        EtatAffaire::Jugee => "fr-badge fr-badge--success fr-badge--no-icon",
        EtatAffaire::Renvoyee => "fr-badge fr-badge--warning fr-badge--no-icon",
    };
    view! { <p class=class>{etat.label()}</p> }
}

/// `/audiences/:id`: the audience, its chrono, progress and rôle.
#[component]
pub fn AudiencePage() -> impl IntoView {
    view! {
        <Title text="Audience" />
        <RequireRole roles=Role::READ_CASES>
            <KeyedAudience />
        </RequireRole>
    }
}

/// Rebuilds the page when the route's id changes.
#[component]
fn KeyedAudience() -> impl IntoView {
    let params = use_params_map();
    let keyed = Keyed::new();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let (reload, detail) = keyed.get(id, |id| {
            let id = id.clone();
            let reload = RwSignal::new(0u32);
            let detail = Resource::new(
                move || reload.get(),
                move |_| crate::ui::offline::open_audience(id.clone()),
            );
            (reload, detail)
        });
        view! { <AudienceView reload detail /> }
    }
}

#[component]
fn AudienceView(reload: RwSignal<u32>, detail: Resource<Result<AudienceDetail, AppError>>) -> impl IntoView {
    let feedback = RwSignal::new(None::<Result<String, AppError>>);
    view! {
        {move || {
            feedback
                .get()
                .map(|r| match r {
                    Ok(m) => view! { <SuccessAlert message=m /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
        <Transition fallback=|| view! { <p>"Chargement de l'audience…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(a) => view! { <AudienceBody a reload feedback /> }.into_any(),
                    Err(e) => view! { <h1>"Audience"</h1> <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AudienceBody(
    a: AudienceDetail,
    reload: RwSignal<u32>,
    feedback: RwSignal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let organise = user.has_role(Role::ORGANISE_HEARINGS);
    let record = user.has_role(Role::RECORD_HEARINGS);
    let id = a.id.clone();
    let clock = Action::new(move |action: &&'static str| clock_audience(id.clone(), (*action).to_owned()));
    Effect::new(move |_| {
        if let Some(r) = clock.value().get() {
            feedback.set(Some(r.map(|_| "Chrono de l'audience mis à jour.".to_owned())));
            reload.update(|n| *n += 1);
        }
    });
    let started = a.debut_reel.is_some();
    let ended = a.fin_reel.is_some();
    let suspended = a.suspendue;
    let title = format!("Audience du {} à {}", long_date(&a.date), a.heure_debut);
    let first_open = a
        .affaires
        .iter()
        .find(|x| x.etat == EtatAffaire::AJuger)
        .map(|x| x.id.clone());
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="fr-text--lead">{format!("{} — {}", a.chambre, formation_label(&a.formation))}</p>
        <ul>
            <li>{format!("Président : {}", a.president)}</li>
            {a.assesseurs.clone().map(|s| view! { <li>{format!("Assesseurs : {s}")}</li> })}
            <li>{format!("Ministère public : {}", a.ministere_public)}</li>
            <li>{format!("Greffier : {}", a.greffier)}</li>
            <li>
                {format!(
                    "{} affaire(s) prévue(s), {} au plus ; durée estimée {} h {:02}",
                    a.prevues,
                    a.maximum,
                    a.duree_estimee_min / 60,
                    a.duree_estimee_min % 60,
                )}
            </li>
            <li>
                {match (&a.debut_reel, &a.fin_reel) {
                    (None, _) => "Audience non ouverte".to_owned(),
                    (Some(d), None) => format!("Audience ouverte le {d}"),
                    (Some(d), Some(f)) => format!("Audience ouverte le {d}, close le {f}"),
                }}
                {started
                    .then(|| {
                        format!(
                            " — durée d'audience hors suspensions : {} h {:02}",
                            a.minutes_siegees / 60,
                            a.minutes_siegees % 60,
                        )
                    })}
            </li>
            {a.suspensions
                .iter()
                .map(|(s, e)| {
                    view! {
                        <li>
                            {match e {
                                Some(e) => format!("Suspension du {s} au {e}"),
                                None => format!("Suspendue depuis le {s}"),
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <crate::ui::components::progress::RoleProgress progress=a.progress pretes=a.pretes />
        {record.then(|| view! { <crate::ui::offline::PrepareOffline audience_id=a.id.clone() /> })}
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
            {(record && !ended)
                .then(|| {
                    let actions: Vec<(&'static str, &'static str)> = match (started, suspended) {
                        (false, _) => vec![("ouvrir", "Ouvrir l'audience")],
                        (true, false) => vec![("suspendre", "Suspendre l'audience"), ("clore", "Clore l'audience")],
                        (true, true) => vec![("reprendre", "Reprendre l'audience"), ("clore", "Clore l'audience")],
                    };
                    actions
                        .into_iter()
                        .map(|(action, label)| {
                            view! {
                                <li>
                                    <button
                                        class="fr-btn fr-btn--secondary"
                                        type="button"
                                        on:click=move |_| {
                                            clock.dispatch(action);
                                        }
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                })}
            {first_open
                .map(|f| {
                    view! {
                        <li>
                            <A href=format!("/affaires/{f}") attr:class="fr-btn fr-btn--secondary">
                                "Appeler la prochaine affaire"
                            </A>
                        </li>
                    }
                })}
            {organise
                .then(|| {
                    view! {
                        <li>
                            <A href=format!("/audiences/{}/import", a.id) attr:class="fr-btn fr-btn--tertiary">
                                "Importer un rôle"
                            </A>
                        </li>
                        <li>
                            <A href=format!("/audiences/{}/modifier", a.id) attr:class="fr-btn fr-btn--tertiary">
                                "Modifier l'audience"
                            </A>
                        </li>
                    }
                })}
        </ul>
        <crate::ui::pages::visa::VisaSection audience_id=a.id.clone() />
        <h2>"Documents"</h2>
        <ul class="greffe-documents">
            <DocumentLinks kind="note-audience" query=format!("id={}", q(&a.id)) label="Notes d'audience".to_owned() />
            <DocumentLinks kind="role" query=format!("id={}", q(&a.id)) label="Rôle de l'audience".to_owned() />
            <DocumentLinks kind="lot-audience" query=format!("id={}", q(&a.id)) label="Tous les documents de l'audience, en un fichier ZIP".to_owned() />
        </ul>
        <crate::ui::components::batch::BatchDownload audience_id=a.id.clone() />
        <h2>"Rôle"</h2>
        <RoleTable affaires=a.affaires organise reload feedback />
    }
}

#[component]
fn RoleTable(
    affaires: Vec<AffaireLine>,
    organise: bool,
    reload: RwSignal<u32>,
    feedback: RwSignal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    if affaires.is_empty() {
        return view! { <p>"Aucune affaire au rôle. Importez un rôle pour le remplir."</p> }.into_any();
    }
    let count = affaires.len() as i32;
    let mover = Action::new(move |(id, version, rang): &(String, i64, i32)| move_affaire(id.clone(), *version, *rang));
    Effect::new(move |_| {
        if let Some(r) = mover.value().get() {
            feedback.set(Some(r.map(|_| "Rôle réordonné.".to_owned())));
            reload.update(|n| *n += 1);
        }
    });
    let dragged = RwSignal::new(None::<(String, i64)>);
    view! {
        <DataTable caption=format!("Rôle : {count} affaire(s), dans l'ordre d'appel")>
            <thead>
                <tr>
                    <th scope="col">"Rang"</th>
                    <th scope="col">"N° parquet"</th>
                    <th scope="col">"Prévenu(s)"</th>
                    <th scope="col">"Infractions"</th>
                    <th scope="col">"Préparation"</th>
                    <th scope="col">"État"</th>
                    {organise.then(|| view! { <th scope="col">"Ordre"</th> })}
                </tr>
            </thead>
            <tbody>
                {affaires
                    .into_iter()
                    .map(|x| {
                        let (done, total) = x.preparation;
                        let up = (x.id.clone(), x.version, x.rang - 1);
                        let down = (x.id.clone(), x.version, x.rang + 1);
                        let drag = (x.id.clone(), x.version);
                        let rang = x.rang;
                        let numero = x.numero_parquet.clone();
                        view! {
                            <tr
                                draggable=organise.then_some("true")
                                on:dragstart=move |_| dragged.set(Some(drag.clone()))
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some((id, version)) = dragged.get_untracked() {
                                        mover.dispatch((id, version, rang));
                                    }
                                }
                            >
                                <td>{x.rang}</td>
                                <td>
                                    <A href=format!("/affaires/{}", x.id)>{x.numero_parquet.clone()}</A>
                                    {x
                                        .renvoyee_du
                                        .map(|d| {
                                            view! {
                                                <br />
                                                <span class="fr-text--xs">{format!("renvoyée du {}", french_date(&d))}</span>
                                            }
                                        })}
                                </td>
                                <td>{x.prevenus.join(", ")}</td>
                                <td>{x.infractions.join(" ; ")}</td>
                                <td>{format!("{done}/{total}")}</td>
                                <td>{etat_badge(x.etat)}</td>
                                {organise
                                    .then(|| {
                                        let n1 = numero.clone();
                                        view! {
                                            <td>
                                                <button
                                                    class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-arrow-up-line"
                                                    type="button"
                                                    title=format!("Monter l'affaire {n1}")
                                                    disabled=rang == 1
                                                    on:click=move |_| { mover.dispatch(up.clone()); }
                                                >
                                                    {format!("Monter l'affaire {n1}")}
                                                </button>
                                                <button
                                                    class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-arrow-down-line"
                                                    type="button"
                                                    title=format!("Descendre l'affaire {numero}")
                                                    disabled=rang == count
                                                    on:click=move |_| { mover.dispatch(down.clone()); }
                                                >
                                                    {format!("Descendre l'affaire {numero}")}
                                                </button>
                                            </td>
                                        }
                                    })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </DataTable>
    }
    .into_any()
}
