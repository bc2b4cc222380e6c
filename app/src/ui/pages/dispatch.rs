//! `/envois`: the greffe's avis and notifications — those waiting, to be put on a bordereau
//! with the date and the way they left; those sent; the bordereaux. And the section of a
//! dossier or an affaire that prepares them.

use crate::api::dispatch::{CancelDispatch, close_bordereau, dispatches, prepare_dispatch};
use crate::domain::dispatch::{EnvoiView, Envois, Mode, Nature};
use crate::domain::role::Role;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::documents::{DocumentLinks, q};
use crate::ui::components::table::DataTable;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::BTreeSet;

/// `/envois`
#[component]
pub fn DispatchPage() -> impl IntoView {
    view! {
        <Title text="Avis et envois" />
        <RequireRole roles=Role::ORGANISE_HEARINGS>
            <DispatchList />
        </RequireRole>
    }
}

fn letter_links(e: &EnvoiView) -> impl IntoView + use<> {
    let query = format!("id={}", q(&e.id));
    let label = format!("{} — {}", e.nature.label(), e.destinataire);
    view! {
        <ul class="greffe-documents">
            <DocumentLinks kind="notification" query label />
        </ul>
    }
}

#[component]
fn DispatchList() -> impl IntoView {
    let cancel = ServerAction::<CancelDispatch>::new();
    let close = Action::new(|(ids, date, mode): &(Vec<String>, String, String)| {
        let (ids, date, mode) = (ids.clone(), date.clone(), mode.clone());
        async move { close_bordereau(ids, date, mode).await }
    });
    let list = Resource::new(
        move || (cancel.version().get(), close.version().get()),
        |_| dispatches(None),
    );
    let checked = RwSignal::new(BTreeSet::<String>::new());
    let date = RwSignal::new(crate::ui::format::today_iso());
    let mode = RwSignal::new(Mode::LettreRecommandee.code().to_owned());
    view! {
        <h1>"Avis et envois"</h1>
        <p>
            "Les avis et notifications préparés depuis les dossiers attendent ici leur envoi. Imprimez chaque lettre, puis cochez ce qui part ensemble, le même jour et de la même façon : le bordereau d'envoi en fait la liste et date chaque envoi."
        </p>
        <div role="status">
            {move || {
                cancel
                    .value()
                    .get()
                    .map(|r| match r {
                        Ok(()) => view! { <SuccessAlert message="Envoi annulé.".to_owned() /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    })
            }}
            {move || {
                close
                    .value()
                    .get()
                    .map(|r| match r {
                        Ok(n) => {
                            checked.set(BTreeSet::new());
                            view! { <SuccessAlert message=format!("Bordereau n° {n} établi : les envois cochés sont datés.") /> }.into_any()
                        }
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    })
            }}
        </div>
        <Transition fallback=|| view! { <p>"Chargement des envois…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(e) => view! { <Lists e checked cancel /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
        <h2 class="fr-mt-4w">"Établir un bordereau"</h2>
        <div class="fr-input-group">
            <label class="fr-label" for="bordereau-date">"Date d'envoi"</label>
            <input
                class="fr-input"
                type="date"
                id="bordereau-date"
                prop:value=move || date.get()
                on:input=move |ev| date.set(event_target_value(&ev))
            />
        </div>
        <div class="fr-select-group">
            <label class="fr-label" for="bordereau-mode">"Mode d'envoi"</label>
            <select class="fr-select" id="bordereau-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                {Mode::options()
                    .map(|(c, l)| {
                        view! {
                            <option value=c selected=move || mode.get() == c>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <button
            class="fr-btn"
            type="button"
            disabled=move || close.pending().get()
            on:click=move |_| {
                close.dispatch((checked.get_untracked().into_iter().collect(), date.get_untracked(), mode.get_untracked()));
            }
        >
            {move || format!("Établir le bordereau des {} envoi(s) coché(s)", checked.get().len())}
        </button>
    }
}

#[component]
fn Lists(e: Envois, checked: RwSignal<BTreeSet<String>>, cancel: ServerAction<CancelDispatch>) -> impl IntoView {
    let waiting = e
        .a_envoyer
        .into_iter()
        .map(|v| {
            let id = v.id.clone();
            let box_id = format!("envoi-{}", v.id);
            let label = format!(
                "Porter sur le bordereau : {} à {} ({})",
                v.nature.label(),
                v.destinataire,
                v.dossier
            );
            let cancel_label = format!("Annuler l'envoi à {}", v.destinataire);
            let links = letter_links(&v);
            let issued = if v.codes.is_empty() {
                "Lettre non encore délivrée".to_owned()
            } else {
                format!("Lettre délivrée ({})", v.codes[0])
            };
            view! {
                <tr>
                    <td>
                        <div class="fr-checkbox-group fr-checkbox-group--sm">
                            <input
                                type="checkbox"
                                id=box_id.clone()
                                prop:checked={
                                    let id = id.clone();
                                    move || checked.with(|c| c.contains(&id))
                                }
                                on:change={
                                    let id = id.clone();
                                    move |ev| {
                                        let on = event_target_checked(&ev);
                                        checked.update(|c| {
                                            if on {
                                                c.insert(id.clone());
                                            } else {
                                                c.remove(&id);
                                            }
                                        });
                                    }
                                }
                            />
                            <label class="fr-label" for=box_id>
                                <span class="fr-sr-only">{label}</span>
                            </label>
                        </div>
                    </td>
                    <td>{v.dossier.clone()}</td>
                    <td>{v.nature.label()}</td>
                    <td>{v.destinataire.clone()}</td>
                    <td>{v.qualite.clone()}</td>
                    <td>{format!("{} ({})", v.prepare_le, v.prepare_par)}</td>
                    <td>{issued}{links}</td>
                    <td>
                        <ActionForm action=cancel>
                            <input type="hidden" name="id" value=id />
                            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" aria-label=cancel_label>
                                "Annuler"
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let sent = e
        .envoyes
        .into_iter()
        .map(|v| {
            view! {
                <tr>
                    <td>{v.dossier.clone()}</td>
                    <td>{v.nature.label()}</td>
                    <td>{v.destinataire.clone()}</td>
                    <td>{v.mode.label()}</td>
                    <td>{v.envoye_le.clone().map(|d| crate::ui::format::french_date(&d)).unwrap_or_default()}</td>
                    <td>{v.bordereau.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let bordereaux = e
        .bordereaux
        .into_iter()
        .map(|b| {
            let query = format!("id={}", q(&b.id));
            let label = format!("Bordereau n° {}", b.numero);
            view! {
                <tr>
                    <td>{b.numero.clone()}</td>
                    <td>{crate::ui::format::french_date(&b.date_envoi)}</td>
                    <td>{b.mode.label()}</td>
                    <td>{b.etabli_par.clone()}</td>
                    <td>
                        <ul class="greffe-documents">
                            <DocumentLinks kind="bordereau" query label />
                        </ul>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption="Envois en attente".to_owned()>
            <thead>
                <tr>
                    <th scope="col">"À porter"</th>
                    <th scope="col">"Dossier"</th>
                    <th scope="col">"Document"</th>
                    <th scope="col">"Destinataire"</th>
                    <th scope="col">"Qualité"</th>
                    <th scope="col">"Préparé le"</th>
                    <th scope="col">"Lettre"</th>
                    <th scope="col">"Action"</th>
                </tr>
            </thead>
            <tbody>{waiting}</tbody>
        </DataTable>
        <DataTable caption="Envois effectués (les 200 derniers)".to_owned()>
            <thead>
                <tr>
                    <th scope="col">"Dossier"</th>
                    <th scope="col">"Document"</th>
                    <th scope="col">"Destinataire"</th>
                    <th scope="col">"Mode"</th>
                    <th scope="col">"Envoyé le"</th>
                    <th scope="col">"Bordereau"</th>
                </tr>
            </thead>
            <tbody>{sent}</tbody>
        </DataTable>
        <DataTable caption="Bordereaux d'envoi".to_owned()>
            <thead>
                <tr>
                    <th scope="col">"Numéro"</th>
                    <th scope="col">"Date d'envoi"</th>
                    <th scope="col">"Mode"</th>
                    <th scope="col">"Établi par"</th>
                    <th scope="col">"Document"</th>
                </tr>
            </thead>
            <tbody>{bordereaux}</tbody>
        </DataTable>
    }
}

/// The avis and notifications of one record (`objet`): buttons preparing those its state
/// allows (`natures`), and each one prepared with its letter and whether it left.
#[component]
pub fn DispatchSection(objet: String, #[prop(into)] natures: Signal<Vec<Nature>>) -> impl IntoView {
    let prepare = Action::new(|(n, o): &(Nature, String)| {
        let (n, o) = (*n, o.clone());
        async move { prepare_dispatch(n.code().to_owned(), o).await }
    });
    // Loaded in the browser only: a resource nested in the dossier's own would have to be
    // matched by the hydration; the server renders the fallback.
    let objet_for_list = objet.clone();
    let list = LocalResource::new(move || {
        prepare.version().track();
        dispatches(Some(objet_for_list.clone()))
    });
    let mounted = crate::ui::components::hydration::hydrated;
    let buttons = move || {
        natures
            .get()
            .into_iter()
            .map(|n| {
                let objet = objet.clone();
                view! {
                    <li>
                        <button
                            class="fr-btn fr-btn--secondary fr-btn--sm"
                            type="button"
                            disabled=move || prepare.pending().get()
                            on:click=move |_| {
                                prepare.dispatch((n, objet.clone()));
                            }
                        >
                            {format!("Préparer : {}", n.label())}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <h2>"Avis et notifications"</h2>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">{buttons}</ul>
        <div role="status">
            {move || {
                prepare
                    .value()
                    .get()
                    .map(|r| match r {
                        Ok(n) => view! { <SuccessAlert message=format!("{n} envoi(s) préparé(s) : imprimez les lettres, puis portez-les sur un bordereau (Avis et envois).") /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    })
            }}
        </div>
        <Show when=move || mounted() fallback=|| view! { <p>"Chargement des envois du dossier…"</p> }>
        <Transition fallback=|| view! { <p>"Chargement des envois du dossier…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(e) => {
                        let rows = e
                            .a_envoyer
                            .iter()
                            .chain(e.envoyes.iter())
                            .map(|v| {
                                let state = match (&v.envoye_le, &v.bordereau) {
                                    (Some(d), Some(b)) => format!("envoyé le {} (bordereau n° {b})", crate::ui::format::french_date(d)),
                                    _ => "en attente d'envoi".to_owned(),
                                };
                                let links = letter_links(v);
                                view! {
                                    <tr>
                                        <td>{v.nature.label()}</td>
                                        <td>{v.destinataire.clone()}</td>
                                        <td>{v.qualite.clone()}</td>
                                        <td>{state}</td>
                                        <td>{links}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <DataTable caption="Avis et notifications de ce dossier".to_owned()>
                                <thead>
                                    <tr>
                                        <th scope="col">"Document"</th>
                                        <th scope="col">"Destinataire"</th>
                                        <th scope="col">"Qualité"</th>
                                        <th scope="col">"Envoi"</th>
                                        <th scope="col">"Lettre"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </DataTable>
                            <p>
                                <a class="fr-link" href="/envois">"Tous les envois et les bordereaux"</a>
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
        </Show>
    }
}
