//! Cour de cassation dossiers: registration of a pourvoi, and the dossier with its deadlines
//! ("why this date") and timeline.

use crate::api::dossiers::{open_pourvoi, register_pourvoi};
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::{PourvoiDetail, PourvoiForm};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::Field;
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::session::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
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
                        Ok(p) => view! { <PourvoiView p /> }.into_any(),
                        Err(e) => view! { <h1>"Pourvoi"</h1> <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        }
    }
}

#[component]
fn PourvoiView(p: PourvoiDetail) -> impl IntoView {
    let title = format!("Pourvoi n° {}", p.numero);
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="fr-text--lead">
            {format!(
                "{} — {} — formé le {}",
                if p.matiere == "penal" { "Matière pénale" } else { "Matière civile" },
                p.chambre.clone().unwrap_or_else(|| "chambre non encore désignée".into()),
                french_date(&p.date_pourvoi),
            )}
        </p>
        <ul>
            <li>
                {format!(
                    "Décision attaquée : {}, {}{}",
                    p.decision_juridiction,
                    french_date(&p.decision_date),
                    if p.decision_numero.is_empty() { String::new() } else { format!(", n° {}", p.decision_numero) },
                )}
            </li>
            <li>{format!("Demandeur : {}{}", p.demandeur, if p.detenu { " (détenu)" } else { "" })}</li>
            <li>{format!("Défendeur : {}", p.defendeur)}</li>
            {(!p.avocats.is_empty()).then(|| view! { <li>{format!("Avocats aux Conseils : {}", p.avocats)}</li> })}
            <li>{format!("Stade : {}", p.stade)}</li>
        </ul>
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
                {p.echeances
                    .into_iter()
                    .map(|e| {
                        view! {
                            <tr>
                                <td>
                                    <strong>{french_date(&e.due)}</strong>
                                    {(!e.ouverte).then_some(" (close)")}
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
                    .collect_view()}
            </tbody>
        </DataTable>
        <h2>"Évènements"</h2>
        <ul>
            {p.evenements
                .into_iter()
                .map(|e| view! { <li>{format!("{} — {} — {}", e.at, e.acteur, e.detail)}</li> })
                .collect_view()}
        </ul>
    }
}
