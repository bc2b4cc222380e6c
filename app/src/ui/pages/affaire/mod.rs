//! One affaire: preparation, prévenus and infractions, decision entry, renvoi, and the note
//! d'audience with autosave. Forms keep what was typed across saves and conflicts: the page
//! structure loads once, and a second, refreshed copy of the affaire carries its version and
//! shows what others saved.
//!
//! One room per part of the page: preparation (`preparation`), the decision form
//! (`decision`), the renvoi form (`renvoi`), the note d'audience (`note`).

mod decision;
mod note;
mod preparation;
mod renvoi;

use crate::api::hearings::set_presence;
use crate::domain::account::CurrentUser;
use crate::domain::decision::Decision;
use crate::domain::hearing::{AffaireDetail, EtatAffaire, PRESENCES, PrevenuView, presence_label};
use crate::domain::import::statut_label;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::ui::components::alert::ErrorAlert;
use crate::ui::components::hydration::AfterHydration;
use crate::ui::components::keyed::Keyed;
use crate::ui::format::french_date;
use crate::ui::offline::{affaire_neighbours, open_affaire};
use crate::ui::pages::guard::RequireRole;
use decision::DecisionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use note::Note;
use preparation::{Preparation, PrepareParties};
use renvoi::RenvoiForm;

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
    /// The affaire as the page was rendered with (server and browser alike).
    initial: Resource<Result<AffaireDetail, AppError>>,
    /// The affaire as last reloaded in the browser, after a change or a synchronisation;
    /// `None` until then. Never read during hydration, so the browser renders exactly what
    /// the server sent whatever the offline engine does meanwhile.
    current: RwSignal<Option<Result<AffaireDetail, AppError>>>,
    reload: RwSignal<u32>,
    /// Bumped when prévenus, infractions or parties change: the page is rebuilt.
    structure: RwSignal<u32>,
    /// The decision forms' drafts by prévenu and structure, owned by the page (`owner`), not
    /// by the part that re-renders.
    drafts: StoredValue<Vec<((String, u32), decision::DecisionDraft)>>,
    owner: StoredValue<Owner>,
    affaire_id: StoredValue<String>,
}

impl Live {
    fn refresh(&self) {
        self.reload.update(|n| *n += 1);
    }

    fn restructure(&self) {
        self.refresh();
        self.structure.update(|n| *n += 1);
    }

    /// The draft of prévenu `p`'s decision form: kept across re-renders, started afresh
    /// when the affaire's structure changes.
    fn draft(&self, p: &PrevenuView) -> decision::DecisionDraft {
        let key = (p.id.clone(), self.structure.get_untracked());
        if let Some(d) = self
            .drafts
            .with_value(|v| v.iter().find(|(k, _)| *k == key).map(|(_, d)| *d))
        {
            return d;
        }
        let owner = self.owner.get_value();
        let d = self
            .affaire_id
            .with_value(|id| decision::DecisionDraft::new(&owner, id, p, *self));
        self.drafts.update_value(|v| v.push((key, d)));
        d
    }

    /// The version to write on top of, once loaded.
    fn version(&self) -> Option<i64> {
        let latest = |r: Option<Result<AffaireDetail, AppError>>| r.and_then(Result::ok).map(|a| a.version);
        latest(self.current.get_untracked()).or_else(|| latest(self.initial.get_untracked()))
    }
}

/// Rebuilds the page when the route's id changes (previous / next affaire).
#[component]
fn Keyed() -> impl IntoView {
    let params = use_params_map();
    let keyed = Keyed::new();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let (structure, initial) = keyed.get(id.clone(), |id| {
            let id = id.clone();
            let structure = RwSignal::new(0u32);
            let initial = Resource::new(move || structure.get(), move |_| open_affaire(id.clone()));
            (structure, initial)
        });
        view! { <AffaireView id structure initial /> }
    }
}

