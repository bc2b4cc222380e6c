//! The Cour de cassation's live stock of dossiers (chambre × stade × age band, each count a
//! link to its dossiers), the search by number, party or avocat, and the task lists.

use crate::api::dossiers::{pourvoi_stock, search_pourvois, task_list};
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::{
    CHAMBRES, LignePourvoi, PAR_PAGE, QUAND, Recherche, Resultats, Stade, Stock, TRANCHES, by_number, chambre_label,
    page_links, pages,
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
            // Not a number: page 0, which the search refuses with its reason.
            page: q.get("page").map_or(1, |p| p.trim().parse().unwrap_or(0)),
        }
    });
    // Any criterion in the address, even empty (the form sent as is: every pourvoi).
    let searching = move || {
        query.with(|q| {
            ["q", "chambre", "stade", "tranche", "page"]
                .iter()
                .any(|k| q.get_str(k).is_some())
        })
    };
    // The stock without a search; a search shows its results alone (and a way back).
    let stock = Resource::new(
        move || !searching(),
        |shown| async move {
            match shown {
                true => pourvoi_stock().await.map(Some),
                false => Ok(None),
            }
        },
    );
    // Searched only when asked: the page without criteria shows the stock alone.
    let results = Resource::new(
        move || searching().then(|| criteres.get()),
        |c| async move {
            match c {
                Some(c) => search_pourvois(c.clone()).await.map(|r| (c, r)),
                None => Ok((Recherche::default(), Resultats::default())),
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
                        Ok((criteres, r)) => view! { <Lignes criteres total=r.total lignes=r.lignes /> }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </Show>
        <Show
            when=move || !searching()
            fallback=|| view! { <p><a href="/pourvois">"Voir le stock des dossiers en cours"</a></p> }
        >
            <h2>"Stock des dossiers en cours"</h2>
            <Suspense fallback=|| view! { <p>"Chargement du stock…"</p> }>
                {move || Suspend::new(async move {
                    match stock.await {
                        Ok(Some(s)) => view! { <StockTable s /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
    .into_any()
}

#[component]
fn Lignes(criteres: Recherche, total: i64, lignes: Vec<LignePourvoi>) -> impl IntoView {
    let shown = lignes.len() as i64;
    let page = criteres.page;
    let last = pages(total);
    let first = i64::from(page - 1) * i64::from(PAR_PAGE) + 1;
    let order = if by_number(&criteres.q) {
        "par numéro"
    } else {
        "le plus récent d'abord"
    };
    view! {
        <p role="status" id="resultats">
            {match total {
                0 => "Aucun pourvoi ne correspond.".to_owned(),
                1 => "1 pourvoi.".to_owned(),
                n if last == 1 => format!("{n} pourvois."),
                n if shown == 0 => format!("{n} pourvois ; la page {page} est au-delà de la dernière ({last})."),
                n => format!("{n} pourvois ; page {page} sur {last}, du {first}e au {}e, {order}.", first + shown - 1),
            }}
        </p>
        {(shown > 0).then(|| view! { <PourvoiTable caption=format!("Pourvois trouvés, {order}") lignes /> })}
        {(last > 1).then(|| view! { <Pagination criteres last /> })}
    }
}

/// The DSFR pagination bar of a search's results: first, previous, the pages around this
/// one, next, last.
#[component]
fn Pagination(criteres: Recherche, last: u32) -> impl IntoView {
    use crate::ui::components::documents::q;
    let page = criteres.page.min(last);
    let base = {
        let mut url = "/pourvois?".to_owned();
        for (name, value) in [
            ("q", &criteres.q),
            ("chambre", &criteres.chambre),
            ("stade", &criteres.stade),
            ("tranche", &criteres.tranche),
        ] {
            if !value.is_empty() {
                url.push_str(&format!("{name}={}&", q(value)));
            }
        }
        url
    };
    let href = move |n: u32| format!("{base}page={n}");
    // A link, or the DSFR's disabled link where there is nowhere to go. Plain links (the
    // router still follows them in place): `<A>` marks every link to this path as current.
    let step = |to: Option<u32>, class: &'static str, label: &'static str| match to {
        Some(n) => view! { <li><a href=href(n) class=class>{label}</a></li> }.into_any(),
        None => view! { <li><a class=class aria-disabled="true" role="link">{label}</a></li> }.into_any(),
    };
    let numbers = page_links(page, last)
        .into_iter()
        .map(|n| match n {
            Some(n) if n == page => view! {
                <li><a class="fr-pagination__link" aria-current="page" title=format!("Page {n}")>{n.to_string()}</a></li>
            }
            .into_any(),
            Some(n) => view! {
                <li><a href=href(n) class="fr-pagination__link" title=format!("Page {n}")>{n.to_string()}</a></li>
            }
            .into_any(),
            None => view! { <li><span class="fr-pagination__link" aria-hidden="true">"…"</span></li> }.into_any(),
        })
        .collect_view();
    view! {
        <nav class="fr-pagination fr-mb-4w" aria-label="Pages de résultats">
            <ul class="fr-pagination__list">
                {step((page > 1).then_some(1), "fr-pagination__link fr-pagination__link--first", "Première page")}
                {step(
                    (page > 1).then(|| page - 1),
                    "fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label",
                    "Page précédente",
                )}
                {numbers}
                {step(
                    (page < last).then(|| page + 1),
                    "fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label",
                    "Page suivante",
                )}
                {step((page < last).then_some(last), "fr-pagination__link fr-pagination__link--last", "Dernière page")}
            </ul>
        </nav>
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
        // A plain link: `<A>` would mark every link to /pourvois as the current page.
        view! { <a href=href title=what.clone() aria-label=what>{n.to_string()}</a> }.into_any()
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
