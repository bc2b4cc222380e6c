//! The Cour de cassation's live stock of dossiers (chambre × stade × age band, each count a
//! link to its dossiers), the search by number, party or avocat, and the task lists.

use crate::api::dossiers::{pourvoi_stock, search_pourvois, task_list};
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::{
    CHAMBRES, LignePourvoi, QUAND, Recherche, Resultats, Stade, Stock, TRANCHES, chambre_label,
};
use crate::domain::role::Role;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::Choice;
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

/// `/pourvois`
#[component]
pub fn StockPage() -> impl IntoView {
    view! {
        <Title text="Stock et recherche des pourvois" />
        <RequireRole roles=Role::READ_CASES>
            <StockAndSearch />
        </RequireRole>
    }
}

#[component]
fn StockAndSearch() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.at_cassation() {
        return view! { <crate::ui::pages::errors::Forbidden /> }.into_any();
    }
    let query = use_query_map();
    let criteres = Memo::new(move |_| {
        let q = query.read();
        Recherche {
            q: q.get("q").unwrap_or_default(),
            chambre: q.get("chambre").unwrap_or_default(),
            stade: q.get("stade").unwrap_or_default(),
            tranche: q.get("tranche").unwrap_or_default(),
        }
    });
    let stock = Resource::new(|| (), |_| pourvoi_stock());
    let searching = move || criteres.with(|c| *c != Recherche::default());
    // Searched only when asked: the page without criteria shows the stock alone.
    let results = Resource::new(
        move || searching().then(|| criteres.get()),
        |c| async move {
            match c {
                Some(c) => search_pourvois(c).await,
                None => Ok(Resultats::default()),
            }
        },
    );
    let current = move |f: fn(&Recherche) -> String| Signal::derive(move || criteres.with(f));
    let with_all = |mut v: Vec<(String, String)>, all: &str| {
        v.insert(0, (String::new(), all.to_owned()));
        v
    };
    let chambres = with_all(
        CHAMBRES
            .iter()
            .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
            .collect(),
        "Toutes",
    );
    let stades = with_all(
        Stade::options().map(|(c, l)| (c.to_owned(), l.to_owned())).collect(),
        "Tous",
    );
    let tranches = with_all(
        TRANCHES
            .iter()
            .map(|(c, l, _)| ((*c).to_owned(), (*l).to_owned()))
            .collect(),
        "Toutes",
    );
    view! {
        <h1>"Stock et recherche des pourvois"</h1>
        <Form method="get" action="/pourvois" noscroll=true>
            <fieldset class="fr-fieldset greffe-filters" aria-labelledby="recherche-legende">
                <legend class="fr-fieldset__legend" id="recherche-legende">"Rechercher un pourvoi"</legend>
                <div class="fr-input-group greffe-filter">
                    <label class="fr-label" for="q">
                        "N° de pourvoi, partie ou avocat"
                        <span class="fr-hint-text">"Par exemple 26-12 ou DURAND"</span>
                    </label>
                    <input class="fr-input" type="search" id="q" name="q" prop:value=move || criteres.with(|c| c.q.clone()) />
                </div>
                <Choice id="chambre" label="Chambre" options=chambres current=current(|c| c.chambre.clone()) />
                <Choice id="stade" label="Stade" options=stades current=current(|c| c.stade.clone()) />
                <Choice id="tranche" label="Ancienneté" options=tranches current=current(|c| c.tranche.clone()) />
                <div class="greffe-filter">
                    <button class="fr-btn" type="submit">"Rechercher"</button>
                </div>
            </fieldset>
        </Form>
        <Show when=searching>
            <Transition fallback=|| view! { <p>"Recherche…"</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(r) => view! { <Lignes total=r.total lignes=r.lignes /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </Show>
        <h2>"Stock des dossiers en cours"</h2>
        <Suspense fallback=|| view! { <p>"Chargement du stock…"</p> }>
            {move || Suspend::new(async move {
                match stock.await {
                    Ok(s) => view! { <StockTable s /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Lignes(total: i64, lignes: Vec<LignePourvoi>) -> impl IntoView {
    let shown = lignes.len() as i64;
    view! {
        <p role="status" id="resultats">
            {match total {
                0 => "Aucun pourvoi ne correspond.".to_owned(),
                1 => "1 pourvoi.".to_owned(),
                n if n > shown => format!("{n} pourvois ; les {shown} plus récents sont affichés."),
                n => format!("{n} pourvois."),
            }}
        </p>
        {(shown > 0).then(|| view! { <PourvoiTable caption="Pourvois trouvés, le plus récent d'abord".into() lignes /> })}
    }
}

#[component]
fn PourvoiTable(caption: String, lignes: Vec<LignePourvoi>) -> impl IntoView {
    view! {
        <DataTable caption wide=true>
            <thead>
                <tr>
                    <th scope="col">"N° de pourvoi"</th>
                    <th scope="col">"Formé le"</th>
                    <th scope="col">"Chambre"</th>
                    <th scope="col">"Stade"</th>
                    <th scope="col">"Parties"</th>
                    <th scope="col">"Avocats"</th>
                </tr>
            </thead>
            <tbody>
                {lignes
                    .into_iter()
                    .map(|l| {
                        view! {
                            <tr>
                                <td><A href=format!("/pourvois/{}", l.id)>{l.numero}</A></td>
                                <td>{french_date(&l.date_pourvoi)}</td>
                                <td>{chambre_label(&l.chambre)}</td>
                                <td>{l.stade.label()}</td>
                                <td>{format!("{} c/ {}", l.demandeur, l.defendeur)}</td>
                                <td>{l.avocats}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </DataTable>
    }
}

#[component]
fn StockTable(s: Stock) -> impl IntoView {
    let mut rows: Vec<String> = s.cellules.iter().map(|c| c.0.clone()).collect();
    rows.sort_by_key(|c| CHAMBRES.iter().position(|(x, _)| x == c).unwrap_or(usize::MAX));
    rows.dedup();
    let open_stades: Vec<Stade> = Stade::open().collect();
    let count = |ch: &str, st: Option<Stade>, tr: Option<&str>| -> i64 {
        s.cellules
            .iter()
            .filter(|c| c.0 == ch && st.is_none_or(|x| c.1 == x) && tr.is_none_or(|x| c.2 == x))
            .map(|c| c.3)
            .sum()
    };
    let link = |ch: &str, st: &str, tr: &str, n: i64, what: String| {
        if n == 0 {
            return view! { <span>"0"</span> }.into_any();
        }
        let chambre = if ch.is_empty() { "aucune" } else { ch };
        let href = format!("/pourvois?chambre={chambre}&stade={st}&tranche={tr}");
        view! { <A href=href attr:title=what.clone() attr:aria-label=what>{n.to_string()}</A> }.into_any()
    };
    let by_stade = rows
        .iter()
        .map(|ch| {
            let label = chambre_label(ch);
            let cells = open_stades
                .iter()
                .map(|st| {
                    let n = count(ch, Some(*st), None);
                    let what = format!("{n} dossiers, {label}, stade {}", st.label());
                    view! { <td>{link(ch, st.code(), "", n, what)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    {cells}
                    <td>{count(ch, None, None)}</td>
                </tr>
            }
        })
        .collect_view();
    let by_age = rows
        .iter()
        .map(|ch| {
            let label = chambre_label(ch);
            let cells = TRANCHES
                .iter()
                .map(|(tr, tl, _)| {
                    let n = count(ch, None, Some(tr));
                    view! { <td>{link(ch, "", tr, n, format!("{n} dossiers, {label}, {}", tl.to_lowercase()))}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let stade_heads = open_stades
        .iter()
        .map(|st| view! { <th scope="col">{st.label()}</th> })
        .collect_view();
    view! {
        <p>{format!("{} dossiers en cours (arrêt non rendu).", s.total)}</p>
        <DataTable caption="Dossiers en cours par chambre et par stade".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"Chambre"</th>
                    {stade_heads}
                    <th scope="col">"Total"</th>
                </tr>
            </thead>
            <tbody>{by_stade}</tbody>
        </DataTable>
        <DataTable caption="Dossiers en cours par chambre et par ancienneté".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"Chambre"</th>
                    {TRANCHES.iter().map(|(_, l, _)| view! { <th scope="col">{*l}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{by_age}</tbody>
        </DataTable>
    }
}

/// `/taches`
#[component]
pub fn TachesPage() -> impl IntoView {
    view! {
        <Title text="Tâches et échéances" />
        <RequireRole roles=Role::READ_CASES>
            <Taches />
        </RequireRole>
    }
}

#[component]
fn Taches() -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    if !user.at_cassation() {
        return view! { <crate::ui::pages::errors::Forbidden /> }.into_any();
    }
    let query = use_query_map();
    let chambre = Memo::new(move |_| query.read().get("chambre").unwrap_or_default());
    let data = Resource::new(move || chambre.get(), |c| task_list(Some(c)));
    let magistrat = matches!(user.role, Role::MagistratSiege | Role::MagistratParquet);
    let mut options: Vec<(String, String)> = CHAMBRES
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect();
    options.insert(
        0,
        (
            String::new(),
            if magistrat {
                "Mes dossiers".to_owned()
            } else {
                "Toute la juridiction".to_owned()
            },
        ),
    );
    view! {
        <h1>"Tâches et échéances"</h1>
        <Form method="get" action="/taches" noscroll=true>
            <fieldset class="fr-fieldset greffe-filters" aria-labelledby="taches-legende">
                <legend class="fr-fieldset__legend" id="taches-legende">"Périmètre"</legend>
                <Choice id="chambre" label="Dossiers" options current=chambre.into() />
                <div class="greffe-filter">
                    <button class="fr-btn" type="submit">"Afficher"</button>
                </div>
            </fieldset>
        </Form>
        <Transition fallback=|| view! { <p>"Chargement des tâches…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(t) => {
                        let groups = QUAND
                            .iter()
                            .map(|(code, heading)| {
                                let items: Vec<_> = t.echeances.iter().filter(|e| e.quand == *code).cloned().collect();
                                let overdue = *code == "retard";
                                view! {
                                    <h3 class:greffe-overdue=overdue>{format!("{heading} ({})", items.len())}</h3>
                                    {if items.is_empty() {
                                        view! { <p>"Rien."</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="greffe-tasks">
                                                {items
                                                    .into_iter()
                                                    .map(|e| {
                                                        view! {
                                                            <li>
                                                                {overdue.then(|| view! { <span class="fr-badge fr-badge--sm fr-badge--error">"En retard"</span> " " })}
                                                                <strong>{french_date(&e.due)}</strong>
                                                                " — "
                                                                {match &e.procedure_id {
                                                                    Some(id) => view! { <A href=format!("/procedures/{id}")>{format!("Procédure n° {}", e.numero)}</A> }.into_any(),
                                                                    None => view! { <A href=format!("/pourvois/{}", e.pourvoi_id)>{format!("Pourvoi n° {}", e.numero)}</A> }.into_any(),
                                                                }}
                                                                {format!(" ({}) — {} ({}) ; à défaut : {}", chambre_label(&e.chambre), e.label, e.basis, e.lapse)}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                }
                            })
                            .collect_view();
                        view! {
                            <p>{format!("Périmètre : {}.", t.portee)}</p>
                            <h2>"Échéances"</h2>
                            {groups}
                            <h2>{format!("Pièces attendues ({})", t.attendues.len())}</h2>
                            {if t.attendues.is_empty() {
                                view! { <p>"Aucune pièce attendue des magistrats."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="greffe-tasks">
                                        {t
                                            .attendues
                                            .into_iter()
                                            .map(|a| {
                                                let by = if a.auteur.is_empty() { String::new() } else { format!(", de {}", a.auteur) };
                                                view! {
                                                    <li>
                                                        <A href=format!("/pourvois/{}", a.pourvoi_id)>{format!("Pourvoi n° {}", a.numero)}</A>
                                                        {format!(" ({}) — {}{by}", chambre_label(&a.chambre), a.piece)}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                            <h2>"Dossiers en état d'être audiencés"</h2>
                            {if t.prets.is_empty() {
                                view! { <p>"Aucun dossier pour l'instant."</p> }.into_any()
                            } else {
                                view! { <PourvoiTable caption="Dossiers dont le rapport et l'avis sont déposés".into() lignes=t.prets /> }.into_any()
                            }}
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
