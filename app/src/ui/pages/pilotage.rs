//! Pilotage: one indicator at a time, cut by juridiction, chambre and period (all in the URL),
//! drawn as a server-rendered SVG chart with its data table, drill-down and exports.

use crate::api::pilotage::{Choices, criteres, detail_indicateur, rapport_mensuel, tableau_de_bord};
use crate::domain::indicator::{
    ChartKind, DETAIL_LIMIT, Dashboard, Filtres, INDICATORS, PALETTE, Pas, Table, Ventilation, indicator,
};
use crate::domain::role::Role;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::field::Choice;
use crate::ui::components::table::DataTable;
use crate::ui::pages::guard::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

const KEYS: [&str; 9] = [
    "indicateur",
    "juridiction",
    "chambre",
    "du",
    "au",
    "pas",
    "par",
    "n1",
    "masquer",
];

/// The filters in the current URL.
fn filtres_from_url() -> Memo<Filtres> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let pairs: Vec<(&str, String)> = KEYS
            .iter()
            .flat_map(|k| q.get_all(k).unwrap_or_default().into_iter().map(move |v| (*k, v)))
            .collect();
        Filtres::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    })
}

/// `/pilotage`
#[component]
pub fn PilotagePage() -> impl IntoView {
    view! {
        <Title text="Pilotage" />
        <RequireRole roles=Role::READ_INDICATORS>
            <Pilotage />
        </RequireRole>
    }
}

