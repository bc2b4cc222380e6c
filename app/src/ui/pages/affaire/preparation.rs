//! Preparing an affaire: the checklist and scellés, prévenus and their infractions, parties
//! civiles, moving it to another audience.

use super::Live;
use super::note::client_id;
use crate::api::hearings::{
    list_audiences, prepare_affaire, save_infraction, save_partie_civile, save_prevenu, search_natinf, transfer_affaire,
};
use crate::domain::hearing::{
    AffaireDetail, CHECKLIST_ITEMS, Checklist, EtatAffaire, PrevenuInput, PrevenuView, checklist_label,
};
use crate::domain::import::STATUTS;
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::format::french_date;
use leptos::prelude::*;

#[component]
pub(super) fn Preparation(a: AffaireDetail, live: Live) -> impl IntoView {
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

/// Forms that change the affaire's people: prévenus (with their infractions), parties
/// civiles, and its audience.
#[component]
pub(super) fn PrepareParties(a: AffaireDetail, live: Live) -> impl IntoView {
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
