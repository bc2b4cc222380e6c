//! `/pourvois/nouveau`: registration of a pourvoi.

use crate::api::dossiers::register_pourvoi;
use crate::domain::account::CurrentUser;
use crate::domain::deadline::Residence;
use crate::domain::pourvoi::PourvoiForm;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::{Field, Select};
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

/// `/pourvois/nouveau`
#[component]
pub fn NewPourvoiPage() -> impl IntoView {
    view! {
        <Title text="Enregistrer un pourvoi" />
        <RequireRole roles=&[Role::Greffier] cassation=true>
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
        <crate::ui::components::alert::FormErrorAlert error />
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
