//! The Cour de cassation's special procedures: the list with its counters per kind
//! (`/procedures`), registration (`/procedures/nouvelle`, from a pourvoi's page with its number
//! filled in) and the procedure with its deadline and its end (`/procedures/:id`).

use crate::api::procedures::{end_procedure, list_procedures, open_procedure, register_procedure};
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::{
    ACTES, Attache, FinProcedureForm, LigneProcedure, ProcedureForm, ProcedureKind, ProcedureView, QUAND,
};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::{Choice, Field, Select};
use crate::ui::components::keyed::Keyed;
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn kinds() -> Vec<(String, String)> {
    ProcedureKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect()
}

fn quand_label(code: &str) -> &'static str {
    QUAND.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("")
}

/// `/procedures`
#[component]
pub fn ProceduresPage() -> impl IntoView {
    view! {
        <Title text="Procédures particulières" />
        <RequireRole roles=Role::READ_CASES cassation=true>
            <ProceduresList />
        </RequireRole>
    }
}

#[component]
fn ProceduresList() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let query = use_query_map();
    let nature = Memo::new(move |_| query.read().get("nature").unwrap_or_default());
    let toutes = Memo::new(move |_| query.read().get("toutes").is_some_and(|v| v == "1"));
    let data = Resource::new(
        move || (nature.get(), toutes.get()),
        |(n, all)| list_procedures(Some(n), !all),
    );
    let mut options = kinds();
    options.insert(0, (String::new(), "Toutes".to_owned()));
    let greffe = user.role == Role::Greffier;
    view! {
        <h1>"Procédures particulières"</h1>
        <p>
            "Questions prioritaires de constitutionnalité, demandes d'avis, radiations et réinscriptions, déchéances, désistements, non-admissions, requêtes en suspicion légitime et rabats d'arrêt : chacune avec son délai, son fondement et son issue."
        </p>
        {greffe.then(|| view! { <p><A href="/procedures/nouvelle" attr:class="fr-btn fr-btn--secondary">"Enregistrer une procédure"</A></p> })}
        <Form method="get" action="/procedures" noscroll=true>
            <fieldset class="fr-fieldset greffe-filters" aria-labelledby="procedures-legende">
                <legend class="fr-fieldset__legend" id="procedures-legende">"Filtrer"</legend>
                <Choice id="nature" label="Nature" options current=nature.into() />
                <div class="fr-checkbox-group greffe-filter">
                    <input type="checkbox" id="toutes" name="toutes" value="1" prop:checked=move || toutes.get() />
                    <label class="fr-label" for="toutes">"Inclure les procédures terminées"</label>
                </div>
                <div class="greffe-filter">
                    <button class="fr-btn" type="submit">"Afficher"</button>
                </div>
            </fieldset>
        </Form>
        <Transition fallback=|| view! { <p>"Chargement des procédures…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let counters = p
                            .compteurs
                            .iter()
                            .map(|c| {
                                let late = c.en_retard > 0;
                                view! {
                                    <tr>
                                        <th scope="row">{c.nature.label()}</th>
                                        <td>{c.en_cours}</td>
                                        <td class:greffe-overdue=late>{c.en_retard}</td>
                                        <td>{c.terminees_annee}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <h2>"Par nature"</h2>
                            <DataTable caption="Procédures particulières : en cours, en retard, terminées cette année".to_owned() wide=false>
                                <thead>
                                    <tr>
                                        <th scope="col">"Nature"</th>
                                        <th scope="col">"En cours"</th>
                                        <th scope="col">"Délai dépassé"</th>
                                        <th scope="col">"Terminées cette année"</th>
                                    </tr>
                                </thead>
                                <tbody>{counters}</tbody>
                            </DataTable>
                            <h2>"Procédures"</h2>
                            <Lignes lignes=p.lignes />
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
fn Lignes(lignes: Vec<LigneProcedure>) -> impl IntoView {
    if lignes.is_empty() {
        return view! { <p role="status">"Aucune procédure ne correspond."</p> }.into_any();
    }
    view! {
        <DataTable caption="Procédures, l'échéance la plus proche d'abord".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"N°"</th>
                    <th scope="col">"Nature"</th>
                    <th scope="col">"Saisine"</th>
                    <th scope="col">"Échéance"</th>
                    <th scope="col">"Issue"</th>
                </tr>
            </thead>
            <tbody>
                {lignes
                    .into_iter()
                    .map(|l| {
                        let overdue = l.quand.as_deref() == Some("retard");
                        view! {
                            <tr>
                                <td><A href=format!("/procedures/{}", l.id)>{l.numero}</A></td>
                                <td>{l.nature.label()}</td>
                                <td>{french_date(&l.date_saisine)}</td>
                                <td>
                                    {l.due.as_deref().map(french_date).unwrap_or_else(|| "—".into())}
                                    {l.quand.as_deref().map(|q| view! { " " <span class="fr-badge fr-badge--sm" class:fr-badge--error=overdue>{quand_label(q)}</span> })}
                                </td>
                                <td>{l.issue_label.unwrap_or_else(|| "En cours".into())}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </DataTable>
    }
    .into_any()
}

/// The procedures of a pourvoi, on its page.
#[component]
pub fn PourvoiProcedures(numero: String, lignes: Vec<LigneProcedure>, greffe: bool, ended: bool) -> impl IntoView {
    let new_href = format!("/procedures/nouvelle?pourvoi={numero}");
    view! {
        <h2 id="procedures">"Procédures particulières"</h2>
        {if lignes.is_empty() {
            view! { <p>"Aucune procédure particulière sur ce pourvoi."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {lignes
                        .into_iter()
                        .map(|l| {
                            let state = match (&l.issue_label, &l.due) {
                                (Some(i), _) => i.clone(),
                                (None, Some(d)) => format!("en cours, échéance le {}", french_date(d)),
                                (None, None) => "en cours".into(),
                            };
                            view! {
                                <li>
                                    <A href=format!("/procedures/{}", l.id)>{l.nature.label()}</A>
                                    {format!(" — saisine du {} — {state}", french_date(&l.date_saisine))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {greffe
            .then(|| {
                view! {
                    <p>
                        <A href=new_href attr:class="fr-btn fr-btn--secondary fr-btn--sm">
                            {if ended { "Demander le rabat de l'arrêt" } else { "Enregistrer une procédure sur ce pourvoi" }}
                        </A>
                    </p>
                }
            })}
    }
}

/// `/procedures/nouvelle[?pourvoi=NUMERO]`
#[component]
pub fn NewProcedurePage() -> impl IntoView {
    view! {
        <Title text="Enregistrer une procédure particulière" />
        <RequireRole roles=&[Role::Greffier] cassation=true>
            <NewProcedure />
        </RequireRole>
    }
}

#[component]
fn NewProcedure() -> impl IntoView {
    let query = use_query_map();
    let from_pourvoi = query.read_untracked().get("pourvoi").unwrap_or_default();
    let nature = RwSignal::new(
        if from_pourvoi.is_empty() {
            ProcedureKind::Qpc
        } else {
            ProcedureKind::Radiation
        }
        .code()
        .to_owned(),
    );
    let sur_pourvoi = RwSignal::new(!from_pourvoi.is_empty());
    let pourvoi = RwSignal::new(from_pourvoi);
    let numero = RwSignal::new(String::new());
    let matiere = RwSignal::new("civil".to_owned());
    let origine = RwSignal::new(String::new());
    let date_saisine = RwSignal::new(String::new());
    let objet = RwSignal::new(String::new());
    let memoire = RwSignal::new(false);
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let kind = move || ProcedureKind::parse(&nature.get()).unwrap_or(ProcedureKind::Qpc);
    // Where the kind allows only one attachment, the form follows it.
    Effect::new(move |_| match kind().attache() {
        Attache::Pourvoi => sur_pourvoi.set(true),
        Attache::Saisine => sur_pourvoi.set(false),
        Attache::Either => {}
    });
    let navigate = use_navigate();
    let save = Action::new(|form: &ProcedureForm| register_procedure(form.clone()));
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(id) => navigate(&format!("/procedures/{id}"), Default::default()),
                Err(AppError::Validation { field, message }) => error.set(Some((field, message))),
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        failure.set(None);
        let on = sur_pourvoi.get_untracked();
        save.dispatch(ProcedureForm {
            nature: nature.get_untracked(),
            pourvoi: if on { pourvoi.get_untracked() } else { String::new() },
            numero: if on { String::new() } else { numero.get_untracked() },
            matiere: if on { String::new() } else { matiere.get_untracked() },
            origine: origine.get_untracked(),
            date_saisine: date_saisine.get_untracked(),
            objet: objet.get_untracked(),
            memoire_distinct: memoire.get_untracked(),
        });
    };
    view! {
        <h1>"Enregistrer une procédure particulière"</h1>
        {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
        <crate::ui::components::alert::FormErrorAlert error />
        <form on:submit=submit novalidate>
            <Select id="nature" label="Nature de la procédure" options=Signal::stored(kinds()) value=nature error />
            <Show when=move || kind().attache() == Attache::Either>
                <div class="fr-checkbox-group fr-mb-3w">
                    <input
                        type="checkbox"
                        id="sur_pourvoi"
                        prop:checked=move || sur_pourvoi.get()
                        on:change=move |ev| sur_pourvoi.set(event_target_checked(&ev))
                    />
                    <label class="fr-label" for="sur_pourvoi">"Soulevée à l'occasion d'un pourvoi enregistré (sinon : transmise par une juridiction)"</label>
                </div>
            </Show>
            <Show
                when=move || sur_pourvoi.get()
                fallback=move || {
                    view! {
                        <Field id="numero" label="N° de la saisine" hint="Format AA-NN.NNN, par exemple 26-70.001" value=numero error />
                        <Select
                            id="matiere"
                            label="Matière"
                            options=Signal::stored(vec![("civil".to_owned(), "Civile".to_owned()), ("penal".to_owned(), "Pénale".to_owned())])
                            value=matiere
                            error
                        />
                        <Field id="origine" label="Juridiction qui transmet, ou requérant" value=origine error />
                    }
                }
            >
                <Field id="pourvoi" label="N° du pourvoi" hint="Format AA-NN.NNN" value=pourvoi error />
                <Field id="origine" label="Auteur de la demande" hint="Facultatif" value=origine error />
            </Show>
            {move || {
                let k = kind();
                let on = sur_pourvoi.get();
                let label = k.depart(on);
                let pieces = k.pieces(on);
                let delay = k
                    .rule(&matiere.get(), on)
                    .and_then(crate::domain::deadline::rule)
                    .map(|r| format!("Délai : {} à compter de la {} ; à défaut : {}.", r.versions.last().map(|v| v.delay.label()).unwrap_or_default(), r.start, r.lapse))
                    .unwrap_or_else(|| "Aucun délai légal propre à cette procédure.".into());
                view! {
                    <div class="fr-input-group">
                        <label class="fr-label" for="date_saisine">{label}</label>
                        <input class="fr-input" type="date" id="date_saisine" prop:value=move || date_saisine.get() on:input=move |ev| date_saisine.set(event_target_value(&ev)) />
                    </div>
                    <p class="fr-text--sm">{delay}</p>
                    <p class="fr-text--sm fr-mb-1w">"Pièces nécessaires :"</p>
                    <ul class="fr-text--sm">{pieces.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
                }
            }}
            <div class="fr-input-group">
                <label class="fr-label" for="objet">
                    "Question posée, ou objet et motifs"
                    <span class="fr-hint-text">"Obligatoire pour une QPC, une demande d'avis ou une requête en suspicion légitime"</span>
                </label>
                <textarea class="fr-input" id="objet" rows="4" prop:value=move || objet.get() on:input=move |ev| objet.set(event_target_value(&ev))></textarea>
            </div>
            <Show when=move || kind() == ProcedureKind::Qpc>
                <div class="fr-checkbox-group fr-mb-3w">
                    <input type="checkbox" id="memoire_distinct" prop:checked=move || memoire.get() on:change=move |ev| memoire.set(event_target_checked(&ev)) />
                    <label class="fr-label" for="memoire_distinct">"Mémoire distinct et motivé reçu"</label>
                </div>
            </Show>
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>
                "Enregistrer la procédure"
            </button>
        </form>
    }
}

/// `/procedures/:id`
#[component]
pub fn ProcedurePage() -> impl IntoView {
    view! {
        <Title text="Procédure particulière" />
        <RequireRole roles=Role::READ_CASES cassation=true>
            <KeyedProcedure />
        </RequireRole>
    }
}

#[component]
fn KeyedProcedure() -> impl IntoView {
    let params = use_params_map();
    let keyed = Keyed::new();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let detail = keyed.get(id, |id| {
            let id = id.clone();
            Resource::new(|| (), move |_| open_procedure(id.clone()))
        });
        view! {
            <Transition fallback=|| view! { <p>"Chargement de la procédure…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(p) => view! { <ProcedureDetail p=RwSignal::new(p) /> }.into_any(),
                        Err(e) => view! { <h1>"Procédure particulière"</h1> <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        }
    }
}

#[component]
fn ProcedureDetail(p: RwSignal<ProcedureView>) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let greffe = user.role == Role::Greffier;
    let title = p.with_untracked(|p| format!("{} n° {}", p.nature.label(), p.numero));
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        {move || {
            p.with(|p| {
                view! {
                    <ul>
                        <li>{format!("Matière : {}", if p.matiere == "penal" { "pénale" } else { "civile" })}</li>
                        {p.pourvoi_id.clone().map(|id| view! { <li>"Pourvoi : " <A href=format!("/pourvois/{id}")>{format!("n° {}", p.numero)}</A></li> })}
                        {(!p.origine.is_empty()).then(|| view! { <li>{format!("Origine : {}", p.origine)}</li> })}
                        <li>{format!("{} : {}", p.depart, french_date(&p.date_saisine))}</li>
                        <li>{format!("Enregistrée par {}", p.enregistre_par)}</li>
                        <li id="etat">
                            {match (&p.issue_label, &p.date_fin) {
                                (Some(i), Some(d)) => format!(
                                    "Terminée le {} par {} : {i}",
                                    french_date(d),
                                    if p.acte.as_deref() == Some("arret") { "arrêt" } else { "ordonnance" }
                                ),
                                _ => "En cours".to_owned(),
                            }}
                        </li>
                    </ul>
                    {(!p.objet.is_empty()).then(|| view! { <h2>"Objet"</h2> <p class="greffe-prewrap">{p.objet.clone()}</p> })}
                    <h2>"Fondement"</h2>
                    <ul>{p.fondement.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul>
                    <h2>"Pièces nécessaires"</h2>
                    <ul>{p.pieces.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul>
                    <h2>"Échéance"</h2>
                    {match &p.echeance {
                        None => view! { <p>"Aucun délai légal propre à cette procédure."</p> }.into_any(),
                        Some(e) => view! {
                            <p>
                                <strong>{format!("{} : {}", e.label, french_date(&e.due))}</strong>
                                {if e.ouverte { String::new() } else { format!(" — close : {}", e.cloture) }}
                            </p>
                            <p class="fr-text--sm">{format!("{} ; à défaut : {}.", e.basis, e.lapse)}</p>
                            <details>
                                <summary>"Pourquoi cette date"</summary>
                                <ol>{e.steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
                            </details>
                        }
                            .into_any(),
                    }}
                }
            })
        }}
        {move || (greffe && p.with(|p| p.en_cours)).then(|| view! { <EndForm p /> })}
    }
}

#[component]
fn EndForm(p: RwSignal<ProcedureView>) -> impl IntoView {
    let kind = p.with_untracked(|p| p.nature);
    let issues: Vec<(String, String)> = kind
        .issues()
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect();
    let issue = RwSignal::new(issues[0].0.clone());
    let date_fin = RwSignal::new(String::new());
    let acte = RwSignal::new("ordonnance".to_owned());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |form: &FinProcedureForm| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        let form = form.clone();
        async move {
            let r = end_procedure(id.clone(), version, form).await;
            if r.is_ok()
                && let Ok(fresh) = open_procedure(id).await
            {
                p.set(fresh);
            }
            r
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Err(AppError::Validation { field, message })) => error.set(Some((field, message))),
        Some(Err(e)) => failure.set(Some(e)),
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        failure.set(None);
        save.dispatch(FinProcedureForm {
            issue: issue.get_untracked(),
            date_fin: date_fin.get_untracked(),
            acte: acte.get_untracked(),
        });
    };
    let actes: Vec<(String, String)> = ACTES.iter().map(|(c, l)| ((*c).to_owned(), (*l).to_owned())).collect();
    view! {
        <h2>"Issue de la procédure"</h2>
        {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
        {move || {
            error
                .get()
                .map(|(_, m)| {
                    view! {
                        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                            <p>{m}</p>
                        </div>
                    }
                })
        }}
        <form on:submit=submit novalidate>
            <Select id="issue" label="Issue" options=Signal::stored(issues) value=issue error />
            <Select id="acte" label="Décision" options=Signal::stored(actes) value=acte error />
            <Field id="date_fin" label="Date de la décision" kind="date" value=date_fin error />
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>
                "Enregistrer l'issue"
            </button>
        </form>
    }
}
