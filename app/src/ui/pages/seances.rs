//! Audiencement at the Cour de cassation: the coming séances of each chambre (created by the
//! greffe), the rôle of a séance, and the certificat de non-pourvoi.

use crate::api::audiencement::{create_seance, list_seances, non_pourvoi_certificate, open_seance};
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::{CHAMBRES, Certificat, FORMATIONS, SeanceForm, label_of};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::documents::{DocumentLinks, q};
use crate::ui::components::field::{Field, Select};
use crate::ui::components::table::DataTable;
use crate::ui::format::{french_date, long_date};
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn options(list: &[(&'static str, &'static str)]) -> Vec<(String, String)> {
    list.iter().map(|(c, l)| ((*c).to_owned(), (*l).to_owned())).collect()
}

/// `/seances`
#[component]
pub fn SeancesPage() -> impl IntoView {
    view! {
        <Title text="Séances des chambres" />
        <RequireRole roles=Role::READ_CASES>
            <Seances />
        </RequireRole>
    }
}

#[component]
fn Seances() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.at_cassation() {
        return view! { <crate::ui::pages::errors::Forbidden /> }.into_any();
    }
    let greffe = user.role == Role::Greffier;
    let chambre = RwSignal::new(String::new());
    let formation = RwSignal::new("fr".to_owned());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let create = Action::new(|f: &SeanceForm| create_seance(f.clone()));
    let list = Resource::new(move || create.version().get(), |_| list_seances(None));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            failure.set(None);
        }
        Some(Err(AppError::Validation { field, message })) => error.set(Some((field, message))),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <h1>"Séances des chambres"</h1>
        {greffe
            .then(|| {
                view! {
                    <form
                        aria-labelledby="titre-seance"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            create.dispatch(SeanceForm {
                                chambre: chambre.get_untracked(),
                                formation: formation.get_untracked(),
                                date: date.get_untracked(),
                            });
                        }
                    >
                        <h2 id="titre-seance">"Prévoir une séance"</h2>
                        {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
                        <Select id="chambre" label="Chambre" options=Signal::stored(options(&CHAMBRES)) value=chambre error />
                        <Select id="formation" label="Formation" options=Signal::stored(options(&FORMATIONS)) value=formation error />
                        <Field id="date" label="Date" kind="date" value=date error />
                        <button class="fr-btn" type="submit" disabled=move || create.pending().get()>"Prévoir la séance"</button>
                    </form>
                }
            })}
        <h2>"Séances à venir"</h2>
        <Transition fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) if l.is_empty() => view! { <p>"Aucune séance prévue."</p> }.into_any(),
                    Ok(l) => {
                        view! {
                            <DataTable caption="Séances à venir, la plus proche d'abord".to_owned()>
                                <thead>
                                    <tr>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Chambre"</th>
                                        <th scope="col">"Formation"</th>
                                        <th scope="col">"Dossiers au rôle"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {l
                                        .into_iter()
                                        .map(|s| {
                                            view! {
                                                <tr>
                                                    <td><A href=format!("/seances/{}", s.id)>{long_date(&s.date)}</A></td>
                                                    <td>{label_of(&CHAMBRES, &s.chambre)}</td>
                                                    <td>{label_of(&FORMATIONS, &s.formation)}</td>
                                                    <td>{s.dossiers}</td>
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
    .into_any()
}

/// `/seances/:id`: the rôle of a séance, printable.
#[component]
pub fn SeancePage() -> impl IntoView {
    view! {
        <Title text="Rôle de la séance" />
        <RequireRole roles=Role::READ_CASES>
            <Seance />
        </RequireRole>
    }
}

#[component]
fn Seance() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), open_seance);
    view! {
        <Transition fallback=|| view! { <p>"Chargement du rôle…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => {
                        let title = format!(
                            "Rôle de la séance du {} — {} ({})",
                            long_date(&s.date),
                            label_of(&CHAMBRES, &s.chambre),
                            label_of(&FORMATIONS, &s.formation).to_lowercase()
                        );
                        view! {
                            <Title text=title.clone() />
                            <h1>{title}</h1>
                            <p>{format!("{} dossier(s) au rôle.", s.role.len())}</p>
                            <ul class="greffe-documents">
                                <DocumentLinks kind="role-seance" query=format!("id={}", q(&s.id)) label="Rôle de la séance".to_owned() />
                            </ul>
                            <DataTable caption="Dossiers au rôle, par numéro".to_owned() wide=true>
                                <thead>
                                    <tr>
                                        <th scope="col">"N° de pourvoi"</th>
                                        <th scope="col">"Parties"</th>
                                        <th scope="col">"Avocats aux Conseils"</th>
                                        <th scope="col">"Conseiller rapporteur"</th>
                                        <th scope="col">"Avocat général"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {s.role
                                        .into_iter()
                                        .map(|(l, r, a)| {
                                            view! {
                                                <tr>
                                                    <td><A href=format!("/pourvois/{}", l.id)>{l.numero}</A></td>
                                                    <td>{format!("{} c/ {}", l.demandeur, l.defendeur)}</td>
                                                    <td>{l.avocats}</td>
                                                    <td>{r}</td>
                                                    <td>{a}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </DataTable>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <h1>"Rôle de la séance"</h1> <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `/certificat-non-pourvoi`
#[component]
pub fn CertificatPage() -> impl IntoView {
    view! {
        <Title text="Certificat de non-pourvoi" />
        <RequireRole roles=&[Role::Greffier] cassation=true>
            <CertificatForm />
        </RequireRole>
    }
}

#[component]
fn CertificatForm() -> impl IntoView {
    let juridiction = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let numero = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let ask =
        Action::new(|(j, d, n): &(String, String, String)| non_pourvoi_certificate(j.clone(), d.clone(), n.clone()));
    let result = RwSignal::new(None::<Certificat>);
    let failure = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match ask.value().get() {
        Some(Ok(c)) => {
            error.set(None);
            failure.set(None);
            result.set(Some(c));
        }
        Some(Err(AppError::Validation { field, message })) => {
            result.set(None);
            error.set(Some((field, message)))
        }
        Some(Err(e)) => {
            result.set(None);
            failure.set(Some(e))
        }
        None => {}
    });
    view! {
        <h1>"Certificat de non-pourvoi"</h1>
        <form
            class="greffe-no-print"
            on:submit=move |ev| {
                ev.prevent_default();
                ask.dispatch((juridiction.get_untracked(), date.get_untracked(), numero.get_untracked()));
            }
        >
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Field id="juridiction" label="Juridiction qui a rendu la décision" hint="Par exemple : Cour d'appel de Lyon" value=juridiction error />
            <Field id="date" label="Date de la décision" kind="date" value=date error />
            <Field id="numero" label="N° de la décision" value=numero error />
            <button class="fr-btn" type="submit" disabled=move || ask.pending().get()>"Vérifier et établir le certificat"</button>
        </form>
        {move || {
            result
                .get()
                .map(|c| {
                    if c.pourvois.is_empty() {
                        view! {
                            <section class="greffe-certificat" aria-labelledby="titre-certificat">
                                <h2 id="titre-certificat">"Certificat de non-pourvoi"</h2>
                                <p>
                                    {format!(
                                        "Le greffe de la {} certifie qu'à la date du {}, aucun pourvoi en cassation n'a été enregistré contre la décision rendue le {} par : {} (n° {}).",
                                        c.juridiction_delivrance,
                                        french_date(&c.delivre_le),
                                        french_date(&c.date_decision),
                                        c.juridiction,
                                        c.numero_decision,
                                    )}
                                </p>
                                <p>{format!("Délivré le {} par {}, greffier.", french_date(&c.delivre_le), c.par)}</p>
                                <ul class="greffe-documents greffe-no-print">
                                    <DocumentLinks
                                        kind="certificat-non-pourvoi"
                                        query=format!(
                                            "juridiction={}&date={}&numero={}",
                                            q(&c.juridiction),
                                            q(&c.date_decision),
                                            q(&c.numero_decision),
                                        )
                                        label="Télécharger le certificat".to_owned()
                                    />
                                </ul>
                            </section>
                        }
                            .into_any()
                    } else {
                        view! {
                            <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
                                <p>
                                    {format!(
                                        "Certificat impossible : pourvoi(s) enregistré(s) contre cette décision : n° {}.",
                                        c.pourvois.join(", ")
                                    )}
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
    }
}
