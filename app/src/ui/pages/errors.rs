//! Error pages: not found (404) and access denied (403).

use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for unknown addresses; answers with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page introuvable" />
        <h1>"Page introuvable"</h1>
        <p class="fr-text--lead">"La page que vous cherchez n'existe pas ou a été déplacée."</p>
        <p>"Si vous avez saisi l'adresse, vérifiez-la ; sinon, repartez de l'accueil."</p>
        <a class="fr-btn" href="/">"Retour à l'accueil"</a>
    }
}

/// Shown when the user lacks the role for a page; answers with HTTP 403.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <Title text="Accès refusé" />
        <h1>"Accès refusé"</h1>
        <p class="fr-text--lead">"Votre rôle ne donne pas accès à cette page."</p>
        <a class="fr-btn" href="/">"Retour à l'accueil"</a>
    }
}
