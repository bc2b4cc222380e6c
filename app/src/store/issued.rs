//! Documents issued, by verification code: recorded when delivered, looked up when a copy is
//! checked.

use super::StoreResult;
use super::entities::{document_emis, juridiction};
use crate::domain::document::Verification;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

/// A fresh verification code: `GRF-` and 16 characters of Crockford's base32 (80 random
/// bits), grouped by four for reading aloud.
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let random: [u8; 10] = rand::random();
    let mut bits: u128 = random.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
    let mut chars = Vec::with_capacity(16);
    for _ in 0..16 {
        chars.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    let s: String = chars.into_iter().collect();
    format!("GRF-{}-{}-{}-{}", &s[0..4], &s[4..8], &s[8..12], &s[12..16])
}

/// What was delivered.
pub struct Issued<'a> {
    pub code: &'a str,
    pub juridiction_id: i64,
    pub kind: &'a str,
    pub objet: &'a str,
    pub nom: &'a str,
    pub format: &'a str,
    pub bytes: &'a [u8],
    pub by: &'a crate::domain::account::CurrentUser,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Records a delivered document with the SHA-256 of its bytes.
pub async fn record<C: ConnectionTrait>(db: &C, d: &Issued<'_>) -> StoreResult<()> {
    use sha2::Digest;
    document_emis::ActiveModel {
        code: Set(d.code.to_owned()),
        juridiction_id: Set(d.juridiction_id),
        nature: Set(d.kind.to_owned()),
        objet: Set(d.objet.chars().take(250).collect()),
        nom: Set(d.nom.chars().take(250).collect()),
        format: Set(d.format.to_owned()),
        sha256: Set(hex::encode(sha2::Sha256::digest(d.bytes))),
        taille: Set(d.bytes.len() as i64),
        emis_par: Set(d.by.id),
        emis_par_nom: Set(d.by.display_name.clone()),
        emis_le: Set(d.at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// What Greffe knows of the document coded `code`, and — given the SHA-256 of a copy —
/// whether that copy is the file delivered.
pub async fn verify<C: ConnectionTrait>(db: &C, code: &str, sha256: Option<&str>) -> StoreResult<Verification> {
    // Read as Crockford's base32 is: O is 0, I and L are 1.
    let code: String = code
        .trim()
        .to_uppercase()
        .chars()
        .enumerate()
        .map(|(i, c)| match c {
            'O' if i >= 4 => '0',
            'I' | 'L' if i >= 4 => '1',
            c => c,
        })
        .collect();
    let Some(d) = document_emis::Entity::find_by_id(code.clone()).one(db).await? else {
        return Ok(Verification {
            code,
            trouve: false,
            ..Default::default()
        });
    };
    let juridiction = juridiction::Entity::find_by_id(d.juridiction_id)
        .one(db)
        .await?
        .map(|j| j.libelle)
        .unwrap_or_default();
    Ok(Verification {
        trouve: true,
        document: crate::domain::document::kind_label(&d.nature).to_owned(),
        juridiction,
        emis_le: crate::domain::dates::paris_time(d.emis_le),
        emis_par: d.emis_par_nom,
        format: d.format.to_uppercase(),
        taille: d.taille,
        correspond: sha256
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .map(|s| s == d.sha256),
        code: d.code,
    })
}
