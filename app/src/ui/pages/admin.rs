//! Administration pages: accounts of the juridiction and the audit log.

use crate::api::admin::{CreateUser, UnlockAccount, list_audit, list_blocked, list_users};
use crate::domain::role::Role;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::table::DataTable;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Accounts list and the form that creates one.
#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Title text="Utilisateurs" />
        <RequireRole roles=Role::ADMIN>
            <Users />
        </RequireRole>
    }
}

/// Accounts blocked by login throttling, each with the button that lifts its blocks.
#[component]
fn Blocks() -> impl IntoView {
    let unlock = ServerAction::<UnlockAccount>::new();
    let blocks = Resource::new(move || unlock.version().get(), |_| list_blocked());
    view! {
        {move || {
            unlock
                .value()
                .get()
                .map(|r| match r {
                    Ok(()) => view! { <SuccessAlert message="Le compte est débloqué.".to_owned() /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match blocks.await {
                    Ok(list) if list.is_empty() => ().into_any(),
                    Ok(list) => {
                        view! {
                            <h2>"Comptes bloqués"</h2>
                            <p>
                                "Après cinq mots de passe erronés depuis une même adresse, chaque nouvel essai depuis cette adresse attend un délai croissant. Débloquez le compte une fois son titulaire identifié."
                            </p>
                            <DataTable caption=format!("{} blocage(s) en cours", list.len())>
                                <thead>
                                    <tr>
                                        <th scope="col">"Adresse électronique"</th>
                                        <th scope="col">"Depuis l'adresse IP"</th>
                                        <th scope="col">"Essais"</th>
                                        <th scope="col">"Bloqué jusqu'au"</th>
                                        <th scope="col">"Action"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|b| {
                                            let label = format!("Débloquer {}", b.email);
                                            view! {
                                                <tr>
                                                    <td>{b.email.clone()}</td>
                                                    <td>{b.adresse}</td>
                                                    <td>{b.tentatives}</td>
                                                    <td>{b.jusqu_a}</td>
                                                    <td>
                                                        <ActionForm action=unlock>
                                                            <input type="hidden" name="email" value=b.email />
                                                            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit" aria-label=label>
                                                                "Débloquer"
                                                            </button>
                                                        </ActionForm>
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

#[component]
fn Users() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let users = Resource::new(move || create.version().get(), |_| list_users());
    let (filter, set_filter) = signal(String::new());
    view! {
        <h1>"Utilisateurs de la juridiction"</h1>
        <div class="fr-search-bar fr-mb-3w" role="search">
            <label class="fr-label" for="filtre-utilisateurs">"Filtrer les comptes"</label>
            <input
                class="fr-input"
                id="filtre-utilisateurs"
                type="search"
                placeholder="Nom, adresse ou rôle"
                on:input=move |ev| set_filter.set(event_target_value(&ev))
            />
        </div>
        <Transition fallback=|| view! { <p>"Chargement des comptes…"</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => {
                        view! {
                            <div class="fr-table">
                                <div class="fr-table__wrapper">
                                    <div class="fr-table__container">
                                        <div class="fr-table__content">
                                            <table>
                                                <caption>{format!("{} compte(s)", list.len())}</caption>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">"Nom"</th>
                                                        <th scope="col">"Adresse électronique"</th>
                                                        <th scope="col">"Rôle"</th>
                                                        <th scope="col">"État"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {list
                                                        .into_iter()
                                                        .map(|u| {
                                                            let haystack = format!("{} {} {}", u.display_name, u.email, u.role.label()).to_lowercase();
                                                            let hidden = move || !haystack.contains(&filter.get().to_lowercase());
                                                            view! {
                                                                <tr class:greffe-hidden=hidden>
                                                                    <td>{u.display_name}</td>
                                                                    <td>{u.email}</td>
                                                                    <td>{u.role.label()}</td>
                                                                    <td>{if u.active { "Actif" } else { "Désactivé" }}</td>
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
        <Blocks />
        <h2>"Créer un compte"</h2>
        {move || {
            create
                .value()
                .get()
                .map(|r| match r {
                    Ok(_) => view! { <SuccessAlert message="Le compte a été créé.".to_owned() /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
        <ActionForm action=create>
            <div class="fr-input-group">
                <label class="fr-label" for="nouvel-email">"Adresse électronique"</label>
                <input class="fr-input" id="nouvel-email" name="email" type="email" autocomplete="off" required />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="nouveau-nom">"Prénom et nom"</label>
                <input class="fr-input" id="nouveau-nom" name="display_name" type="text" autocomplete="off" required />
            </div>
            <div class="fr-select-group">
                <label class="fr-label" for="nouveau-role">"Rôle"</label>
                <select class="fr-select" id="nouveau-role" name="role">
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="nouveau-mdp">
                    "Mot de passe initial"
                    <span class="fr-hint-text">"12 caractères au moins, sans l'identifiant"</span>
                </label>
                <input class="fr-input" id="nouveau-mdp" name="password" type="password" autocomplete="new-password" required />
            </div>
            <button class="fr-btn" type="submit">"Créer le compte"</button>
        </ActionForm>
    }
}

/// The audit log with filters kept in the URL query.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text="Journal d'audit" />
        <RequireRole roles=Role::ADMIN>
            <Audit />
        </RequireRole>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let query = use_query_map();
    let current = move || {
        let q = query.read();
        (q.get("acteur"), q.get("action"), q.get("du"), q.get("au"))
    };
    let entries = Resource::new(current, |(acteur, action, du, au)| list_audit(acteur, action, du, au));
    let value = move |key: &'static str| move || query.read().get(key).unwrap_or_default();
    view! {
        <h1>"Journal d'audit"</h1>
        <form method="get" action="/admin/journal" class="fr-mb-3w">
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-3 fr-input-group">
                    <label class="fr-label" for="acteur">"Acteur (adresse)"</label>
                    <input class="fr-input" id="acteur" name="acteur" type="text" value=value("acteur") />
                </div>
                <div class="fr-col-12 fr-col-md-3 fr-select-group">
                    <label class="fr-label" for="action">"Action"</label>
                    <select class="fr-select" id="action" name="action">
                        {[("", "Toutes"), ("connexion", "Connexion"), ("deconnexion", "Déconnexion"), ("creation", "Création")]
                            .into_iter()
                            .map(|(v, l)| {
                                let selected = move || query.read().get("action").unwrap_or_default() == v;
                                view! { <option value=v selected=selected>{l}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="fr-col-12 fr-col-md-3 fr-input-group">
                    <label class="fr-label" for="du">"Du"</label>
                    <input class="fr-input" id="du" name="du" type="date" value=value("du") />
                </div>
                <div class="fr-col-12 fr-col-md-3 fr-input-group">
                    <label class="fr-label" for="au">"Au"</label>
                    <input class="fr-input" id="au" name="au" type="date" value=value("au") />
                </div>
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit">"Filtrer"</button>
        </form>
        <Transition fallback=|| view! { <p>"Chargement du journal…"</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) => {
                        view! {
                            <div class="fr-table">
                                <div class="fr-table__wrapper">
                                    <div class="fr-table__container">
                                        <div class="fr-table__content">
                                            <table>
                                                <caption>{format!("{} évènement(s), les plus récents d'abord", list.len())}</caption>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">"Date (heure de Paris)"</th>
                                                        <th scope="col">"Acteur"</th>
                                                        <th scope="col">"Action"</th>
                                                        <th scope="col">"Objet"</th>
                                                        <th scope="col">"Adresse IP"</th>
                                                        <th scope="col">"Résultat"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {list
                                                        .into_iter()
                                                        .map(|e| {
                                                            let object = match (&e.entity_id, &e.detail) {
                                                                (Some(id), Some(d)) => format!("{} n° {id} — {d}", e.entity),
                                                                (Some(id), None) => format!("{} n° {id}", e.entity),
                                                                (None, Some(d)) => format!("{} — {d}", e.entity),
                                                                (None, None) => e.entity.clone(),
                                                            };
                                                            view! {
                                                                <tr>
                                                                    <td>{e.at}</td>
                                                                    <td>{e.actor.unwrap_or_else(|| "—".into())}</td>
                                                                    <td>{e.action}</td>
                                                                    <td>{object}</td>
                                                                    <td>{e.ip}</td>
                                                                    <td>{if e.success { "Réussite" } else { "Échec" }}</td>
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