#[component]
fn Pilotage() -> impl IntoView {
    let filtres = filtres_from_url();
    let choices = Resource::new(|| (), |_| criteres());
    let data = Resource::new(move || filtres.get(), tableau_de_bord);
    view! {
        <h1>"Pilotage"</h1>
        <p>
            "Chaque chiffre est compté à partir des données saisies, au moment où la page le demande : "
            "une décision enregistrée il y a une seconde y figure."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement des critères…"</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(c) => view! { <FilterForm choices=c filtres /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <Transition fallback=|| view! { <p>"Calcul des indicateurs…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Results d /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A `<select>` of the filter form.
#[component]
fn FilterForm(choices: Choices, filtres: Memo<Filtres>) -> impl IntoView {
    let Choices {
        juridictions,
        chambres,
        du,
        au,
    } = choices;
    let field = move |f: fn(&Filtres) -> String, default: String| {
        Signal::derive(move || {
            Some(filtres.with(f))
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.clone())
        })
    };
    let indicators: Vec<(String, String)> = INDICATORS
        .iter()
        .map(|i| (i.id.code().into(), i.label().into()))
        .collect();
    // With one juridiction it is the scope; with several, "all" is the default.
    let default_jur = match juridictions.as_slice() {
        [(id, _)] => id.to_string(),
        _ => String::new(),
    };
    let mut jur: Vec<(String, String)> = Vec::new();
    if juridictions.len() > 1 {
        jur.push((
            String::new(),
            "Toutes (côte à côte avec « Ventiler par juridiction »)".into(),
        ));
    }
    jur.extend(juridictions.iter().map(|(id, l)| (id.to_string(), l.clone())));
    let mut ch: Vec<(String, String)> = vec![(String::new(), "Toutes".into())];
    ch.extend(chambres);
    let pas: Vec<(String, String)> = [Pas::Mois, Pas::Trimestre, Pas::Annee]
        .map(|p| (p.as_str().to_owned(), p.label().to_owned()))
        .to_vec();
    let par: Vec<(String, String)> = [
        (Ventilation::Categorie, "Catégorie de l'indicateur"),
        (Ventilation::Juridiction, "Juridiction"),
        (Ventilation::Chambre, "Chambre"),
    ]
    .map(|(v, l)| (v.as_str().to_owned(), l.to_owned()))
    .to_vec();
    let du_value = field(|f| f.du.clone(), du);
    let au_value = field(|f| f.au.clone(), au);
    let n1 = move || filtres.with(|f| f.n1);
    view! {
        <Form method="get" action="/pilotage" noscroll=true>
            <fieldset class="fr-fieldset greffe-filters" aria-labelledby="criteres-legende">
                <legend class="fr-fieldset__legend" id="criteres-legende">
                    "Critères"
                </legend>
                <Choice id="indicateur" label="Indicateur" options=indicators current=field(|f| f.indicateur.clone(), "affaires".into()) />
                <Choice id="juridiction" label="Juridiction" options=jur current=field(|f| f.juridiction.map(|j| j.to_string()).unwrap_or_default(), default_jur) />
                <Choice id="chambre" label="Chambre" options=ch current=field(|f| f.chambre.clone().unwrap_or_default(), String::new()) />
                <div class="fr-input-group greffe-filter">
                    <label class="fr-label" for="du">
                        "Du (mois)"
                        <span class="fr-hint-text">"Format AAAA-MM"</span>
                    </label>
                    <input class="fr-input" type="month" id="du" name="du" prop:value=move || du_value.get() />
                </div>
                <div class="fr-input-group greffe-filter">
                    <label class="fr-label" for="au">
                        "Au (mois)"
                        <span class="fr-hint-text">"Format AAAA-MM"</span>
                    </label>
                    <input class="fr-input" type="month" id="au" name="au" prop:value=move || au_value.get() />
                </div>
                <Choice id="pas" label="Pas de temps" options=pas current=field(|f| f.pas.clone(), "mois".into()) />
                <Choice id="par" label="Ventiler par" options=par current=field(|f| f.par.clone(), "categorie".into()) />
                <div class="fr-checkbox-group greffe-filter">
                    <input type="checkbox" id="n1" name="n1" value="1" prop:checked=n1 />
                    <label class="fr-label" for="n1">
                        "Comparer avec l'année précédente"
                    </label>
                </div>
                <div class="greffe-filter">
                    <button class="fr-btn" type="submit">
                        "Afficher"
                    </button>
                </div>
            </fieldset>
        </Form>
    }
}

/// The URL of the dashboard with series `key` shown or hidden.
fn toggle_href(f: &Filtres, key: &str) -> String {
    let mut f = f.clone();
    if let Some(i) = f.masquer.iter().position(|m| m == key) {
        f.masquer.remove(i);
    } else {
        f.masquer.push(key.to_owned());
    }
    format!("/pilotage?{}", f.query())
}

#[component]
fn Results(d: Dashboard) -> impl IntoView {
    let Some(ind) = indicator(&d.indicator_id) else {
        return view! { <p>"Indicateur inconnu."</p> }.into_any();
    };
    let query = d.filtres.query();
    let series: Vec<(String, String, bool)> = d
        .table
        .series
        .iter()
        .map(|s| (toggle_href(&d.filtres, &s.key), s.label.clone(), s.hidden))
        .collect();
    let legend = series
        .into_iter()
        .enumerate()
        .map(|(i, (href, label, hidden))| {
            let state = if hidden { "masquée" } else { "affichée" };
            let action = if hidden { "Afficher" } else { "Masquer" };
            let title = format!("{action} la série « {label} »");
            view! {
                <li>
                    <A href=href attr:class="fr-tag greffe-legend" attr:title=title>
                        <span class="greffe-swatch" style=format!("background:{}", legend_colour(i, hidden))></span>
                        {label.clone()}
                        <span class="fr-sr-only">{format!(" (série {state} ; activer pour la {})", action.to_lowercase())}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    let chart_kind = match ind.chart {
        ChartKind::StackedBar => "Histogramme empilé",
        ChartKind::Line => "Courbes",
        ChartKind::Distribution => "Répartition",
    };
    view! {
        <section class="fr-mt-4w" aria-labelledby="resultat-titre">
            <h2 id="resultat-titre">{ind.label()}</h2>
            <p class="fr-text--sm">
                {ind.formula}
                " Unité : "
                {ind.unit}
                "."
            </p>
            <p class="fr-badge fr-badge--info fr-badge--no-icon" role="status">
                {format!("Calculé le {} — total : {} {}", d.computed_at, d.table.total(), ind.unit)}
            </p>
            {d.summary.clone().map(|s| view! { <p class="fr-text--lead">{s}</p> })}
            <figure class="greffe-chart" role="figure" aria-labelledby="graphique-legende">
                <div
                    class="greffe-chart__svg"
                    tabindex="0"
                    role="region"
                    aria-label="Graphique (défilement horizontal sur petit écran)"
                    inner_html=d.svg.clone()
                ></div>
                <figcaption id="graphique-legende" class="fr-text--sm">
                    {format!(
                        "{chart_kind} : {} ({} au {}). Chaque barre ou point mène à la liste des enregistrements comptés ; le tableau ci-dessous donne les mêmes valeurs.",
                        ind.label(),
                        d.filtres.du,
                        d.filtres.au,
                    )}
                </figcaption>
            </figure>
            {(!d.table.series.is_empty())
                .then(|| {
                    view! {
                        <p class="fr-mb-1w" id="series-titre">
                            "Séries (activer pour masquer ou afficher) :"
                        </p>
                        <ul class="fr-tags-group" aria-labelledby="series-titre">
                            {legend}
                        </ul>
                    }
                })}
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
                <li>
                    <a
                        class="fr-btn fr-btn--secondary fr-icon-download-line"
                        href=format!("/pilotage/export?format=csv&{query}")
                        rel="external"
                        download
                    >
                        "Exporter les données (CSV)"
                    </a>
                </li>
                <li>
                    <a
                        class="fr-btn fr-btn--secondary fr-icon-download-line"
                        href=format!("/pilotage/export?format=ods&{query}")
                        rel="external"
                        download
                    >
                        "Exporter les données (ODS)"
                    </a>
                </li>
                <li>
                    <a
                        class="fr-btn fr-btn--secondary fr-icon-download-line"
                        href=format!("/pilotage/export?format=svg&{query}")
                        rel="external"
                        download
                    >
                        "Exporter le graphique (SVG)"
                    </a>
                </li>
                <PngButton svg=d.svg.clone() name=format!("greffe-{}-{}-{}.png", ind.id.code(), d.filtres.du, d.filtres.au) />
            </ul>
            <DataView table=d.table.clone() filtres=d.filtres.clone() unit=ind.unit />
            <p>
                <A href=format!("/pilotage/rapport?mois={}", d.filtres.au)>"Rapport mensuel imprimable (une page par chambre)"</A>
            </p>
        </section>
    }
    .into_any()
}

/// "Exporter le graphique (PNG)": the browser draws the chart's SVG on a canvas at twice its
/// size and saves it. Shown once the page is interactive (it needs JavaScript).
#[component]
fn PngButton(svg: String, name: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let (error, set_error) = signal(None::<String>);
    let save = move |_| {
        set_error.set(None);
        #[cfg(feature = "hydrate")]
        if png::save(&svg, &name).is_err() {
            set_error.set(Some(
                "Le navigateur n'a pas pu dessiner le graphique en PNG ; utilisez l'export SVG.".into(),
            ));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&svg, &name);
    };
    view! {
        <Show when=move || ready.get()>
            <li>
                <button class="fr-btn fr-btn--secondary fr-icon-download-line" type="button" on:click=save.clone()>
                    "Exporter le graphique (PNG)"
                </button>
                {move || error.get().map(|e| view! { <p class="fr-error-text" role="alert">{e}</p> })}
            </li>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod png {
    use leptos::prelude::document;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};

    /// Draws `svg` (an image from a `data:` address, allowed by the CSP) on a canvas twice
    /// its size on a white background, then downloads it as `name`.
    pub fn save(svg: &str, name: &str) -> Result<(), JsValue> {
        let img = HtmlImageElement::new()?;
        let name = name.to_owned();
        let source = img.clone();
        let onload = Closure::once(move || {
            let draw = || -> Result<(), JsValue> {
                let (w, h) = (source.natural_width().max(1) * 2, source.natural_height().max(1) * 2);
                let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
                canvas.set_width(w);
                canvas.set_height(h);
                let ctx: CanvasRenderingContext2d = canvas
                    .get_context("2d")?
                    .ok_or_else(|| JsValue::from_str("no 2d context"))?
                    .dyn_into()?;
                ctx.set_fill_style_str("#ffffff");
                ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
                ctx.draw_image_with_html_image_element_and_dw_and_dh(&source, 0.0, 0.0, f64::from(w), f64::from(h))?;
                let a: HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
                a.set_href(&canvas.to_data_url_with_type("image/png")?);
                a.set_download(&name);
                a.click();
                Ok(())
            };
            if let Err(e) = draw() {
                web_sys::console::error_2(&"PNG export".into(), &e);
            }
        });
        img.set_onload(Some(onload.as_ref().unchecked_ref()));
        onload.forget();
        let encoded: String = web_sys::js_sys::encode_uri_component(svg).into();
        img.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
        Ok(())
    }
}

fn legend_colour(i: usize, hidden: bool) -> &'static str {
    if hidden {
        "transparent"
    } else {
        PALETTE[i % PALETTE.len()]
    }
}

/// The chart's values as a table (the text alternative), each figure a drill-down link.
#[component]
fn DataView(table: Table, filtres: Filtres, unit: &'static str) -> impl IntoView {
    let valid = filtres.validate().ok();
    let visible: Vec<usize> = (0..table.series.len()).filter(|s| !table.series[*s].hidden).collect();
    let headers = visible
        .iter()
        .map(|s| view! { <th scope="col">{table.series[*s].label.clone()}</th> })
        .collect_view();
    let with_previous = table.previous.is_some();
    let rows = table
        .periods
        .iter()
        .enumerate()
        .map(|(p, period)| {
            let cells = visible
                .iter()
                .map(|s| {
                    let v = table.values[*s][p];
                    let href = valid
                        .as_ref()
                        .map(|f| f.detail_href(&filtres, period.start, period.end, &table.series[*s].key))
                        .unwrap_or_default();
                    let label = format!("{} — {} : {v} {unit}", period.label, table.series[*s].label);
                    view! {
                        <td>
                            {if v == 0 {
                                view! { "0" }.into_any()
                            } else {
                                view! {
                                    <A href=href attr:aria-label=label>
                                        {v.to_string()}
                                    </A>
                                }
                                    .into_any()
                            }}
                        </td>
                    }
                })
                .collect_view();
            let previous = table
                .previous
                .as_ref()
                .map(|prev| view! { <td>{prev[p].to_string()}</td> });
            view! {
                <tr>
                    <th scope="row">{period.label.clone()}</th>
                    {cells}
                    <td>{table.period_total(p).to_string()}</td>
                    {previous}
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable caption=format!("Valeurs du graphique ({unit})") wide=true>
            <thead>
                <tr>
                    <th scope="col">"Période"</th>
                    {headers}
                    <th scope="col">"Total"</th>
                    {with_previous.then(|| view! { <th scope="col">"Total N-1"</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </DataTable>
    }
}

/// `/pilotage/detail`: the records behind one figure.
#[component]
pub fn PilotageDetailPage() -> impl IntoView {
    view! {
        <Title text="Détail d'un indicateur" />
        <RequireRole roles=Role::READ_INDICATORS>
            <DetailList />
        </RequireRole>
    }
}

#[component]
fn DetailList() -> impl IntoView {
    let filtres = filtres_from_url();
    let query = use_query_map();
    let serie = Memo::new(move |_| query.read().get("serie"));
    let data = Resource::new(move || (filtres.get(), serie.get()), |(f, s)| detail_indicateur(f, s));
    view! {
        <Transition fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let shown = d.rows.len();
                        let summed = d.somme.is_some();
                        view! {
                            <h1>{d.title.clone()}</h1>
                            <p>
                                // Plain: `<A>` marks a link to a parent path as the current page.
                                <a href=format!("/pilotage?{}", filtres.get_untracked().query())>
                                    "Retour au tableau de bord"
                                </a>
                            </p>
                            <p role="status">
                                {format!("{} enregistrement(s)", d.total)}
                                {d.somme.clone().map(|s| format!(", pour un total de {s}"))}
                                {(d.total > shown as i64)
                                    .then(|| format!(" ; les {DETAIL_LIMIT} premiers sont listés."))}
                            </p>
                            <DataTable caption="Enregistrements comptés dans ce chiffre".to_owned() wide=true>
                                <thead>
                                    <tr>
                                        <th scope="col">"Numéro"</th>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Juridiction"</th>
                                        <th scope="col">"Chambre"</th>
                                        <th scope="col">"Catégorie"</th>
                                        {summed.then(|| view! { <th scope="col">"Valeur"</th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {d
                                        .rows
                                        .into_iter()
                                        .map(|r| {
                                            view! {
                                                <tr>
                                                    <td>
                                                        <A href=r.href>{r.numero}</A>
                                                    </td>
                                                    <td>{r.date}</td>
                                                    <td>{r.juridiction}</td>
                                                    <td>{r.chambre}</td>
                                                    <td>{r.categorie}</td>
                                                    {r.valeur.map(|v| view! { <td>{v}</td> })}
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </DataTable>
                        }
                            .into_any()
                    }
                    Err(e) => view! {
                        <h1>"Détail d'un indicateur"</h1>
                        <ErrorAlert error=e />
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

/// `/pilotage/rapport?mois=AAAA-MM&juridiction=…`: the month's figures (hearings and
/// pourvois), one printed page per chambre.
#[component]
pub fn MonthlyReportPage() -> impl IntoView {
    view! {
        <Title text="Rapport mensuel" />
        <RequireRole roles=Role::READ_INDICATORS>
            <MonthlyReportView />
        </RequireRole>
    }
}

#[component]
fn MonthlyReportView() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("mois").unwrap_or_default(),
            q.get("juridiction").and_then(|j| j.parse::<i64>().ok()),
        )
    });
    let data = Resource::new(move || args.get(), |(m, j)| rapport_mensuel(m, j));
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <h1>"Rapport mensuel d'activité"</h1>
        <Form method="get" action="/pilotage/rapport" noscroll=true>
            <div class="greffe-filters">
                <div class="fr-input-group greffe-filter">
                    <label class="fr-label" for="mois">
                        "Mois"
                        <span class="fr-hint-text">"Format AAAA-MM"</span>
                    </label>
                    <input class="fr-input" type="month" id="mois" name="mois" prop:value=move || args.with(|a| a.0.clone()) />
                </div>
                <div class="greffe-filter">
                    <button class="fr-btn" type="submit">
                        "Afficher"
                    </button>
                </div>
                <div class="greffe-filter">
                    <button class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" type="button" on:click=print>
                        "Imprimer"
                    </button>
                </div>
            </div>
        </Form>
        <Transition fallback=|| view! { <p>"Calcul du rapport…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) if r.chambres.is_empty() => view! {
                        <p role="status">{format!("Aucune activité enregistrée en {} pour {}.", r.label, r.juridiction)}</p>
                    }
                        .into_any(),
                    Ok(r) => view! {
                        <p role="status">
                            {format!("{} — {} ; chiffres calculés le {}.", r.juridiction, r.label, r.computed_at)}
                        </p>
                        {r
                            .chambres
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <section class="greffe-report-page">
                                        <h2>{format!("{} — {}", c.chambre, r.label)}</h2>
                                        {c
                                            .sections
                                            .into_iter()
                                            .map(|s| {
                                                view! {
                                                    <DataTable caption=format!("{} ({}) : {}", s.indicator, s.unit, s.total)>
                                                        <thead>
                                                            <tr>
                                                                <th scope="col">"Catégorie"</th>
                                                                <th scope="col">"Nombre"</th>
                                                            </tr>
                                                        </thead>
                                                        <tbody>
                                                            {s
                                                                .lines
                                                                .into_iter()
                                                                .map(|(l, n)| view! { <tr><td>{l}</td><td>{n}</td></tr> })
                                                                .collect_view()}
                                                        </tbody>
                                                    </DataTable>
                                                }
                                            })
                                            .collect_view()}
                                    </section>
                                }
                            })
                            .collect_view()}
                    }
                        .into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
