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
