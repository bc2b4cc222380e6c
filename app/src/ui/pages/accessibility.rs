//! The accessibility statement required of public services (RGAA).

use leptos::prelude::*;
use leptos_meta::Title;

/// Accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibilité" />
        <h1>"Déclaration d'accessibilité"</h1>
        <p>
            "Greffe s'engage à rendre son service accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005."
        </p>
        <h2>"État de conformité"</h2>
        <p>
            "Greffe est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA) : "
            "chaque page est contrôlée automatiquement (axe-core) et chaque parcours est testé au clavier seul ; "
            "l'audit manuel complet reste à conduire."
        </p>
        <h2>"Retour d'information"</h2>
        <p>"Si vous ne parvenez pas à accéder à un contenu ou à un service, signalez-le à l'administrateur de votre juridiction."</p>
    }
}
