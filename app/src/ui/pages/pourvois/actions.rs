//! The greffe's actions on a dossier: orientation, distribution, receipt of the lower
//! court's dossier, arrêt, audiencement, date corrections.

use super::pieces::PieceDateCorrection;
use super::{feedback, options};
use crate::api::audiencement::{correct_pourvoi_date, list_seances, schedule_pourvoi};
use crate::api::dossiers::{
    distribute_pourvoi, distribution_candidates, orient_pourvoi, receive_dossier, record_arret,
};
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::PourvoiDetail;
use crate::domain::pourvoi::{ArretForm, FORMATIONS, SOLUTIONS, chambres_for, label_of};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::{Field, Select};
use crate::ui::format::french_date;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(super) fn GreffeActions(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let matiere = p.with_untracked(|p| p.matiere.clone());
    let penal = matiere == "penal";
    view! {
        <h2>"Orientation et distribution"</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
                <Orientation p matiere />
            </div>
            <div class="fr-col-12 fr-col-md-6">
                <Show when=move || p.with(|p| p.chambre.is_some())>
                    <Distribution p />
                </Show>
            </div>
        </div>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
                <Show when=move || p.with(|p| p.stade.may_be_scheduled())>
                    <Audiencement p />
                </Show>
                {penal.then(|| view! { <Reception p /> })}
            </div>
            <div class="fr-col-12 fr-col-md-6">
                <DateCorrection p />
                <Show when=move || p.with(|p| !p.pieces.is_empty() && p.arret.is_none())>
                    <PieceDateCorrection p />
                </Show>
            </div>
        </div>
    }
}

#[component]
fn Orientation(p: RwSignal<PourvoiDetail>, matiere: String) -> impl IntoView {
    let chambre = RwSignal::new(p.with_untracked(|p| p.chambre.clone().unwrap_or_default()));
    let formation = RwSignal::new(p.with_untracked(|p| p.formation.clone()));
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |(c, f): &(String, String)| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        orient_pourvoi(id, version, c.clone(), f.clone())
    });
    Effect::new(move |_| feedback(save.value().get(), error, failure, p));
    let chambres = options(chambres_for(&matiere));
    view! {
        <form
            aria-labelledby="titre-orientation"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((chambre.get_untracked(), formation.get_untracked()));
            }
        >
            <h3 id="titre-orientation" class="fr-h6">"Orientation"</h3>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Select id="chambre" label="Chambre" options=Signal::stored(chambres) value=chambre error />
            <Select id="formation" label="Formation" options=Signal::stored(options(&FORMATIONS)) value=formation error />
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>"Orienter"</button>
        </form>
    }
}

