//! Audiences: the list, the creation form, one audience with its rôle and progress, and the
//! rôle import.
//!
//! One room per page: the list and the audience forms (here), one audience and its rôle
//! (`audience`), the rôle import (`import`).

mod audience;
mod import;

pub use audience::AudiencePage;
pub use import::ImportPage;

use crate::api::hearings::{create_audience, list_audiences, open_audience, update_audience};
use crate::domain::account::CurrentUser;
use crate::domain::hearing::{AudienceForm, FORMATIONS, MAX_AUDIENCES_LISTED, formation_label};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::Field;
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn param_id() -> String {
    use_params_map().read_untracked().get("id").unwrap_or_default()
}

/// `/audiences[?du=…&au=…]`: the audiences of the juridiction around today, or of a period.
#[component]
pub fn AudiencesPage() -> impl IntoView {
    view! {
        <Title text="Audiences" />
        <RequireRole roles=Role::READ_CASES>
            <AudienceList />
        </RequireRole>
    }
}

/// What the list shows: the period asked for, or the default one.
fn period_caption(du: &str, au: &str) -> String {
    match (du.is_empty(), au.is_empty()) {
        (true, true) => "Audiences des 30 derniers jours et des trois prochains mois".into(),
        (false, true) => format!("Audiences sur 120 jours à partir du {}", french_date(du)),
        (true, false) => format!("Audiences sur les 120 jours allant jusqu'au {}", french_date(au)),
        (false, false) => format!("Audiences du {} au {}", french_date(du), french_date(au)),
    }
}

