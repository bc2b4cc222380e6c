//! OpenDocument spreadsheet (ODS) export of an indicator's table: a ZIP archive (entries
//! stored, `mimetype` first, as ODF requires) holding one sheet with one row per period.

use crate::domain::indicator::{Indicator, Table};

pub(crate) use crate::zip::zip;

/// `s` escaped for XML text and attributes; characters XML 1.0 forbids (control characters
/// but tab and line breaks) are dropped.
pub(crate) fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text_cell(s: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
        xml(s)
    )
}

fn number_cell(n: i64) -> String {
    format!(
        "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
    )
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

/// The table as an ODS file: a header row, then one row per period (visible series, the
/// total, and the year before when compared).
pub fn to_ods(table: &Table, indicator: &Indicator) -> Vec<u8> {
    let mut rows = String::new();
    let mut header = vec![text_cell("Période")];
    header.extend(table.series.iter().filter(|s| !s.hidden).map(|s| text_cell(&s.label)));
    header.push(text_cell(&format!("Total ({})", indicator.unit)));
    if table.previous.is_some() {
        header.push(text_cell("Total N-1"));
    }
    rows.push_str(&format!("<table:table-row>{}</table:table-row>", header.concat()));
    for (p, period) in table.periods.iter().enumerate() {
        let mut cells = vec![text_cell(&period.label)];
        for (s, serie) in table.series.iter().enumerate() {
            if !serie.hidden {
                cells.push(number_cell(table.values[s][p]));
            }
        }
        cells.push(number_cell(table.period_total(p)));
        if let Some(prev) = &table.previous {
            cells.push(number_cell(prev[p]));
        }
        rows.push_str(&format!("<table:table-row>{}</table:table-row>", cells.concat()));
    }
    let sheet: String = indicator.label().chars().take(31).collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>
"#,
        xml(&sheet)
    );
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(xml("a<b>&\"c\u{c}\td\n"), "a&lt;b&gt;&amp;&quot;c\td\n");
    }

    #[test]
    fn the_archive_starts_with_the_uncompressed_mimetype_and_ends_with_its_directory() {
        let z = zip(&[("mimetype", b"abc"), ("b.xml", b"<x/>")]);
        assert_eq!(&z[..4], b"PK\x03\x04");
        assert_eq!(&z[30..38], b"mimetype");
        assert_eq!(&z[38..41], b"abc");
        let end = z.len() - 22;
        assert_eq!(&z[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([z[end + 10], z[end + 11]]), 2);
    }
}
