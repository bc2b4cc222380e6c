//! DSFR alerts for errors and confirmations.

use crate::error::AppError;
use leptos::prelude::*;

/// An error alert announced to screen readers. Rendered by the server, it is a record that
/// failed to load, and the page answers with the error's status (404 for a record of another
/// juridiction, as its server function does).
#[component]
pub fn ErrorAlert(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status()),
    ) {
        res.set_status(status);
    }
    view! {
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
            <p>{error.to_string()}</p>
        </div>
    }
}

/// The alert above a form whose last submission was refused on a field (`error`: field and
/// French message), while the fields keep what was typed.
#[component]
pub fn FormErrorAlert(error: RwSignal<Option<(String, String)>>) -> impl IntoView {
    move || {
        error.get().map(|(_, m)| {
            view! {
                <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                    <p>{format!("Le formulaire contient une erreur : {m}")}</p>
                </div>
            }
        })
    }
}

/// A success alert announced politely.
#[component]
pub fn SuccessAlert(message: String) -> impl IntoView {
    view! {
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
            <p>{message}</p>
        </div>
    }
}

/// In place of a page whose code could not be fetched (the network is down and this browser
/// never kept that part of Greffe): says so, and tries again on request. Once the code is
/// here the page is loaded afresh.
#[component]
pub fn RoomMissing<F, Fut>(retry: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = bool> + 'static,
{
    let still = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let again = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let loaded = retry().await;
            busy.set(false);
            if loaded {
                let _ = window().location().reload();
            } else {
                still.set(true);
            }
        });
    };
    view! {
        <leptos_meta::Title text="Page indisponible" />
        <h1>"Page indisponible"</h1>
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <h2 class="fr-alert__title">"Cette page n'a pas pu être chargée"</h2>
            <p>
                "Le serveur est injoignable et cette partie de Greffe n'est pas encore gardée dans ce navigateur. "
                "Les pages déjà ouvertes restent utilisables ; réessayez quand le réseau sera revenu."
            </p>
        </div>
        <p role="status">{move || still.get().then_some("Le serveur est toujours injoignable.")}</p>
        <button class="fr-btn" type="button" on:click=again disabled=busy>"Réessayer"</button>
    }
}
