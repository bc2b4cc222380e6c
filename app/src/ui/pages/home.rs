//! Home page per role: greffier (next audiences and tasks), magistrat (assigned dossiers),
//! DSGJ and chef de juridiction (headline figures), admin (administration links).

use crate::api::home::{headline_figures, my_audiences, my_pourvois, visible_juridictions};
use crate::domain::account::CurrentUser;
use crate::domain::hearing::AudienceSummary;
use crate::domain::role::Role;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::format::french_date;
use crate::ui::pages::guard::RequireRole;
use crate::ui::pages::visa::AwaitedVisas;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Home page: greets the user and shows what their role needs first.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Accueil" />
        <RequireRole roles=&Role::ALL>
            <Home />
        </RequireRole>
    }
}

#[component]
fn Home() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let body = match user.role {
        Role::Greffier => view! { <GreffierHome /> }.into_any(),
        Role::MagistratSiege | Role::MagistratParquet => view! { <MagistratHome /> }.into_any(),
        Role::Dsgj | Role::ChefJuridiction => view! { <AwaitedVisas president=false /> <Indicators /> }.into_any(),
        Role::Admin => view! { <AdminHome /> }.into_any(),
    };
    view! {
        <h1>{format!("Bonjour {}", user.display_name)}</h1>
        <p class="fr-text--lead">{format!("{} — {}", user.role.label(), user.juridiction_libelle)}</p>
        {body}
    }
}

