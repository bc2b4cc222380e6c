//! Cour de cassation dossiers: registration of a pourvoi, and the dossier with its deadlines
//! ("why this date") and timeline.

use crate::api::audiencement::{correct_pourvoi_date, list_seances, schedule_pourvoi};
use crate::api::dossiers::{
    correct_piece_date, distribute_pourvoi, distribution_candidates, follow_pourvoi, import_judilibre, open_pourvoi,
    orient_pourvoi, receive_dossier, record_arret, register_pourvoi,
};
use crate::domain::account::CurrentUser;
use crate::domain::deadline::Residence;
use crate::domain::pourvoi::{
    ArretForm, CHAMBRES, FORMATIONS, LiveEvent, NATURES, SOLUTIONS, chambres_for, label_of, may_file,
};
use crate::domain::pourvoi::{PourvoiDetail, PourvoiForm, Stade};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::field::{Field, Select};
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::session::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// `/pourvois/nouveau`
#[component]
pub fn NewPourvoiPage() -> impl IntoView {
    view! {
        <Title text="Enregistrer un pourvoi" />
        <RequireRole roles=&[Role::Greffier]>
            <NewPourvoi />
        </RequireRole>
    }
}

#[component]
fn NewPourvoi() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.at_cassation() {
        return view! { <crate::ui::pages::errors::Forbidden /> }.into_any();
    }
    let fields: [(&'static str, &'static str, &'static str, &'static str); 8] = [
        (
            "numero",
            "N° de pourvoi",
            "Format AA-NN.NNN, par exemple 26-12.345",
            "text",
        ),
        ("date_pourvoi", "Date de la déclaration de pourvoi", "", "date"),
        (
            "decision_juridiction",
            "Juridiction de la décision attaquée",
            "",
            "text",
        ),
        ("decision_date", "Date de la décision attaquée", "", "date"),
        ("decision_numero", "N° de la décision attaquée", "Facultatif", "text"),
        ("demandeur", "Demandeur(s)", "", "text"),
        ("defendeur", "Défendeur(s)", "", "text"),
        ("avocats", "Avocats aux Conseils", "Facultatif", "text"),
    ];
    let values: Vec<RwSignal<String>> = fields.iter().map(|_| RwSignal::new(String::new())).collect();
    let matiere = RwSignal::new("civil".to_owned());
    let detenu = RwSignal::new(false);
    let residence_demandeur = RwSignal::new(Residence::Metropole.as_str().to_owned());
    let residence_defendeur = RwSignal::new(Residence::Metropole.as_str().to_owned());
    let residences: Vec<(String, String)> = Residence::ALL
        .into_iter()
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .collect();
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let save = Action::new(|form: &PourvoiForm| register_pourvoi(form.clone()));
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(id) => navigate(&format!("/pourvois/{id}"), Default::default()),
                Err(AppError::Validation { field, message }) => error.set(Some((field, message))),
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let vals = StoredValue::new(values.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        failure.set(None);
        let v: Vec<String> = vals.get_value().iter().map(|s| s.get_untracked()).collect();
        let form = PourvoiForm {
            numero: v[0].clone(),
            matiere: matiere.get_untracked(),
            date_pourvoi: v[1].clone(),
            decision_juridiction: v[2].clone(),
            decision_date: v[3].clone(),
            decision_numero: v[4].clone(),
            demandeur: v[5].clone(),
            defendeur: v[6].clone(),
            avocats: v[7].clone(),
            detenu: detenu.get_untracked(),
            residence_demandeur: residence_demandeur.get_untracked(),
            residence_defendeur: residence_defendeur.get_untracked(),
        };
        save.dispatch(form);
    };
    view! {
        <h1>"Enregistrer un pourvoi"</h1>
        {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
        {move || {
            error
                .get()
                .map(|(_, m)| {
                    view! {
                        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                            <p>{format!("Le formulaire contient une erreur : {m}")}</p>
                        </div>
                    }
                })
        }}
        <form on:submit=submit novalidate>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Matière"</legend>
                {[("civil", "Civile"), ("penal", "Pénale")]
                    .into_iter()
                    .map(|(code, label)| {
                        let id = format!("matiere-{code}");
                        view! {
                            <div class="fr-fieldset__element">
                                <div class="fr-radio-group">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name="matiere"
                                        value=code
                                        prop:checked=move || matiere.get() == code
                                        on:change=move |_| matiere.set(code.to_owned())
                                    />
                                    <label class="fr-label" for=id>{label}</label>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {fields
                .into_iter()
                .zip(values)
                .map(|((id, label, hint, kind), value)| view! { <Field id label hint kind value error /> })
                .collect_view()}
            <p class="fr-text--sm fr-mb-1w">
                "En matière civile, le délai est augmenté d'un mois pour une partie demeurant outre-mer, de deux mois à l'étranger (art. 643 CPC)."
            </p>
            <Select
                id="residence_demandeur"
                label="Résidence du demandeur"
                options=Signal::stored(residences.clone())
                value=residence_demandeur
                error
            />
            <Select
                id="residence_defendeur"
                label="Résidence du défendeur"
                options=Signal::stored(residences)
                value=residence_defendeur
                error
            />
            <div class="fr-checkbox-group fr-mb-3w">
                <input
                    type="checkbox"
                    id="detenu"
                    prop:checked=move || detenu.get()
                    on:change=move |ev| detenu.set(event_target_checked(&ev))
                />
                <label class="fr-label" for="detenu">"Demandeur détenu (matière pénale)"</label>
            </div>
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>
                "Enregistrer le pourvoi"
            </button>
        </form>
    }
    .into_any()
}

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
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let detail = Resource::new(|| (), move |_| open_pourvoi(id.clone()));
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

/// Opens the server-sent-event stream at `url` and calls `on_event` for each dossier event;
/// closed when the calling component is.
#[cfg(feature = "hydrate")]
pub fn listen(url: String, on_event: impl Fn(LiveEvent) + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(&url) else {
        return;
    };
    // A stream that reconnects catches up with some overlap: each event is handled once.
    let mut seen = std::collections::VecDeque::<String>::new();
    let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |m: web_sys::MessageEvent| {
        if let Some(e) = m
            .data()
            .as_string()
            .and_then(|s| serde_json::from_str::<LiveEvent>(&s).ok())
        {
            if seen.contains(&e.id) {
                return;
            }
            if seen.len() >= 500 {
                seen.pop_front();
            }
            seen.push_back(e.id.clone());
            on_event(e);
        }
    });
    let _ = source.add_event_listener_with_callback("evenement", cb.as_ref().unchecked_ref());
    cb.forget();
    let source = StoredValue::new_local(source);
    on_cleanup(move || {
        source.try_with_value(|s| s.close());
    });
}

#[cfg(not(feature = "hydrate"))]
pub fn listen(_url: String, _on_event: impl Fn(LiveEvent) + 'static) {}

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
    listen(format!("/flux?pourvoi={id}"), move |e| {
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
fn GreffeActions(p: RwSignal<PourvoiDetail>) -> impl IntoView {
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
fn Arret(p: RwSignal<PourvoiDetail>) -> impl IntoView {
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
fn Pieces(
    p: RwSignal<PourvoiDetail>,
    flash: impl Fn() -> Option<Result<String, String>> + Send + Sync + 'static,
) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let natures: Vec<(&str, &str)> = NATURES
        .iter()
        .copied()
        .filter(|(n, _)| may_file(user.role, n))
        .collect();
    let may_add = user.at_cassation() && !natures.is_empty();
    let id = p.with_untracked(|p| p.id.clone());
    let today = crate::ui::format::today_iso();
    view! {
        <h2 id="pieces">"Inventaire des pièces"</h2>
        {move || {
            flash()
                .map(|r| match r {
                    Ok(m) => view! { <SuccessAlert message=m /> }.into_any(),
                    Err(m) => {
                        view! {
                            <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                                <p>{m}</p>
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
        <DataTable caption="Pièces du dossier, par date".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Pièce"</th>
                    <th scope="col">"Déposée par"</th>
                    <th scope="col">"Fichier"</th>
                    <th scope="col">"Empreinte SHA-256"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    p.with(|p| {
                        if p.pieces.is_empty() {
                            return view! { <tr><td colspan="5">"Aucune pièce pour l'instant."</td></tr> }.into_any();
                        }
                        p.pieces
                            .iter()
                            .map(|x| {
                                let href = format!("/pourvois/{}/pieces/{}", p.id, x.id);
                                view! {
                                    <tr>
                                        <td>{french_date(&x.date_piece)}</td>
                                        <td>{label_of(&NATURES, &x.nature)}</td>
                                        <td>{x.deposant.clone()}</td>
                                        <td>
                                            <a href=href download=x.nom_fichier.clone() rel="external">
                                                {format!("{} ({} Ko)", x.nom_fichier, (x.taille + 1023) / 1024)}
                                            </a>
                                        </td>
                                        <td><code title=x.sha256.clone()>{format!("{}…", &x.sha256[..16.min(x.sha256.len())])}</code></td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
                }}
            </tbody>
        </DataTable>
        {may_add.then(|| view! {
            <form
                method="post"
                enctype="multipart/form-data"
                action=format!("/pourvois/{id}/pieces")
                aria-labelledby="titre-piece"
                class="fr-mb-4w"
            >
                <h3 id="titre-piece" class="fr-h6">"Ajouter une pièce"</h3>
                <div class="fr-select-group">
                    <label class="fr-label" for="nature">"Type de pièce"</label>
                    <select class="fr-select" id="nature" name="nature" required>
                        {natures.iter().map(|(c, l)| view! { <option value=*c>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="date_piece">"Date de la pièce"</label>
                    <input class="fr-input" type="date" id="date_piece" name="date_piece" value=today required />
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="deposant">
                        "Déposée par"
                        <span class="fr-hint-text">"Avocat, partie ou magistrat qui dépose la pièce"</span>
                    </label>
                    <input class="fr-input" type="text" id="deposant" name="deposant" required maxlength="200" />
                </div>
                <div class="fr-upload-group fr-mb-2w">
                    <label class="fr-label" for="fichier">
                        "Fichier"
                        <span class="fr-hint-text">"PDF, ODT ou DOCX, 10 Mo au plus"</span>
                    </label>
                    <input class="fr-upload" type="file" id="fichier" name="fichier" required accept=".pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document" />
                </div>
                <button class="fr-btn" type="submit">"Ajouter la pièce"</button>
            </form>
        })}
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

/// `/pourvois/import-arret`: attach a decision published in the Judilibre format.
#[component]
pub fn ImportArretPage() -> impl IntoView {
    view! {
        <Title text="Importer un arrêt (Judilibre)" />
        <RequireRole roles=&[Role::Greffier]>
            <ImportArret />
        </RequireRole>
    }
}

#[component]
fn ImportArret() -> impl IntoView {
    let contenu = RwSignal::new(String::new());
    let import = Action::new(|c: &String| import_judilibre(c.clone()));
    view! {
        <h1>"Importer un arrêt (format Judilibre)"</h1>
        <p>
            "Collez le JSON d'une décision publiée par l'API Judilibre, ou choisissez le fichier. L'arrêt est rattaché à chacun de ses pourvois par leur numéro ; si l'un d'eux est inconnu, rien n'est enregistré."
        </p>
        {move || {
            import
                .value()
                .get()
                .map(|r| match r {
                    Ok(n) => view! { <SuccessAlert message=format!("Arrêt enregistré pour le(s) pourvoi(s) n° {}.", n.join(", ")) /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
        <form on:submit=move |ev| {
            ev.prevent_default();
            import.dispatch(contenu.get_untracked());
        }>
            <div class="fr-upload-group fr-mb-2w">
                <label class="fr-label" for="fichier-judilibre">
                    "Fichier JSON"
                    <span class="fr-hint-text">"Le contenu du fichier est recopié dans la zone ci-dessous"</span>
                </label>
                <input
                    class="fr-upload"
                    type="file"
                    id="fichier-judilibre"
                    accept=".json,application/json"
                    on:change=move |ev| read_file_into(ev, contenu)
                />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="decision-json">"Décision (JSON)"</label>
                <textarea
                    class="fr-input"
                    id="decision-json"
                    rows="10"
                    prop:value=move || contenu.get()
                    on:input=move |ev| contenu.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button class="fr-btn" type="submit" disabled=move || import.pending().get()>"Importer l'arrêt"</button>
        </form>
    }
}

/// Reads the chosen file as text into `into`.
#[cfg(feature = "hydrate")]
fn read_file_into(ev: leptos::ev::Event, into: RwSignal<String>) {
    use wasm_bindgen::JsCast;
    let Some(file) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
            && let Some(t) = text.as_string()
        {
            into.set(t);
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file_into(_ev: leptos::ev::Event, _into: RwSignal<String>) {}

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

/// Corrects the date of a pièce typed wrong: the deadlines it started are recomputed and
/// those it closed dated anew.
#[component]
fn PieceDateCorrection(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let piece = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |(piece, d): &(String, String)| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        correct_piece_date(id, version, piece.clone(), d.clone())
    });
    // The server names the pièce's date "date_piece"; this form's field has its own id.
    Effect::new(move |_| {
        let result = save.value().get().map(|r| {
            r.map_err(|e| match e {
                AppError::Validation { field, message } if field == "date_piece" => AppError::Validation {
                    field: "date_piece_corrigee".into(),
                    message,
                },
                e => e,
            })
        });
        feedback(result, error, failure, p)
    });
    let pieces = Signal::derive(move || {
        p.with(|p| {
            p.pieces
                .iter()
                .map(|x| {
                    (
                        x.id.clone(),
                        format!(
                            "{} du {} ({})",
                            label_of(&NATURES, &x.nature),
                            french_date(&x.date_piece),
                            x.nom_fichier
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <form
            aria-labelledby="titre-correction-piece"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((piece.get_untracked(), date.get_untracked()));
            }
        >
            <h3 id="titre-correction-piece" class="fr-h6">"Corriger la date d'une pièce"</h3>
            <p class="fr-hint-text">"Les échéances que la pièce a ouvertes sont recalculées ; celles qu'elle a closes sont datées à nouveau."</p>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Select id="piece_corrigee" label="Pièce" options=pieces value=piece error />
            <Field id="date_piece_corrigee" label="Date exacte de la pièce" kind="date" value=date error />
            <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || save.pending().get()>
                "Corriger la date de la pièce"
            </button>
        </form>
    }
}

/// « , demeurant outre-mer » when a party lives outside métropole (délais de distance).
fn residence_note(id: &str) -> String {
    match Residence::from_id(id) {
        Some(r) if r != Residence::Metropole => format!(", {}", r.phrase()),
        _ => String::new(),
    }
}
