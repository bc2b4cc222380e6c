//! The decision form of a prévenu: prévention per infraction, sanction, peines, civil
//! interests, nature of the judgment.

use super::Live;
use crate::domain::decision::{
    Decision, InteretsCivils, NatureJugement, Peine, PeineFields, PeineNature, Prevention, PreventionKind, Sanction,
};
use crate::domain::hearing::PrevenuView;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::offline::record_decision;
use leptos::prelude::*;

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

/// A row of civil interests: key, partie civile, dommages-intérêts, art. 475-1.
type IcRow = (u32, RwSignal<String>, RwSignal<String>, RwSignal<String>);

/// What is typed in a prévenu's decision form, and its save. It belongs to the affaire page,
/// above the part that re-renders when the affaire reloads: a reload (another greffier's
/// save, a synchronisation) never loses a click or a keystroke.
#[derive(Clone, Copy)]
pub(super) struct DecisionDraft {
    owner: StoredValue<Owner>,
    rows: StoredValue<Vec<PreventionRow>>,
    sanction: RwSignal<String>,
    next_key: StoredValue<u32>,
    peines: RwSignal<Vec<PeineRow>>,
    mandat: RwSignal<bool>,
    exec: RwSignal<bool>,
    nature: RwSignal<String>,
    civils: RwSignal<Vec<IcRow>>,
    error: RwSignal<Option<AppError>>,
    saved: RwSignal<bool>,
    conflict: RwSignal<bool>,
    save: Action<(i64, Decision), Result<(), AppError>>,
}

impl DecisionDraft {
    /// The form as the recorded decision stands (empty without one), created under `owner`.
    pub(super) fn new(owner: &Owner, affaire_id: &str, p: &PrevenuView, live: Live) -> Self {
        owner.with(|| Self::create(owner.clone(), affaire_id.to_owned(), p, live))
    }

    /// Creates a signal that lives as long as the draft (not as the form's rendering).
    fn keep<T: Send + Sync + 'static>(&self, value: T) -> RwSignal<T> {
        self.owner.with_value(|o| o.with(|| RwSignal::new(value)))
    }

    fn create(owner: Owner, affaire_id: String, p: &PrevenuView, live: Live) -> Self {
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
        let prevenu_id = p.id.clone();
        let save = Action::new(move |(version, d): &(i64, Decision)| {
            record_decision(affaire_id.clone(), *version, prevenu_id.clone(), d.clone())
        });
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
        Self {
            owner: StoredValue::new(owner),
            rows: StoredValue::new(rows),
            sanction,
            next_key,
            peines,
            mandat,
            exec,
            nature,
            civils,
            error,
            saved,
            conflict,
            save,
        }
    }
}

#[component]
pub(super) fn DecisionForm(p: PrevenuView, live: Live) -> impl IntoView {
    let draft = live.draft(&p);
    let DecisionDraft {
        rows: rows_s,
        sanction,
        next_key,
        peines,
        mandat,
        exec,
        nature,
        civils,
        error,
        saved,
        conflict,
        save,
        ..
    } = draft;
    let rows = rows_s.get_value();
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
                n1: draft.keep(String::new()),
                n2: draft.keep(String::new()),
                text: draft.keep(String::new()),
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
                            civils.update(|v| v.push((key, draft.keep(String::new()), draft.keep(String::new()), draft.keep(String::new()))));
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
                                        {current_decision().map(|d| Decision::summary(&d)).unwrap_or_else(|| "Aucune décision enregistrée pour ce prévenu.".into())}
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
