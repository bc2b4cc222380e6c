//! The progress bar of a rôle.

use crate::domain::hearing::Progress;
use leptos::prelude::*;

/// The progress of a rôle: judged, adjourned, remaining, and how many are ready.
#[component]
pub fn RoleProgress(progress: Progress, pretes: usize) -> impl IntoView {
    let done = progress.percent_done();
    view! {
        <div class="greffe-progress" role="status" aria-live="polite">
            <p class="fr-mb-1v">
                <strong>{format!("Avancement : {done} %")}</strong>
                {format!(
                    " — {} jugée(s), {} renvoyée(s), {} restante(s) sur {} ; {} prête(s) sur {}",
                    progress.jugees,
                    progress.renvoyees,
                    progress.restantes,
                    progress.total(),
                    pretes,
                    progress.total(),
                )}
            </p>
            <progress max="100" value=done aria-label="Avancement de l'audience">
                {format!("{done} %")}
            </progress>
        </div>
    }
}
