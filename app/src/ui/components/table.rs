//! The DSFR table frame.

use leptos::prelude::*;

/// A DSFR table with a caption (kept for screen readers when `hide_caption`). A `wide` table
/// may scroll sideways: its scrolling container is then a named, focusable region so that the
/// keyboard can scroll it.
#[component]
pub fn DataTable(
    caption: String,
    #[prop(optional)] hide_caption: bool,
    #[prop(optional)] wide: bool,
    children: Children,
) -> impl IntoView {
    let region = wide.then(|| caption.clone());
    view! {
        <div class="fr-table" class:fr-table--no-caption=hide_caption>
            <div class="fr-table__wrapper">
                <div
                    class="fr-table__container"
                    tabindex=wide.then_some("0")
                    role=wide.then_some("region")
                    aria-label=region
                >
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