#[component]
fn AudienceList() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let query = use_query_map();
    let period = Memo::new(move |_| {
        let q = query.read();
        (q.get("du").unwrap_or_default(), q.get("au").unwrap_or_default())
    });
    let list = Resource::new(move || period.get(), |(du, au)| list_audiences(Some(du), Some(au)));
    view! {
        <h1>"Audiences"</h1>
        {user
            .has_role(Role::ORGANISE_HEARINGS)
            .then(|| {
                view! {
                    <p>
                        <A href="/audiences/nouvelle" attr:class="fr-btn fr-icon-add-line fr-btn--icon-left">
                            "Nouvelle audience"
                        </A>
                    </p>
                }
            })}
        <Form method="get" action="/audiences" noscroll=true>
            <fieldset class="fr-fieldset" aria-labelledby="periode-legende">
                <legend class="fr-fieldset__legend" id="periode-legende">
                    "Période"
                    <span class="fr-hint-text">"Un an au plus ; une seule date : 120 jours à partir d'elle, ou jusqu'à elle"</span>
                </legend>
                <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <div class="fr-input-group">
                        <label class="fr-label" for="du">"Du"</label>
                        <input class="fr-input" type="date" id="du" name="du" prop:value=move || period.get().0 />
                    </div>
                </div>
                <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <div class="fr-input-group">
                        <label class="fr-label" for="au">"Au"</label>
                        <input class="fr-input" type="date" id="au" name="au" prop:value=move || period.get().1 />
                    </div>
                </div>
                <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <button class="fr-btn fr-btn--secondary" type="submit">"Afficher"</button>
                </div>
            </fieldset>
        </Form>
        <Transition fallback=|| view! { <p>"Chargement des audiences…"</p> }>
            {move || Suspend::new(async move {
                let (du, au) = period.get_untracked();
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p>"Aucune audience sur la période."</p> }.into_any(),
                    Ok(list) => {
                        let full = list.len() >= MAX_AUDIENCES_LISTED;
                        view! {
                            {full
                                .then(|| {
                                    view! {
                                        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" id="liste-limitee">
                                            <p>
                                                {format!(
                                                    "{MAX_AUDIENCES_LISTED} audiences affichées, le plus qu'une liste en montre : la période peut en compter davantage. Choisissez une période plus courte pour les voir toutes.",
                                                )}
                                            </p>
                                        </div>
                                    }
                                })}
                            <DataTable caption=period_caption(&du, &au)>
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
                                                    <td>
                                                        <A href=format!("/audiences/{}", a.id)>{french_date(&a.date)}</A>
                                                    </td>
                                                    <td>{a.heure_debut}</td>
                                                    <td>{a.chambre}</td>
                                                    <td>{formation_label(&a.formation).to_owned()}</td>
                                                    <td>{a.progress.total()}</td>
                                                    <td>{format!("{done} %")}</td>
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

/// `/audiences/nouvelle`: creates an audience; the typed values stay on any error.
#[component]
pub fn NewAudiencePage() -> impl IntoView {
    view! {
        <Title text="Nouvelle audience" />
        <RequireRole roles=Role::ORGANISE_HEARINGS>
            <NewAudience />
        </RequireRole>
    }
}

#[component]
fn NewAudience() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let initial = AudienceForm {
        heure_debut: "13:30".into(),
        formation: "juge_unique".into(),
        greffier: if user.role == Role::Greffier {
            user.display_name.clone()
        } else {
            String::new()
        },
        prevues: "12".into(),
        maximum: "15".into(),
        duree_estimee_min: "240".into(),
        ..AudienceForm::default()
    };
    view! {
        <h1>"Nouvelle audience"</h1>
        <AudienceEditor initial existing=None />
    }
}

/// `/audiences/:id/modifier`: edits an audience at the version loaded.
#[component]
pub fn EditAudiencePage() -> impl IntoView {
    view! {
        <Title text="Modifier l'audience" />
        <RequireRole roles=Role::ORGANISE_HEARINGS>
            <EditAudience />
        </RequireRole>
    }
}

#[component]
fn EditAudience() -> impl IntoView {
    let id = param_id();
    let detail = {
        let id = id.clone();
        Resource::new(|| (), move |_| open_audience(id.clone()))
    };
    view! {
        <h1>"Modifier l'audience"</h1>
        <Transition fallback=|| view! { <p>"Chargement de l'audience…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(a) => {
                        let initial = AudienceForm {
                            date: a.date.clone(),
                            heure_debut: a.heure_debut.clone(),
                            chambre: a.chambre.clone(),
                            formation: a.formation.clone(),
                            president: a.president.clone(),
                            assesseurs: a.assesseurs.clone().unwrap_or_default(),
                            ministere_public: a.ministere_public.clone(),
                            greffier: a.greffier.clone(),
                            prevues: a.prevues.to_string(),
                            maximum: a.maximum.to_string(),
                            duree_estimee_min: a.duree_estimee_min.to_string(),
                        };
                        view! { <AudienceEditor initial existing=Some((a.id, a.version)) /> }.into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The audience form: creates one (`existing` is None) or edits it at its version.
#[component]
fn AudienceEditor(initial: AudienceForm, existing: Option<(String, i64)>) -> impl IntoView {
    let date = RwSignal::new(initial.date);
    let heure = RwSignal::new(initial.heure_debut);
    let chambre = RwSignal::new(initial.chambre);
    let formation = RwSignal::new(initial.formation);
    let president = RwSignal::new(initial.president);
    let assesseurs = RwSignal::new(initial.assesseurs);
    let mp = RwSignal::new(initial.ministere_public);
    let greffier = RwSignal::new(initial.greffier);
    let prevues = RwSignal::new(initial.prevues);
    let maximum = RwSignal::new(initial.maximum);
    let duree = RwSignal::new(initial.duree_estimee_min);
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let staff = Resource::new(|| (), |_| crate::api::hearings::staff());
    let target = existing.clone();
    let save = Action::new(move |form: &AudienceForm| {
        let form = form.clone();
        let target = target.clone();
        async move {
            match target {
                Some((id, version)) => update_audience(id.clone(), version, form).await.map(|_| id),
                None => create_audience(form).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(id) => navigate(&format!("/audiences/{id}"), Default::default()),
                Err(AppError::Validation { field, message }) => error.set(Some((field, message))),
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        failure.set(None);
        let form = AudienceForm {
            date: date.get_untracked(),
            heure_debut: heure.get_untracked(),
            chambre: chambre.get_untracked(),
            formation: formation.get_untracked(),
            president: president.get_untracked(),
            assesseurs: assesseurs.get_untracked(),
            ministere_public: mp.get_untracked(),
            greffier: greffier.get_untracked(),
            prevues: prevues.get_untracked(),
            maximum: maximum.get_untracked(),
            duree_estimee_min: duree.get_untracked(),
        };
        // Checked here first for an immediate answer; the server checks again.
        match form.validate() {
            Ok(_) => {
                save.dispatch(form);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let names = |list: &[(String, Role)], roles: &'static [Role]| {
        list.iter()
            .filter(|(_, r)| roles.contains(r))
            .map(|(n, _)| view! { <option value=n.clone()></option> })
            .collect_view()
    };
    view! {
        {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
        <crate::ui::components::alert::FormErrorAlert error />
        // Inside a Transition: the resource is read where hydration expects it.
        <Transition>
            {move || Suspend::new(async move {
                let list = staff.await.unwrap_or_default();
                view! {
                    <datalist id="liste-siege">{names(&list, &[Role::MagistratSiege])}</datalist>
                    <datalist id="liste-parquet">{names(&list, &[Role::MagistratParquet])}</datalist>
                    <datalist id="liste-greffe">{names(&list, &[Role::Greffier])}</datalist>
                }
            })}
        </Transition>
        <form on:submit=submit novalidate>
            <Field id="date" label="Date" kind="date" value=date error />
            <Field id="heure_debut" label="Heure de début" hint="HH:MM" kind="time" value=heure error />
            <Field id="chambre" label="Chambre ou service" hint="Par exemple : 10e chambre correctionnelle" value=chambre error />
            <div class="fr-select-group">
                <label class="fr-label" for="formation">"Formation"</label>
                <select
                    class="fr-select"
                    id="formation"
                    name="formation"
                    on:change=move |ev| formation.set(event_target_value(&ev))
                >
                    {FORMATIONS
                        .iter()
                        .map(|(code, label)| {
                            view! {
                                <option value=*code selected=move || formation.get() == *code>
                                    {*label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <Field id="president" label="Président" hint="Choisi parmi les magistrats de la juridiction ou saisi" list="liste-siege" value=president error />
            <Field id="assesseurs" label="Assesseurs" hint="Formation collégiale : les deux assesseurs" list="liste-siege" value=assesseurs error />
            <Field id="ministere_public" label="Ministère public" list="liste-parquet" value=mp error />
            <Field id="greffier" label="Greffier" list="liste-greffe" value=greffier error />
            <Field id="prevues" label="Nombre d'affaires prévues" kind="number" value=prevues error />
            <Field id="maximum" label="Nombre maximum d'affaires" kind="number" value=maximum error />
            <Field id="duree_estimee_min" label="Durée estimée (minutes)" kind="number" value=duree error />
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>
                {if existing.is_some() { "Enregistrer les modifications" } else { "Créer l'audience" }}
            </button>
        </form>
    }
}
