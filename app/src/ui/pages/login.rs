//! The login page; the form works without JavaScript too.

use crate::ui::components::alert::ErrorAlert;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// E-mail and password form, with a "show password" toggle.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let next = move || query.read().get("suivant").unwrap_or_else(|| "/".to_owned());
    let (show, set_show) = signal(false);
    let error = move || session.login.value().get().and_then(Result::err);
    view! {
        <Title text="Connexion" />
        <div class="fr-grid-row fr-grid-row--center">
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
                <h1>"Connexion à Greffe"</h1>
                {move || error().map(|e| view! { <ErrorAlert error=e /> })}
                <ActionForm action=session.login>
                    <fieldset class="fr-fieldset" aria-labelledby="login-legend">
                        <legend class="fr-fieldset__legend" id="login-legend">
                            "Identifiez-vous avec votre compte professionnel"
                        </legend>
                        <div class="fr-fieldset__element">
                            <div class="fr-input-group">
                                <label class="fr-label" for="email">
                                    "Adresse électronique"
                                    <span class="fr-hint-text">"Format attendu : prenom.nom@justice.fr"</span>
                                </label>
                                <input class="fr-input" id="email" name="email" type="email" autocomplete="username" required />
                            </div>
                        </div>
                        <div class="fr-fieldset__element">
                            <div class="fr-password">
                                <label class="fr-label" for="password">"Mot de passe"</label>
                                <div class="fr-input-wrap">
                                    <input
                                        class="fr-password__input fr-input"
                                        id="password"
                                        name="password"
                                        type=move || if show.get() { "text" } else { "password" }
                                        autocomplete="current-password"
                                        required
                                    />
                                </div>
                                <div class="fr-password__checkbox fr-checkbox-group fr-checkbox-group--sm">
                                    <input
                                        id="password-show"
                                        type="checkbox"
                                        aria-controls="password"
                                        on:change=move |ev| set_show.set(event_target_checked(&ev))
                                    />
                                    <label class="fr-password__checkbox fr-label" for="password-show">
                                        "Afficher le mot de passe"
                                    </label>
                                </div>
                            </div>
                        </div>
                        <input type="hidden" name="suivant" value=next />
                        <div class="fr-fieldset__element">
                            <button class="fr-btn" type="submit">"Se connecter"</button>
                        </div>
                    </fieldset>
                </ActionForm>
            </div>
        </div>
    }
}
