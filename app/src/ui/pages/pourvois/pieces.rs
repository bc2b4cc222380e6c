//! The inventory of pièces: the list, filing a pièce, correcting its date.

use super::feedback;
use crate::api::dossiers::correct_piece_date;
use crate::domain::account::CurrentUser;
use crate::domain::pourvoi::PourvoiDetail;
use crate::domain::pourvoi::{NATURES, label_of, may_file};
use crate::error::AppError;
use crate::ui::components::alert::{ErrorAlert, SuccessAlert};
use crate::ui::components::field::{Field, Select};
use crate::ui::components::table::DataTable;
use crate::ui::format::french_date;
use leptos::prelude::*;

#[component]
pub(super) fn Pieces(
    p: RwSignal<PourvoiDetail>,
    flash: impl Fn() -> Option<Result<String, String>> + Send + Sync + 'static,
) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    let natures: Vec<(&str, &str)> = NATURES
        .iter()
        .copied()
        .filter(|(n, _)| may_file(user.role, n))
        .collect();
    let may_add = user.at_cassation() && !natures.is_empty();
    let id = p.with_untracked(|p| p.id.clone());
    let today = crate::ui::format::today_iso();
    view! {
        <h2 id="pieces">"Inventaire des pièces"</h2>
        {move || {
            flash()
                .map(|r| match r {
                    Ok(m) => view! { <SuccessAlert message=m /> }.into_any(),
                    Err(m) => {
                        view! {
                            <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                                <p>{m}</p>
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
        <DataTable caption="Pièces du dossier, par date".to_owned() wide=true>
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Pièce"</th>
                    <th scope="col">"Déposée par"</th>
                    <th scope="col">"Fichier"</th>
                    <th scope="col">"Empreinte SHA-256"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    p.with(|p| {
                        if p.pieces.is_empty() {
                            return view! { <tr><td colspan="5">"Aucune pièce pour l'instant."</td></tr> }.into_any();
                        }
                        p.pieces
                            .iter()
                            .map(|x| {
                                let href = format!("/pourvois/{}/pieces/{}", p.id, x.id);
                                view! {
                                    <tr>
                                        <td>{french_date(&x.date_piece)}</td>
                                        <td>{label_of(&NATURES, &x.nature)}</td>
                                        <td>{x.deposant.clone()}</td>
                                        <td>
                                            <a href=href download=x.nom_fichier.clone() rel="external">
                                                {format!("{} ({} Ko)", x.nom_fichier, (x.taille + 1023) / 1024)}
                                            </a>
                                        </td>
                                        <td><code title=x.sha256.clone()>{format!("{}…", &x.sha256[..16.min(x.sha256.len())])}</code></td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
                }}
            </tbody>
        </DataTable>
        {may_add.then(|| view! {
            <form
                method="post"
                enctype="multipart/form-data"
                action=format!("/pourvois/{id}/pieces")
                aria-labelledby="titre-piece"
                class="fr-mb-4w"
            >
                <h3 id="titre-piece" class="fr-h6">"Ajouter une pièce"</h3>
                <div class="fr-select-group">
                    <label class="fr-label" for="nature">"Type de pièce"</label>
                    <select class="fr-select" id="nature" name="nature" required>
                        {natures.iter().map(|(c, l)| view! { <option value=*c>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="date_piece">"Date de la pièce"</label>
                    <input class="fr-input" type="date" id="date_piece" name="date_piece" value=today required />
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="deposant">
                        "Déposée par"
                        <span class="fr-hint-text">"Avocat, partie ou magistrat qui dépose la pièce"</span>
                    </label>
                    <input class="fr-input" type="text" id="deposant" name="deposant" required maxlength="200" />
                </div>
                <div class="fr-upload-group fr-mb-2w">
                    <label class="fr-label" for="fichier">
                        "Fichier"
                        <span class="fr-hint-text">"PDF, ODT ou DOCX, 10 Mo au plus"</span>
                    </label>
                    <input class="fr-upload" type="file" id="fichier" name="fichier" required accept=".pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document" />
                </div>
                <button class="fr-btn" type="submit">"Ajouter la pièce"</button>
            </form>
        })}
    }
}

/// Corrects the date of a pièce typed wrong: the deadlines it started are recomputed and
/// those it closed dated anew.
#[component]
pub(super) fn PieceDateCorrection(p: RwSignal<PourvoiDetail>) -> impl IntoView {
    let piece = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<AppError>);
    let save = Action::new(move |(piece, d): &(String, String)| {
        let (id, version) = p.with_untracked(|p| (p.id.clone(), p.version));
        correct_piece_date(id, version, piece.clone(), d.clone())
    });
    // The server names the pièce's date "date_piece"; this form's field has its own id.
    Effect::new(move |_| {
        let result = save.value().get().map(|r| {
            r.map_err(|e| match e {
                AppError::Validation { field, message } if field == "date_piece" => AppError::Validation {
                    field: "date_piece_corrigee".into(),
                    message,
                },
                e => e,
            })
        });
        feedback(result, error, failure, p)
    });
    let pieces = Signal::derive(move || {
        p.with(|p| {
            p.pieces
                .iter()
                .map(|x| {
                    (
                        x.id.clone(),
                        format!(
                            "{} du {} ({})",
                            label_of(&NATURES, &x.nature),
                            french_date(&x.date_piece),
                            x.nom_fichier
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <form
            aria-labelledby="titre-correction-piece"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((piece.get_untracked(), date.get_untracked()));
            }
        >
            <h3 id="titre-correction-piece" class="fr-h6">"Corriger la date d'une pièce"</h3>
            <p class="fr-hint-text">"Les échéances que la pièce a ouvertes sont recalculées ; celles qu'elle a closes sont datées à nouveau."</p>
            {move || failure.get().map(|e| view! { <ErrorAlert error=e /> })}
            <Select id="piece_corrigee" label="Pièce" options=pieces value=piece error />
            <Field id="date_piece_corrigee" label="Date exacte de la pièce" kind="date" value=date error />
            <button class="fr-btn fr-btn--secondary" type="submit" disabled=move || save.pending().get()>
                "Corriger la date de la pièce"
            </button>
        </form>
    }
}
