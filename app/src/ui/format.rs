//! Display helpers shared by pages.

/// `YYYY-MM-DD` as `DD/MM/YYYY`; anything else unchanged.
pub fn french_date(iso: &str) -> String {
    use chrono::Datelike;
    match crate::domain::dates::parse_iso(iso) {
        Some(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        None => iso.to_owned(),
    }
}

/// Today's date as `YYYY-MM-DD` (a form's default): in Europe/Paris on the server, in the
/// browser's time zone on the client.
pub fn today_iso() -> String {
    #[cfg(feature = "ssr")]
    let today = crate::api::guard::today();
    #[cfg(not(feature = "ssr"))]
    let today = chrono::Local::now().date_naive();
    today.to_string()
}

/// `YYYY-MM-DD` as e.g. "lundi 23 novembre 2026".
pub fn long_date(iso: &str) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    match crate::domain::dates::parse_iso(iso) {
        Some(d) => format!(
            "{} {}",
            DAYS[d.weekday().num_days_from_monday() as usize],
            crate::domain::document::long_date(iso)
        ),
        None => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(french_date("2026-11-23"), "23/11/2026");
        assert_eq!(long_date("2026-11-23"), "lundi 23 novembre 2026");
        assert_eq!(long_date("2026-12-01"), "mardi 1er décembre 2026");
        assert_eq!(french_date("n/a"), "n/a");
        assert_eq!(french_date("2026-02-30"), "2026-02-30");
        assert_eq!(french_date("0026-11-23"), "0026-11-23");
    }
}
