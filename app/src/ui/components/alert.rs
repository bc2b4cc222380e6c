//! DSFR alerts for errors and confirmations.

use crate::error::AppError;
use leptos::prelude::*;

/// An error alert announced to screen readers.
#[component]
pub fn ErrorAlert(error: AppError) -> impl IntoView {
    view! {
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
            <p>{error.to_string()}</p>
        </div>
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
