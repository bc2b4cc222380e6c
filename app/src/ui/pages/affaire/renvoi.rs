//! The renvoi form: motif, new date, mesure de sûreté.

use super::Live;
use crate::domain::decision::{MesureSurete, Renvoi};
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::offline::{record_renvoi, renvoi_motifs};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(super) fn RenvoiForm(affaire_id: String, audience_date: String, live: Live) -> impl IntoView {
    let motifs = Resource::new(|| (), |_| renvoi_motifs());
    let motif = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let mesure = RwSignal::new("aucune".to_owned());
    let observations = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<crate::domain::hearing::RenvoiOutcome>);
    let save = Action::new(move |(version, r): &(i64, Renvoi)| record_renvoi(affaire_id.clone(), *version, r.clone()));
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(o) => {
                    done.set(Some(o));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            live.refresh();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(nouvelle_date) = chrono::NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            return error.set(Some(AppError::validation("date", "Indiquez la date de renvoi.")));
        };
        let r = Renvoi {
            motif: motif.get_untracked(),
            nouvelle_date,
            mesure: MesureSurete::parse(&mesure.get_untracked()).unwrap_or(MesureSurete::Aucune),
            observations: observations.get_untracked(),
        };
        if r.motif.is_empty() {
            return error.set(Some(AppError::validation("motif", "Choisissez le motif du renvoi.")));
        }
        if let Some(v) = live.version() {
            save.dispatch((v, r));
        }
    };
    let min = chrono::NaiveDate::parse_from_str(&audience_date, "%Y-%m-%d")
        .map(|d| (d + chrono::Duration::days(1)).to_string())
        .unwrap_or_default();
    view! {
        <h2>"Renvoi"</h2>
        <form on:submit=submit class="fr-mb-6w">
            <div class="fr-select-group">
                <label class="fr-label" for="renvoi-motif">"Motif du renvoi"</label>
                <select class="fr-select" id="renvoi-motif" on:change=move |ev| motif.set(event_target_value(&ev))>
                    <option value="" selected=move || motif.get().is_empty()>"Choisir un motif"</option>
                    <Transition>
                        {move || Suspend::new(async move {
                            motifs
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|m| {
                                    let v = m.clone();
                                    let label = m.clone();
                                    view! { <option value=m selected=move || motif.get() == v>{label}</option> }
                                })
                                .collect_view()
                        })}
                    </Transition>
                </select>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="renvoi-date">"Nouvelle date"</label>
                <input
                    class="fr-input"
                    id="renvoi-date"
                    type="date"
                    min=min
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </div>
            <div class="fr-select-group">
                <label class="fr-label" for="renvoi-mesure">"Mesure de sûreté"</label>
                <select class="fr-select" id="renvoi-mesure" on:change=move |ev| mesure.set(event_target_value(&ev))>
                    {MesureSurete::ALL
                        .iter()
                        .map(|m| {
                            let v = m.as_str();
                            view! { <option value=v selected=move || mesure.get() == v>{m.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="renvoi-obs">"Observations"</label>
                <textarea
                    class="fr-input"
                    id="renvoi-obs"
                    rows="2"
                    prop:value=move || observations.get()
                    on:input=move |ev| observations.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div aria-live="polite">
                {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
                {move || {
                    done.get()
                        .map(|o| {
                            if o.audience_id.is_empty() {
                                return view! {
                                    <SuccessAlert message="Renvoi enregistré sur cet appareil : il sera transmis au serveur, qui l'inscrira au rôle de cette date, dès le retour du réseau.".to_owned() />
                                }
                                    .into_any();
                            }
                            view! {
                                <SuccessAlert message=if o.audience_creee {
                                    "Affaire renvoyée : une audience a été créée à cette date.".to_owned()
                                } else {
                                    "Affaire renvoyée au rôle de l'audience de cette date.".to_owned()
                                } />
                                <p>
                                    <A href=format!("/audiences/{}", o.audience_id)>"Voir le nouveau rôle"</A>
                                </p>
                            }
                                .into_any()
                        })
                }}
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || save.pending().get() || done.get().is_some()>
                "Renvoyer l'affaire"
            </button>
        </form>
    }
}
