//! Audiences: the list, the creation form, one audience with its rôle and progress, and the
//! rôle import.

use crate::api::hearings::{
    ImportFormat, clock_audience, create_audience, import_role, list_audiences, move_affaire, open_audience,
    update_audience,
};
use crate::domain::account::CurrentUser;
use crate::domain::hearing::{
    AffaireLine, AudienceDetail, AudienceForm, EtatAffaire, FORMATIONS, Progress, formation_label,
};
use crate::domain::import::{COLUMNS, ImportReport};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::documents::{DocumentLinks, q};
use crate::ui::components::field::Field;
use crate::ui::components::table::DataTable;
use crate::ui::format::{french_date, long_date};
use crate::ui::session::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

fn param_id() -> String {
    use_params_map().read_untracked().get("id").unwrap_or_default()
}

/// `/audiences`: the audiences of the juridiction around today.
#[component]
pub fn AudiencesPage() -> impl IntoView {
    view! {
        <Title text="Audiences" />
        <RequireRole roles=Role::READ_CASES>
            <AudienceList />
        </RequireRole>
    }
}

#[component]
fn AudienceList() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let list = Resource::new(|| (), |_| list_audiences(None, None));
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
        <Transition fallback=|| view! { <p>"Chargement des audiences…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p>"Aucune audience sur la période."</p> }.into_any(),
                    Ok(list) => {
                        view! {
                            <DataTable caption="Audiences des 30 derniers jours et des trois prochains mois".to_owned()>
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

/// The progress of a rôle: judged, adjourned, remaining, and how many are ready.
#[component]
pub fn RoleProgress(progress: Progress, pretes: usize) -> impl IntoView {
    let done = progress.percent_done();
    view! {
        <div class="greffe-progress" role="status" aria-live="polite">
            <p class="fr-mb-1v">
                <strong>{format!("Avancement : {done} %")}</strong>
                {format!(
                    " — {} jugée(s), {} renvoyée(s), {} restante(s) sur {} ; {} prête(s) sur {}",
                    progress.jugees,
                    progress.renvoyees,
                    progress.restantes,
                    progress.total(),
                    pretes,
                    progress.total(),
                )}
            </p>
            <progress max="100" value=done aria-label="Avancement de l'audience">
                {format!("{done} %")}
            </progress>
        </div>
    }
}

fn etat_badge(etat: EtatAffaire) -> impl IntoView {
    let class = match etat {
        EtatAffaire::AJuger => "fr-badge fr-badge--info fr-badge--no-icon",
        EtatAffaire::Jugee => "fr-badge fr-badge--success fr-badge--no-icon",
        EtatAffaire::Renvoyee => "fr-badge fr-badge--warning fr-badge--no-icon",
    };
    view! { <p class=class>{etat.label()}</p> }
}

/// `/audiences/:id`: the audience, its chrono, progress and rôle.
#[component]
pub fn AudiencePage() -> impl IntoView {
    view! {
        <Title text="Audience" />
        <RequireRole roles=Role::READ_CASES>
            <KeyedAudience />
        </RequireRole>
    }
}

/// Rebuilds the page when the route's id changes.
#[component]
fn KeyedAudience() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        view! { <AudienceView id /> }
    }
}

#[component]
fn AudienceView(id: String) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let detail = {
        let id = id.clone();
        Resource::new(
            move || reload.get(),
            move |_| crate::ui::offline::open_audience(id.clone()),
        )
    };
    let feedback = RwSignal::new(None::<Result<String, AppError>>);
    view! {
        {move || {
            feedback
                .get()
                .map(|r| match r {
                    Ok(m) => view! { <SuccessAlert message=m /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
        <Transition fallback=|| view! { <p>"Chargement de l'audience…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(a) => view! { <AudienceBody a reload feedback /> }.into_any(),
                    Err(e) => view! { <h1>"Audience"</h1> <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AudienceBody(
    a: AudienceDetail,
    reload: RwSignal<u32>,
    feedback: RwSignal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let organise = user.has_role(Role::ORGANISE_HEARINGS);
    let record = user.has_role(Role::RECORD_HEARINGS);
    let id = a.id.clone();
    let clock = Action::new(move |action: &&'static str| clock_audience(id.clone(), (*action).to_owned()));
    Effect::new(move |_| {
        if let Some(r) = clock.value().get() {
            feedback.set(Some(r.map(|_| "Chrono de l'audience mis à jour.".to_owned())));
            reload.update(|n| *n += 1);
        }
    });
    let started = a.debut_reel.is_some();
    let ended = a.fin_reel.is_some();
    let suspended = a.suspendue;
    let title = format!("Audience du {} à {}", long_date(&a.date), a.heure_debut);
    let first_open = a
        .affaires
        .iter()
        .find(|x| x.etat == EtatAffaire::AJuger)
        .map(|x| x.id.clone());
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="fr-text--lead">{format!("{} — {}", a.chambre, formation_label(&a.formation))}</p>
        <ul>
            <li>{format!("Président : {}", a.president)}</li>
            {a.assesseurs.clone().map(|s| view! { <li>{format!("Assesseurs : {s}")}</li> })}
            <li>{format!("Ministère public : {}", a.ministere_public)}</li>
            <li>{format!("Greffier : {}", a.greffier)}</li>
            <li>
                {format!(
                    "{} affaire(s) prévue(s), {} au plus ; durée estimée {} h {:02}",
                    a.prevues,
                    a.maximum,
                    a.duree_estimee_min / 60,
                    a.duree_estimee_min % 60,
                )}
            </li>
            <li>
                {match (&a.debut_reel, &a.fin_reel) {
                    (None, _) => "Audience non ouverte".to_owned(),
                    (Some(d), None) => format!("Audience ouverte le {d}"),
                    (Some(d), Some(f)) => format!("Audience ouverte le {d}, close le {f}"),
                }}
                {started
                    .then(|| {
                        format!(
                            " — durée d'audience hors suspensions : {} h {:02}",
                            a.minutes_siegees / 60,
                            a.minutes_siegees % 60,
                        )
                    })}
            </li>
            {a.suspensions
                .iter()
                .map(|(s, e)| {
                    view! {
                        <li>
                            {match e {
                                Some(e) => format!("Suspension du {s} au {e}"),
                                None => format!("Suspendue depuis le {s}"),
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <RoleProgress progress=a.progress pretes=a.pretes />
        {record.then(|| view! { <crate::ui::offline::PrepareOffline audience_id=a.id.clone() /> })}
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
            {(record && !ended)
                .then(|| {
                    let actions: Vec<(&'static str, &'static str)> = match (started, suspended) {
                        (false, _) => vec![("ouvrir", "Ouvrir l'audience")],
                        (true, false) => vec![("suspendre", "Suspendre l'audience"), ("clore", "Clore l'audience")],
                        (true, true) => vec![("reprendre", "Reprendre l'audience"), ("clore", "Clore l'audience")],
                    };
                    actions
                        .into_iter()
                        .map(|(action, label)| {
                            view! {
                                <li>
                                    <button
                                        class="fr-btn fr-btn--secondary"
                                        type="button"
                                        on:click=move |_| {
                                            clock.dispatch(action);
                                        }
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                })}
            {first_open
                .map(|f| {
                    view! {
                        <li>
                            <A href=format!("/affaires/{f}") attr:class="fr-btn fr-btn--secondary">
                                "Appeler la prochaine affaire"
                            </A>
                        </li>
                    }
                })}
            {organise
                .then(|| {
                    view! {
                        <li>
                            <A href=format!("/audiences/{}/import", a.id) attr:class="fr-btn fr-btn--tertiary">
                                "Importer un rôle"
                            </A>
                        </li>
                        <li>
                            <A href=format!("/audiences/{}/modifier", a.id) attr:class="fr-btn fr-btn--tertiary">
                                "Modifier l'audience"
                            </A>
                        </li>
                    }
                })}
        </ul>
        <crate::ui::pages::visa::VisaSection audience_id=a.id.clone() />
        <h2>"Documents"</h2>
        <ul class="greffe-documents">
            <DocumentLinks kind="note-audience" query=format!("id={}", q(&a.id)) label="Notes d'audience".to_owned() />
            <DocumentLinks kind="role" query=format!("id={}", q(&a.id)) label="Rôle de l'audience".to_owned() />
        </ul>
        <h2>"Rôle"</h2>
        <RoleTable affaires=a.affaires organise reload feedback />
    }
}

#[component]
fn RoleTable(
    affaires: Vec<AffaireLine>,
    organise: bool,
    reload: RwSignal<u32>,
    feedback: RwSignal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    if affaires.is_empty() {
        return view! { <p>"Aucune affaire au rôle. Importez un rôle pour le remplir."</p> }.into_any();
    }
    let count = affaires.len() as i32;
    let mover = Action::new(move |(id, version, rang): &(String, i64, i32)| move_affaire(id.clone(), *version, *rang));
    Effect::new(move |_| {
        if let Some(r) = mover.value().get() {
            feedback.set(Some(r.map(|_| "Rôle réordonné.".to_owned())));
            reload.update(|n| *n += 1);
        }
    });
    let dragged = RwSignal::new(None::<(String, i64)>);
    view! {
        <DataTable caption=format!("Rôle : {count} affaire(s), dans l'ordre d'appel")>
            <thead>
                <tr>
                    <th scope="col">"Rang"</th>
                    <th scope="col">"N° parquet"</th>
                    <th scope="col">"Prévenu(s)"</th>
                    <th scope="col">"Infractions"</th>
                    <th scope="col">"Préparation"</th>
                    <th scope="col">"État"</th>
                    {organise.then(|| view! { <th scope="col">"Ordre"</th> })}
                </tr>
            </thead>
            <tbody>
                {affaires
                    .into_iter()
                    .map(|x| {
                        let (done, total) = x.preparation;
                        let up = (x.id.clone(), x.version, x.rang - 1);
                        let down = (x.id.clone(), x.version, x.rang + 1);
                        let drag = (x.id.clone(), x.version);
                        let rang = x.rang;
                        let numero = x.numero_parquet.clone();
                        view! {
                            <tr
                                draggable=organise.then_some("true")
                                on:dragstart=move |_| dragged.set(Some(drag.clone()))
                                on:dragover=move |ev| ev.prevent_default()
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    if let Some((id, version)) = dragged.get_untracked() {
                                        mover.dispatch((id, version, rang));
                                    }
                                }
                            >
                                <td>{x.rang}</td>
                                <td>
                                    <A href=format!("/affaires/{}", x.id)>{x.numero_parquet.clone()}</A>
                                    {x
                                        .renvoyee_du
                                        .map(|d| {
                                            view! {
                                                <br />
                                                <span class="fr-text--xs">{format!("renvoyée du {}", french_date(&d))}</span>
                                            }
                                        })}
                                </td>
                                <td>{x.prevenus.join(", ")}</td>
                                <td>{x.infractions.join(" ; ")}</td>
                                <td>{format!("{done}/{total}")}</td>
                                <td>{etat_badge(x.etat)}</td>
                                {organise
                                    .then(|| {
                                        let n1 = numero.clone();
                                        view! {
                                            <td>
                                                <button
                                                    class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-arrow-up-line"
                                                    type="button"
                                                    title=format!("Monter l'affaire {n1}")
                                                    disabled=rang == 1
                                                    on:click=move |_| { mover.dispatch(up.clone()); }
                                                >
                                                    {format!("Monter l'affaire {n1}")}
                                                </button>
                                                <button
                                                    class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-arrow-down-line"
                                                    type="button"
                                                    title=format!("Descendre l'affaire {numero}")
                                                    disabled=rang == count
                                                    on:click=move |_| { mover.dispatch(down.clone()); }
                                                >
                                                    {format!("Descendre l'affaire {numero}")}
                                                </button>
                                            </td>
                                        }
                                    })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </DataTable>
    }
    .into_any()
}

/// `/audiences/:id/import`: dry run of a CSV or JSON rôle, then confirmation.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text="Importer un rôle" />
        <RequireRole roles=Role::ORGANISE_HEARINGS>
            <Import />
        </RequireRole>
    }
}

#[derive(Clone)]
struct ImportRequest {
    format: ImportFormat,
    contenu: String,
    confirmer: bool,
}

#[component]
fn Import() -> impl IntoView {
    let id = param_id();
    let format = RwSignal::new(ImportFormat::Csv);
    let contenu = RwSignal::new(String::new());
    let file_error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<Result<ImportReport, AppError>>);
    let run = {
        let id = id.clone();
        Action::new(move |r: &ImportRequest| import_role(id.clone(), r.format, r.contenu.clone(), r.confirmer))
    };
    Effect::new(move |_| {
        if let Some(r) = run.value().get() {
            report.set(Some(r));
        }
    });
    let dispatch = move |confirmer: bool| {
        run.dispatch(ImportRequest {
            format: format.get_untracked(),
            contenu: contenu.get_untracked(),
            confirmer,
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        file_error.set(None);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: web_sys::HtmlInputElement = match ev.target().and_then(|t| t.dyn_into().ok()) {
                Some(i) => i,
                None => return,
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            if file.name().to_lowercase().ends_with(".json") {
                format.set(ImportFormat::Json);
            } else {
                format.set(ImportFormat::Csv);
            }
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => {
                        contenu.set(text.as_string().unwrap_or_default());
                        report.set(None);
                    }
                    Err(_) => file_error.set(Some("Le fichier n'a pas pu être lu.".into())),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let back = format!("/audiences/{id}");
    view! {
        <h1>"Importer un rôle"</h1>
        <p>
            "Le fichier vient de l'export d'un autre outil : une ligne par prévenu et par infraction, en CSV (séparateur « ; » ou « , », UTF-8) ou en JSON (tableau d'objets). "
            "Rien n'est enregistré avant votre confirmation, et une ligne déjà importée ne crée pas de doublon."
        </p>
        <p>
            "Colonnes : " <code>{COLUMNS.join(", ")}</code> ". "
            <a href="/modeles/role-exemple.csv" download="role-exemple.csv" rel="external">
                "Télécharger le fichier d'exemple (CSV)"
            </a>
        </p>
        <div class="fr-upload-group fr-mb-3w">
            <label class="fr-label" for="fichier-role">
                "Fichier du rôle"
                <span class="fr-hint-text">"Formats acceptés : .csv, .json"</span>
            </label>
            <input class="fr-upload" type="file" id="fichier-role" accept=".csv,.json,text/csv,application/json" on:change=on_file />
            {move || file_error.get().map(|m| view! { <p class="fr-error-text">{m}</p> })}
        </div>
        <div class="fr-select-group">
            <label class="fr-label" for="format-role">"Format"</label>
            <select
                class="fr-select"
                id="format-role"
                on:change=move |ev| {
                    format.set(if event_target_value(&ev) == "json" { ImportFormat::Json } else { ImportFormat::Csv })
                }
            >
                <option value="csv" selected=move || format.get() == ImportFormat::Csv>"CSV"</option>
                <option value="json" selected=move || format.get() == ImportFormat::Json>"JSON"</option>
            </select>
        </div>
        <div class="fr-input-group">
            <label class="fr-label" for="contenu-role">
                "Contenu du fichier"
                <span class="fr-hint-text">"Rempli par le choix du fichier ; vous pouvez aussi coller le contenu ici."</span>
            </label>
            <textarea
                class="fr-input"
                id="contenu-role"
                rows="8"
                prop:value=move || contenu.get()
                on:input=move |ev| {
                    contenu.set(event_target_value(&ev));
                    report.set(None);
                }
            ></textarea>
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
                <button
                    class="fr-btn"
                    type="button"
                    disabled=move || run.pending().get() || contenu.with(|c| c.trim().is_empty())
                    on:click=move |_| dispatch(false)
                >
                    "Vérifier le fichier"
                </button>
            </li>
            <li>
                <A href=back.clone() attr:class="fr-btn fr-btn--secondary">
                    "Retour à l'audience"
                </A>
            </li>
        </ul>
        <div aria-live="polite">
            {move || report.get().map(|r| view! { <ReportView r dispatch back=back.clone() pending=run.pending() /> })}
        </div>
    }
}

#[component]
fn ReportView(
    r: Result<ImportReport, AppError>,
    dispatch: impl Fn(bool) + Copy + Send + Sync + 'static,
    back: String,
    pending: Memo<bool>,
) -> impl IntoView {
    let rep = match r {
        Ok(rep) => rep,
        Err(e) => return view! { <ErrorAlert error=e /> }.into_any(),
    };
    let summary = format!(
        "{} ligne(s) lue(s) : {} affaire(s) nouvelle(s), {} déjà au rôle, {} prévenu(s) et {} infraction(s) à créer.",
        rep.lignes, rep.affaires_creees, rep.affaires_existantes, rep.prevenus_crees, rep.infractions_creees
    );
    if rep.enregistre {
        return view! {
            <SuccessAlert message=format!("Import enregistré. {summary}") />
            <p>
                <A href=back attr:class="fr-btn">"Ouvrir l'audience"</A>
            </p>
        }
        .into_any();
    }
    if rep.erreurs_total > 0 {
        let shown = rep.erreurs.len();
        return view! {
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
                <h2 class="fr-alert__title">
                    {format!("{} ligne(s) en erreur : rien ne sera enregistré", rep.erreurs_total)}
                </h2>
                <p>"Corrigez le fichier puis vérifiez-le à nouveau."</p>
            </div>
            <DataTable caption=if shown < rep.erreurs_total {
                format!("Les {shown} premières erreurs")
            } else {
                "Erreurs par ligne".to_owned()
            }>
                <thead>
                    <tr>
                        <th scope="col">"Ligne"</th>
                        <th scope="col">"Motif"</th>
                    </tr>
                </thead>
                <tbody>
                    {rep
                        .erreurs
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    <td>{if e.ligne == 0 { "fichier".to_owned() } else { e.ligne.to_string() }}</td>
                                    <td>{e.message}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </DataTable>
        }
        .into_any();
    }
    view! {
        <div class="fr-alert fr-alert--info fr-mb-3w">
            <h2 class="fr-alert__title">"Fichier valide : vérifiez puis confirmez"</h2>
            <p>{summary}</p>
        </div>
        <DataTable caption="Affaires du fichier".to_owned()>
            <thead>
                <tr>
                    <th scope="col">"N° parquet"</th>
                    <th scope="col">"Au rôle"</th>
                </tr>
            </thead>
            <tbody>
                {rep
                    .apercu
                    .into_iter()
                    .map(|(n, s)| view! { <tr><td>{n}</td><td>{s}</td></tr> })
                    .collect_view()}
            </tbody>
        </DataTable>
        <button class="fr-btn" type="button" disabled=move || pending.get() on:click=move |_| dispatch(true)>
            {format!("Confirmer l'import de {} affaire(s)", rep.affaires_creees)}
        </button>
    }
    .into_any()
}