#[component]
fn GreffierHome() -> impl IntoView {
    let audiences = Resource::new(|| (), |_| my_audiences());
    view! {
        <Transition fallback=|| view! { <p>"Chargement des audiences…"</p> }>
            {move || Suspend::new(async move {
                match audiences.await {
                    Ok(list) => {
                        view! {
                            <Tasks list=list.clone() />
                            <AwaitedVisas president=false />
                            <AudienceTable list />
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Preparation tasks derived from the next audiences: any affaire still to call this week.
#[component]
fn Tasks(list: Vec<AudienceSummary>) -> impl IntoView {
    let limit = (chrono::Utc::now().date_naive() + chrono::Duration::days(7)).to_string();
    let tasks: Vec<_> = list
        .into_iter()
        .filter(|a| a.date <= limit && a.progress.restantes > 0)
        .collect();
    view! {
        <h2>"Mes tâches de la semaine"</h2>
        {if tasks.is_empty() {
            view! { <p>"Aucune audience à préparer dans les sept prochains jours."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {tasks
                        .into_iter()
                        .map(|a| {
                            view! {
                                <li>
                                    {format!(
                                        "Préparer l'audience du {} à {} ({}) : {} affaire(s) à appeler",
                                        french_date(&a.date),
                                        a.heure_debut,
                                        a.chambre,
                                        a.progress.restantes,
                                    )}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

#[component]
fn AudienceTable(list: Vec<AudienceSummary>) -> impl IntoView {
    view! {
        <h2>"Mes prochaines audiences"</h2>
        {if list.is_empty() {
            view! { <p>"Aucune audience à venir."</p> }.into_any()
        } else {
            view! {
                <div class="fr-table fr-table--no-caption">
                    <div class="fr-table__wrapper">
                        <div class="fr-table__container">
                            <div class="fr-table__content">
                                <table>
                                    <caption>"Prochaines audiences"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Date"</th>
                                            <th scope="col">"Heure"</th>
                                            <th scope="col">"Chambre"</th>
                                            <th scope="col">"Formation"</th>
                                            <th scope="col">"Affaires"</th>
                                            <th scope="col">"Avancement"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|a| {
                                                let done = a.progress.percent_done();
                                                view! {
                                                    <tr>
                                                        <td>{french_date(&a.date)}</td>
                                                        <td>{a.heure_debut}</td>
                                                        <td>{a.chambre}</td>
                                                        <td>{if a.formation == "collegiale" { "Collégiale" } else { "Juge unique" }}</td>
                                                        <td>{a.progress.total()}</td>
                                                        <td>
                                                            <progress max="100" value=done aria-label="Avancement de l'audience">
                                                                {format!("{done} %")}
                                                            </progress>
                                                            {format!(" {done} %")}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </div>
                    </div>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn MagistratHome() -> impl IntoView {
    let pourvois = Resource::new(|| (), |_| my_pourvois());
    let president = expect_context::<CurrentUser>().role == Role::MagistratSiege;
    view! {
        {president.then(|| view! { <AwaitedVisas president=true /> })}
        <h2>"Mes dossiers"</h2>
        <Transition fallback=|| view! { <p>"Chargement des dossiers…"</p> }>
            {move || Suspend::new(async move {
                match pourvois.await {
                    Ok(list) if list.is_empty() => view! { <p>"Aucun dossier ne vous est attribué."</p> }.into_any(),
                    Ok(list) => {
                        view! {
                            <div class="fr-table">
                                <div class="fr-table__wrapper">
                                    <div class="fr-table__container">
                                        <div class="fr-table__content">
                                            <table>
                                                <caption>"Pourvois qui me sont attribués"</caption>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">"N° de pourvoi"</th>
                                                        <th scope="col">"Matière"</th>
                                                        <th scope="col">"Chambre"</th>
                                                        <th scope="col">"Stade"</th>
                                                        <th scope="col">"Formé le"</th>
                                                        <th scope="col">"Demandeur"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {list
                                                        .into_iter()
                                                        .map(|p| {
                                                            view! {
                                                                <tr>
                                                                    <td>
                                                                        <leptos_router::components::A href=format!("/pourvois/{}", p.id)>
                                                                            {p.numero}
                                                                        </leptos_router::components::A>
                                                                    </td>
                                                                    <td>{if p.matiere == "penal" { "Pénal" } else { "Civil" }}</td>
                                                                    <td>{p.chambre.unwrap_or_else(|| "—".into())}</td>
                                                                    <td>{p.stade.label()}</td>
                                                                    <td>{french_date(&p.date_pourvoi)}</td>
                                                                    <td>{p.demandeur}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    </div>
                                </div>
                            </div>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Headline figures, for the user's juridiction or (chef de cour) one of its tribunaux,
/// chosen in the URL query `?juridiction=ID`.
#[component]
fn Indicators() -> impl IntoView {
    let query = use_query_map();
    let selected = move || query.read().get("juridiction").and_then(|s| s.parse::<i64>().ok());
    let figures = Resource::new(selected, headline_figures);
    let juridictions = Resource::new(|| (), |_| visible_juridictions());
    view! {
        <h2>"Chiffres clés"</h2>
        <Transition>
            {move || Suspend::new(async move {
                let list = juridictions.await.unwrap_or_default();
                (list.len() > 1)
                    .then(|| {
                        view! {
                            <form method="get" action="/" class="fr-mb-3w">
                                <div class="fr-select-group">
                                    <label class="fr-label" for="juridiction">"Juridiction"</label>
                                    <select class="fr-select" id="juridiction" name="juridiction">
                                        {list
                                            .into_iter()
                                            .map(|j| {
                                                let is_selected = selected() == Some(j.id);
                                                view! { <option value=j.id.to_string() selected=is_selected>{j.libelle}</option> }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                                <button class="fr-btn fr-btn--secondary" type="submit">"Afficher"</button>
                            </form>
                        }
                    })
            })}
        </Transition>
        <Transition fallback=|| view! { <p>"Calcul des indicateurs…"</p> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(h) => {
                        view! {
                            <ul class="fr-grid-row fr-grid-row--gutters greffe-tiles">
                                <Figure label="Audiences à venir" value=h.audiences_a_venir />
                                <Figure label="Affaires jugées" value=h.affaires_jugees />
                                <Figure label="Affaires renvoyées" value=h.affaires_renvoyees />
                                <Figure label="Affaires restant à juger" value=h.affaires_restantes />
                                <Figure label="Pourvois en stock" value=h.pourvois_en_stock />
                            </ul>
                            <p class="fr-text--sm">{format!("Chiffres calculés le {}.", h.computed_at)}</p>
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
fn Figure(label: &'static str, value: i64) -> impl IntoView {
    view! {
        <li class="fr-col-12 fr-col-sm-6 fr-col-md-4">
            <div class="fr-card fr-card--no-arrow">
                <div class="fr-card__body">
                    <div class="fr-card__content">
                        <p class="fr-card__title">{label}</p>
                        <p class="fr-card__desc greffe-figure">{value.to_string()}</p>
                    </div>
                </div>
            </div>
        </li>
    }
}

#[component]
fn AdminHome() -> impl IntoView {
    view! {
        <h2>"Administration"</h2>
        <ul>
            <li>
                <a href="/admin/utilisateurs">"Gérer les comptes de la juridiction"</a>
            </li>
            <li>
                <a href="/admin/journal">"Consulter le journal d'audit"</a>
            </li>
        </ul>
    }
}
