//! Download links of a generated document, in PDF and ODT.

use leptos::prelude::*;

/// Links to `/documents/{kind}?{query}` as PDF and ODT, labelled `label (PDF)` / `(ODT)`.
/// Plain links (`rel="external"`): the browser downloads, the router stays out.
#[component]
pub fn DocumentLinks(kind: &'static str, query: String, label: String) -> impl IntoView {
    let href = move |format: &str| format!("/documents/{kind}?{query}&format={format}");
    view! {
        <li>
            <a class="fr-link fr-icon-file-pdf-line fr-link--icon-left" href=href("pdf") rel="external" download>
                {format!("{label} (PDF)")}
            </a>
        </li>
        <li>
            <a class="fr-link fr-icon-file-text-line fr-link--icon-left" href=href("odt") rel="external" download>
                {format!("{label} (ODT)")}
            </a>
        </li>
    }
}

/// The query string value `s`, percent-encoded.
pub fn q(s: &str) -> String {
    crate::domain::indicator::encode(s)
}