#[component]
fn AffaireView(
    id: String,
    structure: RwSignal<u32>,
    initial: Resource<Result<AffaireDetail, AppError>>,
) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    // Also refreshed when a synchronisation changed the browser's copy under the page.
    let synced = crate::ui::offline::use_offline().revision;
    let current = RwSignal::new(None);
    let latest = StoredValue::new(0u64);
    // Effects run in the browser only, after hydration: the first run just subscribes.
    Effect::new({
        let id = id.clone();
        move |subscribed: Option<()>| {
            let _ = (reload.get(), synced.get());
            if subscribed.is_none() {
                return;
            }
            let n = latest.get_value() + 1;
            latest.set_value(n);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let fresh = open_affaire(id).await;
                // An older reload that answers late does not overwrite a newer one.
                if latest.get_value() == n {
                    current.set(Some(fresh));
                }
            });
        }
    });
    let live = Live {
        initial,
        current,
        reload,
        structure,
        drafts: StoredValue::new(Vec::new()),
        owner: StoredValue::new(Owner::current().expect("the affaire page has an owner")),
        affaire_id: StoredValue::new(id.clone()),
    };
    view! {
        <Transition fallback=|| view! { <p>"Chargement de l'affaire…"</p> }>
            {move || Suspend::new(async move {
                match initial.await {
                    // The server answers 404 or 403 for an affaire it cannot show; the body
                    // itself is rendered by the browser (see AfterHydration).
                    Ok(a) => {
                        view! {
                            <AfterHydration>
                                <AffaireBody a=a.clone() live />
                            </AfterHydration>
                        }
                            .into_any()
                    }
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
                        .map(|p| view! { <DecisionForm p live /> })
                        .collect_view()}
                }
            })}
        {(record && a.etat == EtatAffaire::AJuger)
            .then(|| view! { <RenvoiForm affaire_id=a.id.clone() audience_date=a.audience_date.clone() live /> })}
        <AffaireDocuments a=a.clone() live />
        {(organise && a.origine.is_some())
            .then(|| {
                view! {
                    <crate::ui::pages::dispatch::DispatchSection
                        objet=a.id.clone()
                        natures=Signal::stored(vec![crate::domain::dispatch::Nature::Convocation])
                    />
                }
            })}
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
            links.push(("jugement", format!("id={id}"), "Jugement".to_owned()));
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
            if p.decision
                .as_ref()
                .is_some_and(crate::domain::document::recorded_at_the_casier)
            {
                links.push((
                    "fiche-casier",
                    format!("id={id}&prevenu={}", q(&p.id)),
                    format!("Fiche pour le casier judiciaire — {name}"),
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
    let voisins = Resource::new(
        move || live.reload.get(),
        move |_| affaire_neighbours(audience_id.clone(), id.clone()),
    );
    view! {
        <Transition>
            {move || {
                Suspend::new(async move {
                    let Ok(v) = voisins.await else { return ().into_any() };
                    view! {
                        <crate::ui::components::progress::RoleProgress progress=v.progress pretes=v.pretes />
                        <nav class="fr-mb-3w fr-mt-2w" aria-label="Affaires du rôle">
                            <ul class="fr-btns-group fr-btns-group--inline-sm">
                                {v
                                    .precedente
                                    .map(|(id, numero)| {
                                        view! {
                                            <li>
                                                <A href=format!("/affaires/{id}") attr:class="fr-btn fr-btn--secondary fr-btn--sm">
                                                    {format!("Affaire précédente ({numero})")}
                                                </A>
                                            </li>
                                        }
                                    })}
                                {v
                                    .suivante
                                    .map(|(id, numero)| {
                                        view! {
                                            <li>
                                                <A href=format!("/affaires/{id}") attr:class="fr-btn fr-btn--sm">
                                                    {format!("Affaire suivante ({numero})")}
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
                        .map(|d| view! { <p><strong>"Décision : "</strong> {Decision::summary(d)}</p> })}
                </div>
            </div>
        </div>
    }
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
