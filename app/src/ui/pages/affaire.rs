//! One affaire: preparation, prévenus and infractions, decision entry, renvoi, and the note
//! d'audience with autosave. Forms keep what was typed across saves and conflicts: the page
//! structure loads once, and a second, refreshed copy of the affaire carries its version and
//! shows what others saved.

use crate::api::hearings::{
    list_audiences, prepare_affaire, save_infraction, save_partie_civile, save_prevenu, search_natinf, set_presence,
    transfer_affaire,
};
use crate::domain::account::CurrentUser;
use crate::domain::decision::{
    Decision, InteretsCivils, MesureSurete, NatureJugement, Peine, PeineFields, PeineNature, Prevention,
    PreventionKind, Renvoi, Sanction,
};
use crate::domain::hearing::{
    AffaireDetail, CHECKLIST_ITEMS, Checklist, EtatAffaire, PRESENCES, PrevenuInput, PrevenuView, checklist_label,
    presence_label,
};
use crate::domain::import::{STATUTS, statut_label};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::format::french_date;
use crate::ui::offline::{
    note_history, open_affaire, open_audience, record_decision, record_renvoi, renvoi_motifs, save_note,
};
use crate::ui::session::RequireRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// `/affaires/:id`
#[component]
pub fn AffairePage() -> impl IntoView {
    view! {
        <Title text="Affaire" />
        <RequireRole roles=Role::READ_CASES>
            <Keyed />
        </RequireRole>
    }
}

/// The refreshed copy of the affaire and how to refresh it.
#[derive(Clone, Copy)]
struct Live {
    current: Resource<Result<AffaireDetail, AppError>>,
    reload: RwSignal<u32>,
    /// Bumped when prévenus, infractions or parties change: the page is rebuilt.
    structure: RwSignal<u32>,
}

impl Live {
    fn refresh(&self) {
        self.reload.update(|n| *n += 1);
    }

    fn restructure(&self) {
        self.refresh();
        self.structure.update(|n| *n += 1);
    }

    /// The version to write on top of, once loaded.
    fn version(&self) -> Option<i64> {
        self.current.get().and_then(Result::ok).map(|a| a.version)
    }
}

/// Rebuilds the page when the route's id changes (previous / next affaire).
#[component]
fn Keyed() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        view! { <AffaireView id /> }
    }
}

