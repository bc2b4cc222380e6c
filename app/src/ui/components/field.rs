//! A DSFR text input with its label, hint and error message.

use leptos::prelude::*;

/// One DSFR text field bound to `value`; shows the form's error when it names this field.
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] list: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let mine = move || error.get().filter(|(f, _)| f == id).map(|(_, m)| m);
    let describedby = format!("{id}-erreur");
    view! {
        <div class="fr-input-group" class:fr-input-group--error=move || mine().is_some()>
            <label class="fr-label" for=id>
                {label}
                {(!hint.is_empty()).then(|| view! { <span class="fr-hint-text">{hint}</span> })}
            </label>
            <input
                class="fr-input"
                id=id
                name=id
                type=kind
                list=(!list.is_empty()).then_some(list)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-describedby=describedby.clone()
            />
            <p id=describedby class="fr-error-text" class:greffe-hidden=move || mine().is_none()>
                {mine}
            </p>
        </div>
    }
}

/// One DSFR select bound to `value`, with its options as (value, label); shows the form's
/// error when it names this field.
#[component]
pub fn Select(
    id: &'static str,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    error: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let mine = move || error.get().filter(|(f, _)| f == id).map(|(_, m)| m);
    let describedby = format!("{id}-erreur");
    view! {
        <div class="fr-select-group" class:fr-select-group--error=move || mine().is_some()>
            <label class="fr-label" for=id>{label}</label>
            <select
                class="fr-select"
                id=id
                name=id
                aria-describedby=describedby.clone()
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                <option value="" disabled selected=move || value.get().is_empty()>"Choisir"</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p id=describedby class="fr-error-text" class:greffe-hidden=move || mine().is_none()>
                {mine}
            </p>
        </div>
    }
}

/// A select of a GET filter form: not bound to a signal, it follows `current` (the URL).
#[component]
pub fn Choice(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    current: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="fr-select-group greffe-filter">
            <label class="fr-label" for=id>
                {label}
            </label>
            <select class="fr-select" id=id name=id prop:value=move || current.get()>
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = current.get_untracked() == v;
                        view! {
                            <option value=v selected=selected>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
