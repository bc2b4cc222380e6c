//! The DSFR table frame.

use leptos::prelude::*;

/// A DSFR table with a caption (kept for screen readers when `hide_caption`).
#[component]
pub fn DataTable(caption: String, #[prop(optional)] hide_caption: bool, children: Children) -> impl IntoView {
    view! {
        <div class="fr-table" class:fr-table--no-caption=hide_caption>
            <div class="fr-table__wrapper">
                <div class="fr-table__container">
                    <div class="fr-table__content">
                        <table>
                            <caption>{caption}</caption>
                            {children()}
                        </table>
                    </div>
                </div>
            </div>
        </div>
    }
}
