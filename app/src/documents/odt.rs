//! OpenDocument text (ODT) rendering of a [`Document`], for the greffe that completes or
//! re-reads a document in a word processor: named styles (authority, title, headings,
//! label–value lines, signatures), real tables, A4 with 2 cm margins.

use crate::domain::document::{Block, Document};
use crate::export::{xml, zip};

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

/// Styles of table cells: automatic styles, so in the file that uses them (`content.xml`).
const CELL_STYLES: &str = r##"<office:automatic-styles><style:style style:name="Cellule" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm"/></style:style><style:style style:name="Entete" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm" fo:background-color="#eeeeee"/></style:style></office:automatic-styles>"##;

/// Styles every document uses, by name.
const STYLES: &str = r##"<office:font-face-decls><style:font-face style:name="Marianne" svg:font-family="Marianne, Arial, sans-serif" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.15cm"/><style:text-properties style:font-name="Marianne" fo:font-size="10pt" fo:language="fr" fo:country="FR"/></style:default-style>
<style:style style:name="Autorite" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0cm"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Titre" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.6cm" fo:margin-bottom="0.5cm"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Titre_1" style:family="paragraph" style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.4cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Titre_2" style:family="paragraph" style:default-outline-level="2"><style:paragraph-properties fo:margin-top="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="10.5pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Signature" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.8cm"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Libelle" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>"##;

fn para(style: &str, text: &str) -> String {
    format!("<text:p text:style-name=\"{style}\">{}</text:p>", xml(text))
}

fn body(doc: &Document) -> String {
    let mut out = String::new();
    for line in &doc.authority {
        out.push_str(&para("Autorite", line));
    }
    out.push_str(&para("Titre", &doc.title));
    for (n, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(level, s) => {
                let level = (*level).clamp(1, 2);
                out.push_str(&format!(
                    "<text:h text:style-name=\"Titre_{level}\" text:outline-level=\"{level}\">{}</text:h>",
                    xml(s)
                ));
            }
            Block::Paragraph(s) => out.push_str(&format!("<text:p>{}</text:p>", xml(s))),
            Block::Fields(lines) => {
                for (label, value) in lines {
                    out.push_str(&format!(
                        "<text:p><text:span text:style-name=\"Libelle\">{} : </text:span>{}</text:p>",
                        xml(label),
                        xml(value)
                    ));
                }
            }
            Block::Table(header, rows) => {
                let cols = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
                out.push_str(&format!(
                    "<table:table table:name=\"Tableau{}\"><table:table-column table:number-columns-repeated=\"{cols}\"/>",
                    n + 1
                ));
                out.push_str("<table:table-header-rows><table:table-row>");
                for i in 0..cols {
                    out.push_str(&format!(
                        "<table:table-cell table:style-name=\"Entete\" office:value-type=\"string\">{}</table:table-cell>",
                        para("Autorite", header.get(i).map_or("", String::as_str))
                    ));
                }
                out.push_str("</table:table-row></table:table-header-rows>");
                for row in rows {
                    out.push_str("<table:table-row>");
                    for i in 0..cols {
                        out.push_str(&format!(
                            "<table:table-cell table:style-name=\"Cellule\" office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                            xml(row.get(i).map_or("", String::as_str))
                        ));
                    }
                    out.push_str("</table:table-row>");
                }
                out.push_str("</table:table>");
            }
            Block::Signatures(who) => {
                for s in who {
                    out.push_str(&para("Signature", s));
                }
            }
        }
    }
    out
}

/// The ODT file of `doc`; `created` is the creation instant, `YYYY-MM-DDTHH:MM:SS` (UTC).
pub fn render(doc: &Document, created: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {NS} office:version=\"1.2\">{CELL_STYLES}<office:body><office:text>{}</office:text></office:body></office:document-content>\n",
        body(doc)
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {NS} office:version=\"1.2\">{STYLES}</office:document-styles>\n"
    );
    let meta = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {NS} office:version=\"1.2\"><office:meta><meta:generator>Greffe</meta:generator><dc:title>{}</dc:title><meta:creation-date>{created}</meta:creation-date><dc:language>fr-FR</dc:language></office:meta></office:document-meta>\n",
        xml(&doc.title)
    );
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text".as_slice()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
        ("styles.xml", styles.as_bytes()),
        ("meta.xml", meta.as_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_escaped_and_each_block_has_its_element() {
        let doc = Document {
            name: "x".into(),
            authority: vec!["COUR DE CASSATION".into()],
            title: "Avis <de> fixation".into(),
            blocks: vec![
                Block::Heading(1, "A & B".into()),
                Block::Fields(vec![("Pourvoi n°".into(), "26-10.001".into())]),
                Block::Table(vec!["a".into(), "b".into()], vec![vec!["1".into()]]),
                Block::Signatures(vec!["Le greffier".into()]),
            ],
        };
        let b = body(&doc);
        assert!(b.contains("<text:p text:style-name=\"Titre\">Avis &lt;de&gt; fixation</text:p>"));
        assert!(b.contains("<text:h text:style-name=\"Titre_1\" text:outline-level=\"1\">A &amp; B</text:h>"));
        assert!(b.contains("<text:span text:style-name=\"Libelle\">Pourvoi n° : </text:span>26-10.001"));
        assert_eq!(
            b.matches("<table:table-cell").count(),
            4,
            "a short row is padded to the header"
        );
        let file = render(&doc, "2026-12-01T12:00:00");
        assert_eq!(&file[30..38], b"mimetype");
        assert_eq!(&file[38..77], b"application/vnd.oasis.opendocument.text");
    }
}