#[component]
fn AffaireView(id: String) -> impl IntoView {
    let structure = RwSignal::new(0u32);
    let initial = {
        let id = id.clone();
        Resource::new(move || structure.get(), move |_| open_affaire(id.clone()))
    };
    let reload = RwSignal::new(0u32);
    // Also refreshed when a synchronisation changed the browser's copy under the page.
    let synced = crate::ui::offline::use_offline().revision;
    let current = {
        let id = id.clone();
        Resource::new(move || (reload.get(), synced.get()), move |_| open_affaire(id.clone()))
    };
    let live = Live {
        current,
        reload,
        structure,
    };
    view! {
        <Transition fallback=|| view! { <p>"Chargement de l'affaire…"</p> }>
            {move || Suspend::new(async move {
                match initial.await {
                    Ok(a) => view! { <AffaireBody a live /> }.into_any(),
                    Err(e) => view! { <h1>"Affaire"</h1> <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AffaireBody(a: AffaireDetail, live: Live) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let organise = user.has_role(Role::ORGANISE_HEARINGS);
    let record = user.has_role(Role::RECORD_HEARINGS);
    let title = format!("Affaire {} — rang {}", a.numero_parquet, a.rang);
    let etat = move || {
        live.current
            .get()
            .and_then(Result::ok)
            .map(|c| c.etat.label())
            .unwrap_or(a.etat.label())
    };
    let prevenus = a.prevenus.clone();
    let decidable = a.etat != EtatAffaire::Renvoyee;
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="fr-text--lead">
            {format!("Audience du {} — ", french_date(&a.audience_date))}
            <A href=format!("/audiences/{}", a.audience_id)>"voir le rôle"</A>
            " — état : "
            <strong aria-live="polite">{etat}</strong>
        </p>
        {a.origine
            .clone()
            .map(|(oid, date)| {
                view! {
                    <p>
                        "Affaire renvoyée de l'audience du " {french_date(&date)} " : "
                        <A href=format!("/affaires/{oid}")>"historique"</A>
                    </p>
                }
            })}
        <Neighbours audience_id=a.audience_id.clone() id=a.id.clone() live />
        {a.renvoi
            .clone()
            .map(|r| {
                view! {
                    <div class="fr-callout fr-mb-3w">
                        <h2 class="fr-callout__title">"Affaire renvoyée"</h2>
                        <p class="fr-callout__text">
                            {format!(
                                "Renvoi au {} — motif : {} — mesure : {}",
                                french_date(&r.renvoi.nouvelle_date.to_string()),
                                r.renvoi.motif,
                                r.renvoi.mesure.label(),
                            )}
                        </p>
                        {r.nouvelle_affaire_id
                            .map(|n| view! { <A href=format!("/affaires/{n}")>"Voir l'affaire sur son nouveau rôle"</A> })}
                    </div>
                }
            })}
        <h2>"Prévenus et infractions"</h2>
        {prevenus
            .iter()
            .cloned()
            .map(|p| {
                let pid = p.id.clone();
                let aid = a.id.clone();
                view! {
                    <PrevenuCard p />
                    {record.then(|| view! { <Presence affaire_id=aid prevenu_id=pid live /> })}
                }
            })
            .collect_view()}
        {(!a.parties_civiles.is_empty())
            .then(|| {
                view! {
                    <h3>"Parties civiles"</h3>
                    <ul>
                        {a.parties_civiles
                            .iter()
                            .map(|pc| {
                                view! {
                                    <li>
                                        {if pc.avocat.is_empty() {
                                            pc.nom.clone()
                                        } else {
                                            format!("{} (avocat : {})", pc.nom, pc.avocat)
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {organise.then(|| view! { <Preparation a=a.clone() live /> <PrepareParties a=a.clone() live /> })}
        {(record && decidable)
            .then(|| {
                view! {
                    <h2>"Décisions"</h2>
                    {prevenus
                        .iter()
                        .cloned()
                        .map(|p| view! { <DecisionForm affaire_id=a.id.clone() p live /> })
                        .collect_view()}
                }
            })}
        {(record && a.etat == EtatAffaire::AJuger)
            .then(|| view! { <RenvoiForm affaire_id=a.id.clone() audience_date=a.audience_date.clone() live /> })}
        <AffaireDocuments a=a.clone() live />
        <Note affaire_id=a.id.clone() editable=user.role == Role::Greffier />
    }
}

/// The documents the affaire makes as it stands: the mentions of the jugement once a
/// decision is recorded, each condamné's extrait, and the convocations after a renvoi.
#[component]
fn AffaireDocuments(a: AffaireDetail, live: Live) -> impl IntoView {
    use crate::domain::decision::Sanction;
    use crate::ui::components::documents::{DocumentLinks, q};
    move || {
        let cur = live.current.get().and_then(Result::ok).unwrap_or_else(|| a.clone());
        let id = q(&cur.id);
        let judged = cur.prevenus.iter().any(|p| p.decision.is_some());
        let mut links = Vec::new();
        if judged {
            links.push(("jugement", format!("id={id}"), "Mentions du jugement".to_owned()));
        }
        for p in &cur.prevenus {
            let name = format!("{} {}", p.nom, p.prenom).trim().to_owned();
            if p.decision.as_ref().and_then(|d| d.sanction) == Some(Sanction::Condamnation) {
                links.push((
                    "extrait",
                    format!("id={id}&prevenu={}", q(&p.id)),
                    format!("Extrait pour exécution — {name}"),
                ));
            }
            if cur.origine.is_some() {
                links.push((
                    "convocation",
                    format!("id={id}&prevenu={}", q(&p.id)),
                    format!("Convocation — {name}"),
                ));
            }
        }
        (!links.is_empty()).then(|| {
            view! {
                <h2>"Documents"</h2>
                <ul class="greffe-documents">
                    {links
                        .into_iter()
                        .map(|(kind, query, label)| view! { <DocumentLinks kind query label /> })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// The hearing's progress bar and the previous / next affaire of the rôle; refreshed after
/// every change to this affaire.
#[component]
fn Neighbours(audience_id: String, id: String, live: Live) -> impl IntoView {
    let rol = Resource::new(move || live.reload.get(), move |_| open_audience(audience_id.clone()));
    view! {
        <Transition>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    let Ok(a) = rol.await else { return ().into_any() };
                    let pos = a.affaires.iter().position(|x| x.id == id);
                    let prev = pos.and_then(|p| p.checked_sub(1)).and_then(|p| a.affaires.get(p)).cloned();
                    let next = pos.and_then(|p| a.affaires.get(p + 1)).cloned();
                    view! {
                        <crate::ui::pages::audiences::RoleProgress progress=a.progress pretes=a.pretes />
                        <nav class="fr-mb-3w fr-mt-2w" aria-label="Affaires du rôle">
                            <ul class="fr-btns-group fr-btns-group--inline-sm">
                                {prev
                                    .map(|x| {
                                        view! {
                                            <li>
                                                <A href=format!("/affaires/{}", x.id) attr:class="fr-btn fr-btn--secondary fr-btn--sm">
                                                    {format!("Affaire précédente ({})", x.numero_parquet)}
                                                </A>
                                            </li>
                                        }
                                    })}
                                {next
                                    .map(|x| {
                                        view! {
                                            <li>
                                                <A href=format!("/affaires/{}", x.id) attr:class="fr-btn fr-btn--sm">
                                                    {format!("Affaire suivante ({})", x.numero_parquet)}
                                                </A>
                                            </li>
                                        }
                                    })}
                            </ul>
                        </nav>
                    }
                        .into_any()
                })
            }}
        </Transition>
    }
}

#[component]
fn PrevenuCard(p: PrevenuView) -> impl IntoView {
    view! {
        <div class="fr-card fr-card--no-arrow fr-mb-2w">
            <div class="fr-card__body">
                <div class="fr-card__content">
                    <h3 class="fr-card__title">{format!("{} {}", p.nom, p.prenom)}</h3>
                    <p class="fr-card__desc">
                        {format!(
                            "{}{}",
                            if p.interprete.is_empty() { String::new() } else { format!("Interprète : {} — ", p.interprete) },
                            if p.avocat.is_empty() { String::new() } else { format!("Avocat : {} — ", p.avocat) },
                        )}
                        {format!(
                            "Né(e) le {} — {} — poursuite : {} — comparution : {}",
                            p.date_naissance.as_deref().map(french_date).unwrap_or_else(|| "date inconnue".into()),
                            statut_label(&p.statut),
                            p.mode_poursuite,
                            if p.mode_comparution.is_empty() { "non renseignée".to_owned() } else { p.mode_comparution.clone() },
                        )}
                    </p>
                    <ul>
                        {p.infractions
                            .iter()
                            .map(|i| {
                                view! {
                                    <li>
                                        {format!(
                                            "{}{}",
                                            i.natinf_code.as_ref().map(|c| format!("NATINF {c} — ")).unwrap_or_default(),
                                            i.qualification,
                                        )}
                                        {i.historique
                                            .iter()
                                            .map(|h| {
                                                view! {
                                                    <br />
                                                    <span class="fr-text--xs">
                                                        {format!(
                                                            "anciennement : {} (jusqu'au {})",
                                                            h.qualification,
                                                            french_date(&h.jusqu_au),
                                                        )}
                                                    </span>
                                                }
                                            })
                                            .collect_view()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {p.decision
                        .as_ref()
                        .map(|d| view! { <p><strong>"Décision : "</strong> {decision_summary(d)}</p> })}
                </div>
            </div>
        </div>
    }
}

/// One line summary of a decision, as the rôle and the conflict view show it.
pub fn decision_summary(d: &Decision) -> String {
    let mut parts = vec![d.prevention_summary()];
    if let Some(s) = d.sanction {
        parts.push(s.label().to_owned());
    }
    parts.extend(d.peines.iter().map(Peine::label));
    if d.mandat_de_depot {
        parts.push("mandat de dépôt".into());
    }
    if d.execution_provisoire {
        parts.push("exécution provisoire".into());
    }
    for ic in &d.interets_civils {
        parts.push(format!(
            "{} : {} € de dommages-intérêts, {} € au titre de l'art. 475-1",
            ic.partie_civile, ic.dommages_interets, ic.article_475_1
        ));
    }
    parts.push(format!("jugement {}", d.nature.label().to_lowercase()));
    parts.join(" ; ")
}

#[component]
fn Preparation(a: AffaireDetail, live: Live) -> impl IntoView {
    let items: Vec<(String, RwSignal<bool>)> = a
        .checklist
        .0
        .iter()
        .map(|(k, v)| (k.clone(), RwSignal::new(*v)))
        .collect();
    let missing: Vec<&str> = CHECKLIST_ITEMS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !a.checklist.0.contains_key(*k))
        .collect();
    let extra: Vec<(String, RwSignal<bool>)> = missing.iter().map(|k| (k.to_string(), RwSignal::new(false))).collect();
    let extra_on: Vec<(String, RwSignal<bool>)> =
        missing.iter().map(|k| (k.to_string(), RwSignal::new(false))).collect();
    let scelles = RwSignal::new(a.scelles.clone());
    let id = a.id.clone();
    let result = RwSignal::new(None::<Result<(), AppError>>);
    let save = Action::new(move |(version, c, s): &(i64, Checklist, String)| {
        prepare_affaire(id.clone(), *version, c.clone(), s.clone())
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            result.set(Some(r));
            live.refresh();
        }
    });
    let items_s = StoredValue::new(items.clone());
    let extra_s = StoredValue::new(extra_on.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(version) = live.version() else { return };
        let mut c = Checklist::default();
        for (k, v) in items_s.get_value() {
            c.0.insert(k, v.get_untracked());
        }
        for (k, v) in extra_s.get_value() {
            if v.get_untracked() {
                c.0.insert(k, false);
            }
        }
        save.dispatch((version, c, scelles.get_untracked()));
    };
    let (done, total) = a.checklist.count();
    view! {
        <h2>"Préparation"</h2>
        <p>
            <progress max=total.max(1) value=done aria-label="Préparation de l'affaire">
                {format!("{done}/{total}")}
            </progress>
            {format!(" {done} élément(s) sur {total} au dernier enregistrement")}
        </p>
        <form on:submit=submit>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Liste de préparation"</legend>
                {items
                    .into_iter()
                    .map(|(k, v)| {
                        let input_id = format!("prep-{k}");
                        view! {
                            <div class="fr-fieldset__element">
                                <div class="fr-checkbox-group">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        prop:checked=move || v.get()
                                        on:change=move |ev| v.set(event_target_checked(&ev))
                                    />
                                    <label class="fr-label" for=input_id>{checklist_label(&k).to_owned()}</label>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
                {extra
                    .into_iter()
                    .zip(extra_on)
                    .map(|((k, _), (_, on))| {
                        let input_id = format!("prep-ajout-{k}");
                        view! {
                            <div class="fr-fieldset__element">
                                <div class="fr-checkbox-group">
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        prop:checked=move || on.get()
                                        on:change=move |ev| on.set(event_target_checked(&ev))
                                    />
                                    <label class="fr-label" for=input_id>
                                        {format!("Ajouter à la liste : {}", checklist_label(&k))}
                                    </label>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="fr-input-group">
                <label class="fr-label" for="scelles">"Scellés"</label>
                <textarea
                    class="fr-input"
                    id="scelles"
                    rows="2"
                    prop:value=move || scelles.get()
                    on:input=move |ev| scelles.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit">"Enregistrer la préparation"</button>
        </form>
        {move || {
            result
                .get()
                .map(|r| match r {
                    Ok(()) => view! { <SuccessAlert message="Préparation enregistrée.".to_owned() /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                })
        }}
    }
}

/// One peine being typed: its nature and up to two numbers and a text.
#[derive(Clone, Copy)]
struct PeineRow {
    key: u32,
    kind: PeineNature,
    n1: RwSignal<String>,
    n2: RwSignal<String>,
    text: RwSignal<String>,
}

impl PeineRow {
    fn to_peine(self) -> Result<Peine, String> {
        Peine::from_fields(
            self.kind,
            &self.n1.get_untracked(),
            &self.n2.get_untracked(),
            &self.text.get_untracked(),
        )
    }

    fn from_peine(key: u32, p: &Peine) -> Self {
        let (kind, n1, n2, text) = p.to_fields();
        Self {
            key,
            kind,
            n1: RwSignal::new(n1),
            n2: RwSignal::new(n2),
            text: RwSignal::new(text),
        }
    }
}

/// Per infraction: id, label, chosen answer, requalification code and text.
type PreventionRow = (String, String, RwSignal<String>, RwSignal<String>, RwSignal<String>);

#[component]
fn DecisionForm(affaire_id: String, p: PrevenuView, live: Live) -> impl IntoView {
    let existing = p.decision.clone();
    let rows: Vec<PreventionRow> = p
        .infractions
        .iter()
        .map(|i| {
            let prior = existing
                .as_ref()
                .and_then(|d| d.preventions.iter().find(|(id, _)| id == &i.id))
                .map(|(_, p)| p.clone());
            let (code, qual) = match &prior {
                Some(Prevention::Requalification {
                    natinf_code,
                    qualification,
                }) => (natinf_code.clone().unwrap_or_default(), qualification.clone()),
                _ => (String::new(), String::new()),
            };
            (
                i.id.clone(),
                i.qualification.clone(),
                RwSignal::new(
                    prior
                        .as_ref()
                        .map_or(PreventionKind::Culpabilite, Prevention::kind)
                        .code()
                        .to_owned(),
                ),
                RwSignal::new(code),
                RwSignal::new(qual),
            )
        })
        .collect();
    let sanction = RwSignal::new(
        existing
            .as_ref()
            .map(|d| d.sanction.map(|s| s.code()).unwrap_or(""))
            .unwrap_or("condamnation")
            .to_owned(),
    );
    let next_key = StoredValue::new(100u32);
    let peines = RwSignal::new(
        existing
            .as_ref()
            .map(|d| {
                d.peines
                    .iter()
                    .enumerate()
                    .map(|(i, p)| PeineRow::from_peine(i as u32, p))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let mandat = RwSignal::new(existing.as_ref().is_some_and(|d| d.mandat_de_depot));
    let exec = RwSignal::new(existing.as_ref().is_some_and(|d| d.execution_provisoire));
    let nature = RwSignal::new(existing.as_ref().map(|d| d.nature.code()).unwrap_or("C").to_owned());
    type IcRow = (u32, RwSignal<String>, RwSignal<String>, RwSignal<String>);
    let civils: RwSignal<Vec<IcRow>> = RwSignal::new(
        existing
            .as_ref()
            .map(|d| {
                d.interets_civils
                    .iter()
                    .enumerate()
                    .map(|(i, ic)| {
                        (
                            i as u32,
                            RwSignal::new(ic.partie_civile.clone()),
                            RwSignal::new(ic.dommages_interets.to_string()),
                            RwSignal::new(ic.article_475_1.to_string()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let conflict = RwSignal::new(false);
    let rows_s = StoredValue::new(rows.clone());
    let prevenu_id = p.id.clone();
    let build = move || -> Result<Decision, String> {
        let preventions = rows_s
            .get_value()
            .into_iter()
            .map(|(id, _, kind, code, qual)| {
                let p = Prevention::of_kind(
                    PreventionKind::parse(&kind.get_untracked()).unwrap_or(PreventionKind::Culpabilite),
                    Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
                    qual.get_untracked().trim().to_owned(),
                );
                (id, p)
            })
            .collect();
        let peines = peines
            .get_untracked()
            .into_iter()
            .map(PeineRow::to_peine)
            .collect::<Result<Vec<_>, _>>()?;
        let interets_civils = civils
            .get_untracked()
            .into_iter()
            .map(|(_, partie, di, art)| {
                let n = |s: RwSignal<String>| {
                    let v = s.get_untracked();
                    if v.trim().is_empty() {
                        Ok(0)
                    } else {
                        v.trim()
                            .parse::<u32>()
                            .map_err(|_| "Intérêts civils : montant en euros entiers attendu.".to_owned())
                    }
                };
                Ok(InteretsCivils {
                    partie_civile: partie.get_untracked().trim().to_owned(),
                    dommages_interets: n(di)?,
                    article_475_1: n(art)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Decision {
            preventions,
            sanction: Sanction::parse(&sanction.get_untracked()),
            peines,
            mandat_de_depot: mandat.get_untracked(),
            execution_provisoire: exec.get_untracked(),
            interets_civils,
            nature: NatureJugement::parse(&nature.get_untracked()).unwrap_or(NatureJugement::C),
        })
    };
    let ids: Vec<String> = p.infractions.iter().map(|i| i.id.clone()).collect();
    let save = {
        let affaire_id = affaire_id.clone();
        let prevenu_id = prevenu_id.clone();
        Action::new(move |(version, d): &(i64, Decision)| {
            record_decision(affaire_id.clone(), *version, prevenu_id.clone(), d.clone())
        })
    };
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(()) => {
                    saved.set(true);
                    conflict.set(false);
                    error.set(None);
                }
                Err(AppError::Conflict(m)) => {
                    conflict.set(true);
                    error.set(Some(AppError::Conflict(m)));
                }
                Err(e) => error.set(Some(e)),
            }
            live.refresh();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let d = match build() {
            Ok(d) => d,
            Err(m) => return error.set(Some(AppError::validation("decision", m))),
        };
        if let Err(m) = d.validate(&ids) {
            return error.set(Some(AppError::validation("decision", m)));
        }
        match live.version() {
            Some(v) => {
                error.set(None);
                save.dispatch((v, d));
            }
            None => error.set(Some(AppError::validation(
                "decision",
                "L'affaire se recharge : réessayez.",
            ))),
        }
    };
    let add_peine = move |kind: PeineNature| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        peines.update(|v| {
            v.push(PeineRow {
                key,
                kind,
                n1: RwSignal::new(String::new()),
                n2: RwSignal::new(String::new()),
                text: RwSignal::new(String::new()),
            })
        });
        // Focus the new row's first field so the quantum is typed straight away.
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("peine-{key}-1")) {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    };
    let pid = p.id.clone();
    let current_decision = {
        let pid = pid.clone();
        move || {
            live.current
                .get()
                .and_then(Result::ok)
                .and_then(|a| a.prevenus.into_iter().find(|x| x.id == pid))
                .and_then(|x| x.decision)
        }
    };
    let pid_ic = pid.clone();
    view! {
        <form class="fr-mb-6w" on:submit=submit aria-labelledby=format!("decision-{pid}")>
            <h3 id=format!("decision-{pid}")>{format!("Décision pour {} {}", p.nom, p.prenom)}</h3>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Sur la prévention"</legend>
                {rows
                    .into_iter()
                    .map(|(iid, label, kind, code, qual)| {
                        let sel = format!("prev-{iid}");
                        view! {
                            <div class="fr-fieldset__element">
                                <div class="fr-select-group">
                                    <label class="fr-label" for=sel.clone()>{label}</label>
                                    <select class="fr-select" id=sel on:change=move |ev| kind.set(event_target_value(&ev))>
                                        {PreventionKind::options()
                                            .map(|(v, l)| view! { <option value=v selected=move || kind.get() == v>{l}</option> })
                                            .collect_view()}
                                    </select>
                                </div>
                                <div class:greffe-hidden=move || kind.get() != "requalification">
                                    <div class="fr-input-group">
                                        <label class="fr-label" for=format!("requal-code-{iid}")>
                                            "Nouveau code NATINF"
                                            <span class="fr-hint-text">"Facultatif si le code est inconnu"</span>
                                        </label>
                                        <input
                                            class="fr-input"
                                            id=format!("requal-code-{iid}")
                                            prop:value=move || code.get()
                                            on:input=move |ev| code.set(event_target_value(&ev))
                                        />
                                    </div>
                                    <div class="fr-input-group">
                                        <label class="fr-label" for=format!("requal-qual-{iid}")>"Nouvelle qualification"</label>
                                        <input
                                            class="fr-input"
                                            id=format!("requal-qual-{iid}")
                                            prop:value=move || qual.get()
                                            on:input=move |ev| qual.set(event_target_value(&ev))
                                        />
                                    </div>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="fr-select-group">
                <label class="fr-label" for=format!("sanction-{pid}")>"Sur la sanction"</label>
                <select class="fr-select" id=format!("sanction-{pid}") on:change=move |ev| sanction.set(event_target_value(&ev))>
                    <option value="" selected=move || sanction.get().is_empty()>"Aucune (pas de culpabilité)"</option>
                    {Sanction::ALL
                        .iter()
                        .map(|s| {
                            let v = s.code();
                            view! { <option value=v selected=move || sanction.get() == v>{s.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Peines"</legend>
                <div class="fr-fieldset__element">
                    <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left">
                        {PeineNature::FORM_ORDER
                            .into_iter()
                            .map(|kind| {
                                let label = kind.label();
                                view! {
                                    <li>
                                        <button
                                            class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-add-line"
                                            type="button"
                                            on:click=move |_| add_peine(kind)
                                        >
                                            {label.to_string()}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
                <For each=move || peines.get() key=|r| r.key let:row>
                    <PeineRowFields row peines />
                </For>
            </fieldset>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Mesures"</legend>
                <div class="fr-fieldset__element">
                    <div class="fr-checkbox-group">
                        <input
                            type="checkbox"
                            id=format!("mandat-{pid}")
                            prop:checked=move || mandat.get()
                            on:change=move |ev| mandat.set(event_target_checked(&ev))
                        />
                        <label class="fr-label" for=format!("mandat-{pid}")>"Mandat de dépôt"</label>
                    </div>
                </div>
                <div class="fr-fieldset__element">
                    <div class="fr-checkbox-group">
                        <input
                            type="checkbox"
                            id=format!("exec-{pid}")
                            prop:checked=move || exec.get()
                            on:change=move |ev| exec.set(event_target_checked(&ev))
                        />
                        <label class="fr-label" for=format!("exec-{pid}")>"Exécution provisoire"</label>
                    </div>
                </div>
            </fieldset>
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">"Intérêts civils"</legend>
                <For each=move || civils.get() key=|r| r.0 let:row>
                    {
                        let (k, partie, di, art) = row;
                        let pid_ic = pid_ic.clone();
                        view! {
                            <div class="fr-fieldset__element greffe-row">
                                <div class="fr-input-group">
                                    <label class="fr-label" for=format!("ic-{pid_ic}-{k}-partie")>"Partie civile"</label>
                                    <input class="fr-input" id=format!("ic-{pid_ic}-{k}-partie") prop:value=move || partie.get() on:input=move |ev| partie.set(event_target_value(&ev)) />
                                </div>
                                <div class="fr-input-group">
                                    <label class="fr-label" for=format!("ic-{pid_ic}-{k}-di")>"Dommages-intérêts (€)"</label>
                                    <input class="fr-input" id=format!("ic-{pid_ic}-{k}-di") inputmode="numeric" prop:value=move || di.get() on:input=move |ev| di.set(event_target_value(&ev)) />
                                </div>
                                <div class="fr-input-group">
                                    <label class="fr-label" for=format!("ic-{pid_ic}-{k}-art")>"Article 475-1 (€)"</label>
                                    <input class="fr-input" id=format!("ic-{pid_ic}-{k}-art") inputmode="numeric" prop:value=move || art.get() on:input=move |ev| art.set(event_target_value(&ev)) />
                                </div>
                            </div>
                        }
                    }
                </For>
                <div class="fr-fieldset__element">
                    <button
                        class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-add-line fr-btn--icon-left"
                        type="button"
                        on:click=move |_| {
                            let key = next_key.get_value();
                            next_key.set_value(key + 1);
                            civils.update(|v| v.push((key, RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()))));
                        }
                    >
                        "Ajouter une partie civile"
                    </button>
                </div>
            </fieldset>
            <div class="fr-select-group">
                <label class="fr-label" for=format!("nature-{pid}")>"Nature du jugement"</label>
                <select class="fr-select" id=format!("nature-{pid}") on:change=move |ev| nature.set(event_target_value(&ev))>
                    {NatureJugement::ALL
                        .iter()
                        .map(|n| {
                            let c = n.code();
                            view! { <option value=c selected=move || nature.get() == c>{format!("{} ({c})", n.label())}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div aria-live="polite">
                {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
                {move || saved.get().then(|| view! { <SuccessAlert message="Décision enregistrée.".to_owned() /> })}
                {move || {
                    conflict
                        .get()
                        .then(|| {
                            view! {
                                <div class="fr-callout">
                                    <h4 class="fr-callout__title">"Version enregistrée par ailleurs"</h4>
                                    <p class="fr-callout__text">
                                        {current_decision().map(|d| decision_summary(&d)).unwrap_or_else(|| "Aucune décision enregistrée pour ce prévenu.".into())}
                                    </p>
                                    <p>"Votre saisie est conservée ci-dessus. Enregistrez-la pour remplacer la version actuelle, ou modifiez-la d'abord."</p>
                                </div>
                            }
                        })
                }}
            </div>
            <button class="fr-btn" type="submit" disabled=move || save.pending().get()>
                {move || if conflict.get() { "Enregistrer ma version" } else { "Enregistrer la décision" }}
            </button>
        </form>
    }
}

#[component]
fn PeineRowFields(row: PeineRow, peines: RwSignal<Vec<PeineRow>>) -> impl IntoView {
    let label = row.kind.label();
    let PeineFields {
        n1: l1,
        n2: l2,
        text: lt,
    } = row.kind.fields();
    let k = row.key;
    view! {
        <div class="fr-fieldset__element greffe-row" role="group" aria-label=label>
            <p class="fr-text--bold fr-mb-1v">{label}</p>
            {(!l1.is_empty())
                .then(|| {
                    view! {
                        <div class="fr-input-group">
                            <label class="fr-label" for=format!("peine-{k}-1")>{format!("{label} — {l1}")}</label>
                            <input
                                class="fr-input"
                                id=format!("peine-{k}-1")
                                inputmode="numeric"
                                prop:value=move || row.n1.get()
                                on:input=move |ev| row.n1.set(event_target_value(&ev))
                            />
                        </div>
                    }
                })}
            {(!l2.is_empty())
                .then(|| {
                    view! {
                        <div class="fr-input-group">
                            <label class="fr-label" for=format!("peine-{k}-2")>{format!("{label} — {l2}")}</label>
                            <input
                                class="fr-input"
                                id=format!("peine-{k}-2")
                                inputmode="numeric"
                                prop:value=move || row.n2.get()
                                on:input=move |ev| row.n2.set(event_target_value(&ev))
                            />
                        </div>
                    }
                })}
            {(!lt.is_empty())
                .then(|| {
                    let tid = if l1.is_empty() { format!("peine-{k}-1") } else { format!("peine-{k}-t") };
                    view! {
                        <div class="fr-input-group">
                            <label class="fr-label" for=tid.clone()>{format!("{label} — {lt}")}</label>
                            <input
                                class="fr-input"
                                id=tid
                                prop:value=move || row.text.get()
                                on:input=move |ev| row.text.set(event_target_value(&ev))
                            />
                        </div>
                    }
                })}
            <button
                class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline fr-icon-delete-line fr-btn--icon-left"
                type="button"
                on:click=move |_| peines.update(|v| v.retain(|r| r.key != k))
            >
                {format!("Retirer : {label}")}
            </button>
        </div>
    }
}

#[component]
fn RenvoiForm(affaire_id: String, audience_date: String, live: Live) -> impl IntoView {
    let motifs = Resource::new(|| (), |_| renvoi_motifs());
    let motif = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let mesure = RwSignal::new("aucune".to_owned());
    let observations = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<crate::domain::hearing::RenvoiOutcome>);
    let save = Action::new(move |(version, r): &(i64, Renvoi)| record_renvoi(affaire_id.clone(), *version, r.clone()));
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(o) => {
                    done.set(Some(o));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            live.refresh();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(nouvelle_date) = chrono::NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            return error.set(Some(AppError::validation("date", "Indiquez la date de renvoi.")));
        };
        let r = Renvoi {
            motif: motif.get_untracked(),
            nouvelle_date,
            mesure: MesureSurete::parse(&mesure.get_untracked()).unwrap_or(MesureSurete::Aucune),
            observations: observations.get_untracked(),
        };
        if r.motif.is_empty() {
            return error.set(Some(AppError::validation("motif", "Choisissez le motif du renvoi.")));
        }
        if let Some(v) = live.version() {
            save.dispatch((v, r));
        }
    };
    let min = chrono::NaiveDate::parse_from_str(&audience_date, "%Y-%m-%d")
        .map(|d| (d + chrono::Duration::days(1)).to_string())
        .unwrap_or_default();
    view! {
        <h2>"Renvoi"</h2>
        <form on:submit=submit class="fr-mb-6w">
            <div class="fr-select-group">
                <label class="fr-label" for="renvoi-motif">"Motif du renvoi"</label>
                <select class="fr-select" id="renvoi-motif" on:change=move |ev| motif.set(event_target_value(&ev))>
                    <option value="" selected=move || motif.get().is_empty()>"Choisir un motif"</option>
                    <Transition>
                        {move || Suspend::new(async move {
                            motifs
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|m| {
                                    let v = m.clone();
                                    let label = m.clone();
                                    view! { <option value=m selected=move || motif.get() == v>{label}</option> }
                                })
                                .collect_view()
                        })}
                    </Transition>
                </select>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="renvoi-date">"Nouvelle date"</label>
                <input
                    class="fr-input"
                    id="renvoi-date"
                    type="date"
                    min=min
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </div>
            <div class="fr-select-group">
                <label class="fr-label" for="renvoi-mesure">"Mesure de sûreté"</label>
                <select class="fr-select" id="renvoi-mesure" on:change=move |ev| mesure.set(event_target_value(&ev))>
                    {MesureSurete::ALL
                        .iter()
                        .map(|m| {
                            let v = m.as_str();
                            view! { <option value=v selected=move || mesure.get() == v>{m.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="renvoi-obs">"Observations"</label>
                <textarea
                    class="fr-input"
                    id="renvoi-obs"
                    rows="2"
                    prop:value=move || observations.get()
                    on:input=move |ev| observations.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div aria-live="polite">
                {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
                {move || {
                    done.get()
                        .map(|o| {
                            if o.audience_id.is_empty() {
                                return view! {
                                    <SuccessAlert message="Renvoi enregistré sur cet appareil : il sera transmis au serveur, qui l'inscrira au rôle de cette date, dès le retour du réseau.".to_owned() />
                                }
                                    .into_any();
                            }
                            view! {
                                <SuccessAlert message=if o.audience_creee {
                                    "Affaire renvoyée : une audience a été créée à cette date.".to_owned()
                                } else {
                                    "Affaire renvoyée au rôle de l'audience de cette date.".to_owned()
                                } />
                                <p>
                                    <A href=format!("/audiences/{}", o.audience_id)>"Voir le nouveau rôle"</A>
                                </p>
                            }
                                .into_any()
                        })
                }}
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || save.pending().get() || done.get().is_some()>
                "Renvoyer l'affaire"
            </button>
        </form>
    }
}

/// Quick phrases offered by default (Alt+1 to Alt+9); each browser may change its own list.
const DEFAULT_PHRASES: [&str; 8] = [
    "Appel de la cause.",
    "Le prévenu comparaît, assisté de son avocat.",
    "Le président constate l'identité du prévenu et donne connaissance de l'acte qui saisit le tribunal.",
    "Le prévenu est informé de son droit de faire des déclarations, de répondre aux questions ou de se taire.",
    "La partie civile se constitue et est entendue en ses demandes.",
    "Le ministère public est entendu en ses réquisitions.",
    "L'avocat du prévenu est entendu en sa plaidoirie.",
    "Le prévenu a eu la parole en dernier.",
];

#[cfg(feature = "hydrate")]
mod local {
    use gloo_storage::{LocalStorage, Storage};

    pub fn get(key: &str) -> Option<String> {
        LocalStorage::get(key).ok()
    }

    pub fn set(key: &str, value: &str) {
        let _ = LocalStorage::set(key, value);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NoteState {
    Idle,
    Saving,
    Saved,
    /// Kept on this device only (offline or server error).
    Local,
    Conflict,
}

/// The note d'audience: versioned on the server, saved ~1 s after the last keystroke, and kept
/// in the browser at every keystroke until the server has it.
#[component]
fn Note(affaire_id: String, editable: bool) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let history = {
        let id = affaire_id.clone();
        Resource::new(move || reload.get(), move |_| note_history(id.clone()))
    };
    let text = RwSignal::new(String::new());
    let base = RwSignal::new(None::<i64>);
    let state = RwSignal::new(NoteState::Idle);
    let phrases = RwSignal::new(DEFAULT_PHRASES.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let key = format!("greffe.note.{affaire_id}");
    let _ = &key;
    // First load: server text, unless this browser holds unsaved text.
    Effect::new({
        let key = key.clone();
        move |_| {
            if base.get_untracked().is_some() {
                return;
            }
            if let Some(Ok(h)) = history.get() {
                let latest = h
                    .first()
                    .map(|n| (n.version, n.texte.clone()))
                    .unwrap_or((0, String::new()));
                base.set(Some(latest.0));
                text.set(latest.1.clone());
                // A draft this browser kept (sealed) and the server never got wins, unless
                // something was typed meanwhile.
                #[cfg(feature = "hydrate")]
                leptos::task::spawn_local({
                    let key = key.clone();
                    let server = latest.1.clone();
                    async move {
                        if let Some(local) = crate::ui::offline::draft(&key).await.filter(|l| *l != server)
                            && text.get_untracked() == server
                        {
                            text.set(local);
                            state.set(NoteState::Local);
                        }
                    }
                });
                #[cfg(feature = "hydrate")]
                if let Some(saved) = local::get("greffe.phrases")
                    .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
                    .filter(|v| !v.is_empty())
                {
                    phrases.set(saved);
                }
                let _ = &key;
            }
        }
    });
    let save = {
        let id = affaire_id.clone();
        Action::new(move |(b, t): &(i64, String)| save_note(id.clone(), *b, t.clone()))
    };
    let last_sent = StoredValue::new(String::new());
    let failure = RwSignal::new(None::<String>);
    Effect::new({
        let key = key.clone();
        move |_| {
            if let Some(r) = save.value().get() {
                match r {
                    Ok(v) => {
                        failure.set(None);
                        base.set(Some(v));
                        // Saved only when nothing was typed since this save was sent.
                        if last_sent.get_value() == text.get_untracked() {
                            state.set(NoteState::Saved);
                            crate::ui::offline::drop_draft(&key);
                        }
                        reload.update(|n| *n += 1);
                    }
                    Err(AppError::Conflict(_)) => {
                        state.set(NoteState::Conflict);
                        reload.update(|n| *n += 1);
                    }
                    // A full browser storage says so; any other failure keeps the text here.
                    Err(e @ AppError::Validation { .. }) => {
                        failure.set(Some(e.to_string()));
                        state.set(NoteState::Local);
                    }
                    Err(_) => state.set(NoteState::Local),
                }
                let _ = &key;
            }
        }
    });
    let pending_save = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let schedule = move || {
        if let Some(h) = pending_save.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if state.get_untracked() == NoteState::Conflict {
                    return;
                }
                if let Some(b) = base.get_untracked() {
                    state.set(NoteState::Saving);
                    last_sent.set_value(text.get_untracked());
                    save.dispatch((b, text.get_untracked()));
                }
            },
            std::time::Duration::from_millis(800),
        )
        .ok();
        pending_save.set_value(handle);
    };
    let on_input = {
        let key = key.clone();
        move |value: String| {
            crate::ui::offline::keep_draft(key.clone(), value.clone());
            let _ = &key;
            text.set(value);
            if state.get_untracked() != NoteState::Conflict {
                state.set(NoteState::Local);
            }
            schedule();
        }
    };
    let insert_phrase = {
        let on_input = on_input.clone();
        move |i: usize| {
            let Some(p) = phrases.get_untracked().get(i).cloned() else {
                return;
            };
            let mut t = text.get_untracked();
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t.push_str(&p);
            t.push('\n');
            on_input(t);
        }
    };
    let keydown = {
        let insert_phrase = insert_phrase.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.alt_key()
                && !ev.ctrl_key()
                && let Some(d) = ev.key().chars().next().and_then(|c| c.to_digit(10))
                && (1..=9).contains(&d)
            {
                ev.prevent_default();
                insert_phrase(d as usize - 1);
            }
        }
    };
    let keep_mine = move |_| {
        let latest = history
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|h| h.first().map(|n| n.version))
            .unwrap_or(0);
        base.set(Some(latest));
        state.set(NoteState::Saving);
        last_sent.set_value(text.get_untracked());
        save.dispatch((latest, text.get_untracked()));
    };
    let offline = crate::ui::offline::use_offline();
    let status = move || match state.get() {
        NoteState::Idle => "".to_owned(),
        NoteState::Saving => "Enregistrement…".to_owned(),
        NoteState::Saved if offline.pending.get() > 0 => format!(
            "Enregistrée sur cet appareil (version {}), envoi au serveur dès que possible",
            base.get().unwrap_or(0)
        ),
        NoteState::Saved => format!("Enregistrée (version {})", base.get().unwrap_or(0)),
        NoteState::Local => failure
            .get()
            .unwrap_or_else(|| "Conservée sur ce poste, en attente d'enregistrement".to_owned()),
        NoteState::Conflict => "Conflit : une autre version a été enregistrée".to_owned(),
    };
    let phrases_text = RwSignal::new(String::new());
    view! {
        <h2>"Note d'audience"</h2>
        {editable
            .then(|| {
                let insert_phrase = insert_phrase.clone();
                let on_input = on_input.clone();
                view! {
                    <div class="fr-input-group">
                        <label class="fr-label" for="note-audience">
                            "Note d'audience (art. 453 CPP)"
                            <span class="fr-hint-text">
                                "Enregistrement automatique. Phrases rapides : Alt+1 à Alt+9 dans le texte, ou les boutons ci-dessous."
                            </span>
                        </label>
                        <textarea
                            class="fr-input"
                            id="note-audience"
                            rows="10"
                            aria-describedby="note-etat"
                            prop:value=move || text.get()
                            on:input=move |ev| on_input(event_target_value(&ev))
                            on:keydown=keydown
                        ></textarea>
                        <p id="note-etat" class="fr-hint-text" role="status">{status}</p>
                    </div>
                    <ul class="fr-btns-group fr-btns-group--inline-sm">
                        {move || {
                            let insert_phrase = insert_phrase.clone();
                            phrases
                                .get()
                                .into_iter()
                                .take(9)
                                .enumerate()
                                .map(move |(i, p)| {
                                    let insert_phrase = insert_phrase.clone();
                                    view! {
                                        <li>
                                            <button
                                                class="fr-btn fr-btn--sm fr-btn--tertiary"
                                                type="button"
                                                title=p.clone()
                                                on:click=move |_| insert_phrase(i)
                                            >
                                                {format!("Alt+{} : {}", i + 1, p.chars().take(28).collect::<String>())}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                    <details class="fr-mb-3w">
                        <summary>"Modifier mes phrases rapides"</summary>
                        <div class="fr-input-group">
                            <label class="fr-label" for="phrases-rapides">"Une phrase par ligne (neuf au plus)"</label>
                            <textarea
                                class="fr-input"
                                id="phrases-rapides"
                                rows="6"
                                prop:value=move || phrases.get().join("\n")
                                on:input=move |ev| phrases_text.set(event_target_value(&ev))
                            ></textarea>
                        </div>
                        <button
                            class="fr-btn fr-btn--sm fr-btn--secondary"
                            type="button"
                            on:click=move |_| {
                                let list: Vec<String> = phrases_text
                                    .get_untracked()
                                    .lines()
                                    .map(|l| l.trim().to_owned())
                                    .filter(|l| !l.is_empty())
                                    .take(9)
                                    .collect();
                                if !list.is_empty() {
                                    #[cfg(feature = "hydrate")]
                                    local::set("greffe.phrases", &serde_json::to_string(&list).unwrap_or_default());
                                    phrases.set(list);
                                }
                            }
                        >
                            "Enregistrer mes phrases"
                        </button>
                    </details>
                    {move || {
                        (state.get() == NoteState::Conflict)
                            .then(|| {
                                view! {
                                    <div class="fr-callout fr-mb-3w">
                                        <h3 class="fr-callout__title">"Deux versions de la note"</h3>
                                        <p class="fr-callout__text">"Version enregistrée par ailleurs :"</p>
                                        <pre class="greffe-note">
                                            {history.get().and_then(Result::ok).and_then(|h| h.first().map(|n| n.texte.clone())).unwrap_or_default()}
                                        </pre>
                                        <p>"Votre texte est conservé dans la zone de saisie."</p>
                                        <button class="fr-btn fr-btn--sm" type="button" on:click=keep_mine>
                                            "Enregistrer mon texte comme nouvelle version"
                                        </button>
                                    </div>
                                }
                            })
                    }}
                }
            })}
        <Transition>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(h) if h.is_empty() => view! { <p>"Aucune version enregistrée."</p> }.into_any(),
                    Ok(h) => {
                        let latest = h[0].clone();
                        view! {
                            {(!editable).then(|| view! { <pre class="greffe-note">{latest.texte.clone()}</pre> })}
                            <details>
                                <summary>{format!("Historique : {} version(s)", h.len())}</summary>
                                <ul>
                                    {h
                                        .into_iter()
                                        .map(|n| view! { <li>{format!("Version {} — {} — {}", n.version, n.auteur, n.ecrite_le)}</li> })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A fresh client-side id (UUID v4) for a record created in the browser.
fn client_id() -> String {
    #[cfg(feature = "hydrate")]
    if let Ok(c) = window().crypto() {
        return c.random_uuid();
    }
    String::new()
}

/// Presence buttons of one prévenu when the case is called.
#[component]
fn Presence(affaire_id: String, prevenu_id: String, live: Live) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let set = {
        let affaire_id = affaire_id.clone();
        let prevenu_id = prevenu_id.clone();
        Action::new(move |(version, p): &(i64, &'static str)| {
            set_presence(affaire_id.clone(), *version, prevenu_id.clone(), (*p).to_owned())
        })
    };
    Effect::new(move |_| {
        if let Some(r) = set.value().get() {
            error.set(r.err());
            live.refresh();
        }
    });
    let current = {
        let pid = prevenu_id.clone();
        move || {
            live.current
                .get()
                .and_then(Result::ok)
                .and_then(|a| a.prevenus.into_iter().find(|p| p.id == pid))
                .map(|p| p.presence)
                .unwrap_or_default()
        }
    };
    let current_s = current.clone();
    view! {
        <div class="fr-mb-3w" role="group" aria-label="Présence à l'audience">
            <p class="fr-mb-1v" aria-live="polite">{move || format!("Présence : {}", presence_label(&current_s()))}</p>
            <ul class="fr-btns-group fr-btns-group--inline-sm">
                {PRESENCES
                    .iter()
                    .map(|(code, label)| {
                        let code: &'static str = code;
                        let current = current.clone();
                        view! {
                            <li>
                                <button
                                    class="fr-btn fr-btn--sm fr-btn--secondary"
                                    type="button"
                                    aria-pressed=move || (current() == code).to_string()
                                    on:click=move |_| {
                                        if let Some(v) = live.version() {
                                            set.dispatch((v, code));
                                        }
                                    }
                                >
                                    {*label}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
        </div>
    }
}

/// Forms that change the affaire's people: prévenus (with their infractions), parties
/// civiles, and its audience.
#[component]
fn PrepareParties(a: AffaireDetail, live: Live) -> impl IntoView {
    view! {
        <h3>"Prévenus"</h3>
        {a.prevenus
            .iter()
            .cloned()
            .map(|p| {
                let title = format!("Modifier {} {}", p.nom, p.prenom);
                let pid = p.id.clone();
                view! {
                    <details class="fr-mb-2w">
                        <summary>{title}</summary>
                        <PrevenuEditor affaire_id=a.id.clone() initial=Some(p) live />
                        <InfractionAdder affaire_id=a.id.clone() prevenu_id=pid live />
                    </details>
                }
            })
            .collect_view()}
        <details class="fr-mb-2w">
            <summary>"Ajouter un prévenu"</summary>
            <PrevenuEditor affaire_id=a.id.clone() initial=None live />
        </details>
        <PartiesEditor a=a.clone() live />
        {(a.etat == EtatAffaire::AJuger).then(|| view! { <Transfer affaire_id=a.id.clone() audience_id=a.audience_id.clone() live /> })}
    }
}

#[component]
fn PrevenuEditor(affaire_id: String, initial: Option<PrevenuView>, live: Live) -> impl IntoView {
    let creating = initial.is_none();
    let p = initial.unwrap_or_else(|| PrevenuView {
        id: String::new(),
        nom: String::new(),
        prenom: String::new(),
        date_naissance: None,
        statut: "libre".into(),
        mode_poursuite: "COPJ".into(),
        mode_comparution: String::new(),
        interprete: String::new(),
        avocat: String::new(),
        presence: String::new(),
        infractions: vec![],
        decision: None,
    });
    let key = if creating { "nouveau".to_owned() } else { p.id.clone() };
    let id = StoredValue::new(p.id.clone());
    let nom = RwSignal::new(p.nom);
    let prenom = RwSignal::new(p.prenom);
    let ddn = RwSignal::new(p.date_naissance.unwrap_or_default());
    let statut = RwSignal::new(p.statut);
    let poursuite = RwSignal::new(p.mode_poursuite);
    let comparution = RwSignal::new(p.mode_comparution);
    let interprete = RwSignal::new(p.interprete);
    let avocat = RwSignal::new(p.avocat);
    let error = RwSignal::new(None::<AppError>);
    let save = Action::new(move |(version, input): &(i64, PrevenuInput)| {
        save_prevenu(affaire_id.clone(), *version, input.clone())
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(()) => live.restructure(),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if id.get_value().is_empty() {
            id.set_value(client_id());
        }
        let input = PrevenuInput {
            id: id.get_value(),
            nom: nom.get_untracked(),
            prenom: prenom.get_untracked(),
            date_naissance: ddn.get_untracked(),
            statut: statut.get_untracked(),
            mode_poursuite: poursuite.get_untracked(),
            mode_comparution: comparution.get_untracked(),
            interprete: interprete.get_untracked(),
            avocat: avocat.get_untracked(),
        };
        if let Some(v) = live.version() {
            error.set(None);
            save.dispatch((v, input));
        }
    };
    let field = move |suffix: &str, label: &'static str, kind: &'static str, value: RwSignal<String>| {
        let fid = format!("prevenu-{key}-{suffix}");
        view! {
            <div class="fr-input-group">
                <label class="fr-label" for=fid.clone()>{label}</label>
                <input
                    class="fr-input"
                    id=fid
                    type=kind
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };
    let key2 = if creating { "nouveau".to_owned() } else { id.get_value() };
    view! {
        <form on:submit=submit class="fr-mb-3w">
            {field("nom", "Nom", "text", nom)}
            {field("prenom", "Prénom", "text", prenom)}
            {field("naissance", "Date de naissance", "date", ddn)}
            <div class="fr-select-group">
                <label class="fr-label" for=format!("prevenu-{key2}-statut")>"Statut"</label>
                <select class="fr-select" id=format!("prevenu-{key2}-statut") on:change=move |ev| statut.set(event_target_value(&ev))>
                    {STATUTS
                        .iter()
                        .map(|(c, l)| view! { <option value=*c selected=move || statut.get() == *c>{*l}</option> })
                        .collect_view()}
                </select>
            </div>
            {field("poursuite", "Mode de poursuite (code)", "text", poursuite)}
            {field("comparution", "Mode de comparution (code)", "text", comparution)}
            {field("interprete", "Interprète (langue)", "text", interprete)}
            {field("avocat", "Avocat", "text", avocat)}
            {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
            <button class="fr-btn fr-btn--sm" type="submit" disabled=move || save.pending().get()>
                {if creating { "Ajouter le prévenu" } else { "Enregistrer le prévenu" }}
            </button>
        </form>
    }
}

/// Adds an infraction: NATINF code picked by search, or a free qualification.
#[component]
fn InfractionAdder(affaire_id: String, prevenu_id: String, live: Live) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let qualification = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let found = Resource::new(move || query.get(), search_natinf);
    let list_id = format!("natinf-{prevenu_id}");
    let save = {
        let prevenu_id = prevenu_id.clone();
        Action::new(move |(version, code, qual): &(i64, Option<String>, String)| {
            save_infraction(
                affaire_id.clone(),
                *version,
                prevenu_id.clone(),
                client_id(),
                code.clone(),
                qual.clone(),
            )
        })
    };
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(()) => live.restructure(),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // "11886 — Qualification" (picked) or a bare code.
        let q = query.get_untracked();
        let code = q
            .split(" — ")
            .next()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        if let Some(v) = live.version() {
            error.set(None);
            save.dispatch((v, code, qualification.get_untracked()));
        }
    };
    view! {
        <form on:submit=submit class="fr-mb-3w">
            <h4 class="fr-h6">"Ajouter une infraction"</h4>
            <div class="fr-input-group">
                <label class="fr-label" for=format!("{list_id}-code")>
                    "Code NATINF"
                    <span class="fr-hint-text">"Tapez un code ou des mots de la qualification, puis choisissez dans la liste"</span>
                </label>
                <input
                    class="fr-input"
                    id=format!("{list_id}-code")
                    list=list_id.clone()
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <datalist id=list_id.clone()>
                    <Transition>
                        {move || Suspend::new(async move {
                            found
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(c, q)| view! { <option value=format!("{c} — {q}")></option> })
                                .collect_view()
                        })}
                    </Transition>
                </datalist>
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for=format!("{list_id}-qual")>
                    "Qualification"
                    <span class="fr-hint-text">"Obligatoire si le code est inconnu ; sinon celle du référentiel"</span>
                </label>
                <input
                    class="fr-input"
                    id=format!("{list_id}-qual")
                    prop:value=move || qualification.get()
                    on:input=move |ev| qualification.set(event_target_value(&ev))
                />
            </div>
            {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">"Ajouter l'infraction"</button>
        </form>
    }
}

#[component]
fn PartiesEditor(a: AffaireDetail, live: Live) -> impl IntoView {
    let nom = RwSignal::new(String::new());
    let avocat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let affaire_id = a.id.clone();
    let save = Action::new(move |(version, id, n, av): &(i64, String, String, String)| {
        save_partie_civile(affaire_id.clone(), *version, id.clone(), n.clone(), av.clone())
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(()) => live.restructure(),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(v) = live.version() {
            save.dispatch((v, client_id(), nom.get_untracked(), avocat.get_untracked()));
        }
    };
    view! {
        <h3>"Parties civiles"</h3>
        <ul>
            {a.parties_civiles
                .into_iter()
                .map(|pc| {
                    let label = format!("Retirer la partie civile {}", pc.nom);
                    view! {
                        <li>
                            {pc.nom.clone()}
                            " "
                            <button
                                class="fr-btn fr-btn--sm fr-btn--tertiary-no-outline"
                                type="button"
                                on:click=move |_| {
                                    if let Some(v) = live.version() {
                                        save.dispatch((v, pc.id.clone(), String::new(), String::new()));
                                    }
                                }
                            >
                                {label}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <form on:submit=submit class="fr-mb-3w">
            <div class="fr-input-group">
                <label class="fr-label" for="pc-nom">"Nom de la partie civile"</label>
                <input class="fr-input" id="pc-nom" prop:value=move || nom.get() on:input=move |ev| nom.set(event_target_value(&ev)) />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="pc-avocat">"Son avocat"</label>
                <input class="fr-input" id="pc-avocat" prop:value=move || avocat.get() on:input=move |ev| avocat.set(event_target_value(&ev)) />
            </div>
            {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">"Ajouter la partie civile"</button>
        </form>
    }
}

/// Moves the affaire to another upcoming audience of the juridiction.
#[component]
fn Transfer(affaire_id: String, audience_id: String, live: Live) -> impl IntoView {
    let audiences = Resource::new(|| (), |_| list_audiences(None, None));
    let target = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let save =
        Action::new(move |(version, t): &(i64, String)| transfer_affaire(affaire_id.clone(), *version, t.clone()));
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(()) => {
                    done.set(true);
                    live.restructure();
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = target.get_untracked();
        if t.is_empty() {
            return error.set(Some(AppError::validation(
                "audience",
                "Choisissez l'audience de destination.",
            )));
        }
        if let Some(v) = live.version() {
            save.dispatch((v, t));
        }
    };
    view! {
        <h3>"Changer d'audience"</h3>
        <form on:submit=submit class="fr-mb-6w">
            <div class="fr-select-group">
                <label class="fr-label" for="transfert-audience">"Audience de destination"</label>
                <select class="fr-select" id="transfert-audience" on:change=move |ev| target.set(event_target_value(&ev))>
                    <option value="">"Choisir une audience"</option>
                    <Transition>
                        {move || {
                            let audience_id = audience_id.clone();
                            Suspend::new(async move {
                                audiences
                                    .await
                                    .unwrap_or_default()
                                    .into_iter()
                                    .filter(|x| x.id != audience_id)
                                    .map(|x| {
                                        view! {
                                            <option value=x.id.clone()>
                                                {format!("{} {} — {}", french_date(&x.date), x.heure_debut, x.chambre)}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </Transition>
                </select>
            </div>
            {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
            {move || done.get().then(|| view! { <SuccessAlert message="Affaire déplacée.".to_owned() /> })}
            <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">"Déplacer l'affaire"</button>
        </form>
    }
}
