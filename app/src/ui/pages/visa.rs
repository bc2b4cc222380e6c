//! The président's visa of the notes d'audience (art. 453 CPP): its state on the audience
//! page, with the button for the président, and the visas awaited on the home page.

use crate::api::visa::{awaited_visas, give_visa, visa_of};
use crate::domain::visa::{Statut, VisaView};
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::hydration::AfterHydration;
use crate::ui::format::french_date;
use leptos::prelude::*;
use leptos_router::components::A;

/// « Notes visées par X le … », « à viser au plus tard le … », as the state says.
fn describe(v: &VisaView) -> String {
    let due = french_date(&v.echeance);
    match (v.statut, &v.dernier) {
        (Statut::SansNote, _) => "Aucune note d'audience à viser pour l'instant.".to_owned(),
        (Statut::Vise, Some(d)) => format!("Notes visées par {} le {} ({} note(s)).", d.president, d.le, d.notes),
        (Statut::ARenouveler, Some(d)) => format!(
            "Notes modifiées depuis le visa de {} du {} : nouveau visa à donner au plus tard le {due}.",
            d.president, d.le
        ),
        _ => format!("Notes à viser par le président au plus tard le {due}."),
    }
}

/// The visa of audience `audience_id`: its state, and the button for its président. Shows
/// nothing offline (the visa is given on the server).
#[component]
pub fn VisaSection(audience_id: String) -> impl IntoView {
    view! {
        <AfterHydration>
            <VisaState audience_id=audience_id.clone() />
        </AfterHydration>
    }
}

#[component]
fn VisaState(audience_id: String) -> impl IntoView {
    let give = {
        let id = audience_id.clone();
        Action::new(move |_: &()| give_visa(id.clone()))
    };
    let visa = {
        let id = audience_id.clone();
        Resource::new(move || give.version().get(), move |_| visa_of(id.clone()))
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                visa.await
                    .ok()
                    .map(|v| {
                        let pending = v.statut.pending();
                        let mine = v.par_moi && pending;
                        let paper = !v.president_inscrit && pending;
                        view! {
                            <section aria-labelledby="visa-titre">
                                <h2 id="visa-titre">"Visa des notes d'audience"</h2>
                                <p class:fr-error-text=v.retard>
                                    {describe(&v)}
                                    {v.retard.then_some(" Le délai de trois jours (art. 453 CPP) est dépassé.")}
                                </p>
                                {paper
                                    .then(|| {
                                        view! {
                                            <p class="fr-text--sm">
                                                {format!(
                                                    "Le président « {} » n'a pas de compte Greffe à ce nom : visa sur les notes imprimées.",
                                                    v.president,
                                                )}
                                            </p>
                                        }
                                    })}
                                {mine
                                    .then(|| {
                                        view! {
                                            <button
                                                class="fr-btn"
                                                type="button"
                                                disabled=move || give.pending().get()
                                                on:click=move |_| {
                                                    give.dispatch(());
                                                }
                                            >
                                                "Viser les notes d'audience"
                                            </button>
                                        }
                                    })}
                            </section>
                        }
                    })
            })}
        </Transition>
        {move || {
            give.value()
                .get()
                .map(|r: Result<(), AppError>| match r {
                    Ok(()) => view! { <SuccessAlert message="Notes d'audience visées.".to_owned() /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
    }
}

/// Visas awaited: the président's to give, or those overdue for the greffe and the direction.
#[component]
pub fn AwaitedVisas(president: bool) -> impl IntoView {
    view! {
        <AfterHydration>
            <Awaited president />
        </AfterHydration>
    }
}

#[component]
fn Awaited(president: bool) -> impl IntoView {
    let list = Resource::new(|| (), |_| awaited_visas());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => ().into_any(),
                    Ok(list) => {
                        view! {
                            <h2>{if president { "Notes d'audience à viser" } else { "Visas des notes d'audience en retard" }}</h2>
                            <ul>
                                {list
                                    .into_iter()
                                    .map(|v| {
                                        let what = format!(
                                            "Audience du {} ({}), président {} — {}{}",
                                            french_date(&v.audience_date),
                                            v.chambre,
                                            v.president,
                                            v.statut.label(),
                                            if v.retard {
                                                format!(", en retard (échéance le {})", french_date(&v.echeance))
                                            } else {
                                                format!(", au plus tard le {}", french_date(&v.echeance))
                                            },
                                        );
                                        view! {
                                            <li>
                                                <A href=format!("/audiences/{}", v.audience_id)>{what}</A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