#[component]
fn Distribution(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    // Loaded in the browser only: a resource nested in the dossier's own would have to be
    // matched by the hydration, and the SSR shows the fallback instead.
    let candidates = LocalResource::new(move || {
        let id = p.with(|p| {
            let _ = (&p.chambre, p.version);
            p.id.clone()
        });
        distribution_candidates(id)
    });
    // Rendered after hydration only (effects do not run on the server).
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let rapporteur = RwSignal::new(String::new());
    let avocat = RwSignal::new(String::new());
    let motif = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |(r, a, m): &(String, String, String)| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        let (r, a, m) = (r.parse().unwrap_or(0), a.parse().unwrap_or(0), m.clone());
        async move {
            if r == 0 {
                return Err(AppError::validation(
                    "rapporteur",
                    "Conseiller rapporteur : choisissez un magistrat.",
                ));
            }
            if a == 0 {
                return Err(AppError::validation(
                    "avocat_general",
                    "Avocat général : choisissez un magistrat.",
                ));
            }
            distribute_pourvoi(id, version, r, a, m).await
        }
    });
    Effect::new(move |_| {
        let r = save.value().get();
        if matches!(r, Some(Ok(()))) {
            motif.set(String::new());
        }
        feedback(r, error, failure, p)
    });
    // Preselect the suggestion (lightest workload) once the list arrives (after hydration).
    Effect::new(move |_| {
        if let Some(Ok(c)) = candidates.get() {
            if rapporteur.get_untracked().is_empty()
                && let Some(x) = c.rapporteurs.first()
            {
                rapporteur.set(x.id.to_string());
            }
            if avocat.get_untracked().is_empty()
                && let Some(x) = c.avocats_generaux.first()
            {
                avocat.set(x.id.to_string());
            }
        }
    });
    let to_options = |list: &[crate::domain::pourvoi::Candidat]| -> Vec<(String, String)> {
        list.iter()
            .enumerate()
            .map(|(i, x)| {
                (
                    x.id.to_string(),
                    format!(
                        "{} — {} dossier(s) en cours{}",
                        x.nom,
                        x.en_cours,
                        if i == 0 { " (suggéré)" } else { "" }
                    ),
                )
            })
            .collect()
    };
    view! {
        <form
            aria-labelledby="titre-distribution"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((rapporteur.get_untracked(), avocat.get_untracked(), motif.get_untracked()));
            }
        >
            <h3 id="titre-distribution" class="fr-h6">"Distribution"</h3>
            <p class="fr-hint-text">"La suggestion est le magistrat de la chambre qui a le moins de dossiers en cours."</p>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Show when=move || mounted.get() fallback=|| view! { <p>"Chargement des magistrats de la chambre…"</p> }>
            <Transition fallback=|| view! { <p>"Chargement des magistrats de la chambre…"</p> }>
                {move || Suspend::new(async move {
                    match candidates.await {
                        Ok(c) => {
                            view! {
                                <Select id="rapporteur" label="Conseiller rapporteur" options=Signal::stored(to_options(&c.rapporteurs)) value=rapporteur error />
                                <Select id="avocat_general" label="Avocat général" options=Signal::stored(to_options(&c.avocats_generaux)) value=avocat error />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
            </Show>
            <Field id="motif" label="Motif" hint="Obligatoire pour une nouvelle distribution" value=motif error />
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>"Distribuer"</button>
        </form>
    }
}

#[component]
fn Reception(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |d: &String| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        receive_dossier(id, version, d.clone())
    });
    Effect::new(move |_| feedback(save.value().get(), error, failure, p));
    view! {
        <form
            aria-labelledby="titre-reception"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(date.get_untracked());
            }
        >
            <h3 id="titre-reception" class="fr-h6">"Réception du dossier de la juridiction"</h3>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Field id="date_reception" label="Date de réception" kind="date" value=date error />
            <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || save.pending().get()>
                "Enregistrer la réception"
            </button>
        </form>
    }
}

#[component]
pub(super) fn Arret(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let greffe = user.role == Role::Greffier && user.at_cassation();
    let solution = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let formation = RwSignal::new(p.with_untracked(|p| p.formation.clone()));
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |f: &ArretForm| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        record_arret(id, version, f.clone())
    });
    Effect::new(move |_| feedback(save.value().get(), error, failure, p));
    view! {
        <h2>"Arrêt"</h2>
        {move || {
            p.with(|p| p.arret.clone())
                .map(|a| {
                    view! {
                        <p>
                            {format!(
                                "{} — arrêt du {} ({}){}",
                                label_of(&SOLUTIONS, &a.solution),
                                french_date(&a.date_arret),
                                label_of(&FORMATIONS, &a.formation).to_lowercase(),
                                if a.ecli.is_empty() { String::new() } else { format!(", {}", a.ecli) },
                            )}
                        </p>
                        {(!a.sommaire.is_empty()).then(|| view! { <blockquote class="fr-text--sm">{a.sommaire}</blockquote> })}
                    }
                })
        }}
        {move || {
            (greffe && p.with(|p| p.arret.is_none()))
                .then(|| {
                    view! {
                        <form
                            aria-labelledby="titre-arret"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                save.dispatch(ArretForm {
                                    solution: solution.get_untracked(),
                                    date_arret: date.get_untracked(),
                                    formation: formation.get_untracked(),
                                });
                            }
                        >
                            <h3 id="titre-arret" class="fr-h6">"Enregistrer l'arrêt"</h3>
                            <p class="fr-hint-text">
                                "Un arrêt publié peut aussi être importé au format Judilibre : "
                                <A href="/pourvois/import-arret">"importer un arrêt"</A>
                            </p>
                            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
                            <Select id="solution" label="Solution" options=Signal::stored(options(&SOLUTIONS)) value=solution error />
                            <Field id="date_arret" label="Date de l'arrêt" kind="date" value=date error />
                            <Select id="formation_arret" label="Formation" options=Signal::stored(options(&FORMATIONS)) value=formation error />
                            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>"Enregistrer l'arrêt"</button>
                        </form>
                    }
                })
        }}
        {move || (p.with(|p| p.arret.is_none()) && !greffe).then(|| view! { <p>"Pas encore d'arrêt."</p> })}
    }
}

#[component]
fn Audiencement(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let seances = LocalResource::new(move || {
        let chambre = p.with(|p| {
            let _ = p.version;
            p.chambre.clone()
        });
        list_seances(chambre)
    });
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let seance = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |s: &String| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        schedule_pourvoi(id, version, s.clone())
    });
    Effect::new(move |_| feedback(save.value().get(), error, failure, p));
    let to_options = |l: Vec<crate::domain::pourvoi::SeanceLigne>| -> Vec<(String, String)> {
        l.into_iter()
            .map(|s| {
                (
                    s.id,
                    format!(
                        "{} — {} ({} dossier(s) au rôle)",
                        french_date(&s.date),
                        label_of(&FORMATIONS, &s.formation),
                        s.dossiers
                    ),
                )
            })
            .collect()
    };
    view! {
        <form
            aria-labelledby="titre-audiencement"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(seance.get_untracked());
            }
        >
            <h3 id="titre-audiencement" class="fr-h6">"Audiencement"</h3>
            <p class="fr-hint-text">
                "Séances à venir de la chambre du dossier ; "
                <A href="/seances">"prévoir une séance"</A>
            </p>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Show when=move || mounted.get() fallback=|| view! { <p>"Chargement des séances…"</p> }>
            <Transition fallback=|| view! { <p>"Chargement des séances…"</p> }>
                {move || Suspend::new(async move {
                    match seances.await {
                        Ok(l) => view! { <Select id="seance" label="Séance" options=Signal::stored(to_options(l)) value=seance error /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
            </Show>
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>"Audiencer"</button>
        </form>
    }
}

#[component]
fn DateCorrection(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let date = RwSignal::new(p.with_untracked(|p| p.date_pourvoi.clone()));
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |d: &String| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        correct_pourvoi_date(id, version, d.clone())
    });
    Effect::new(move |_| feedback(save.value().get(), error, failure, p));
    view! {
        <form
            aria-labelledby="titre-correction"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(date.get_untracked());
            }
        >
            <h3 id="titre-correction" class="fr-h6">"Corriger la date du pourvoi"</h3>
            <p class="fr-hint-text">"Les échéances ouvertes qui en dépendent sont recalculées."</p>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Field id="date_pourvoi" label="Date de la déclaration de pourvoi" kind="date" value=date error />
            <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || save.pending().get()>
                "Corriger la date"
            </button>
        </form>
    }
}
