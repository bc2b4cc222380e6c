//! Charts of the pilotage page, drawn on the server with plotters as SVG (readable without
//! JavaScript, exportable, printable). Plotters draws axes, bars and lines; an overlay of
//! links adds what plotters cannot: every bar or point is focusable, shows its exact value
//! (tooltip and accessible name) and opens the list of records behind it.

use crate::domain::indicator::{ChartKind, Indicator, PALETTE, Table};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

/// Size of the drawing (it scales to its container).
pub const SIZE: (u32, u32) = (760, 400);

fn colour(i: usize) -> RGBColor {
    let hex = PALETTE[i % PALETTE.len()];
    let byte = |k: usize| u8::from_str_radix(&hex[k..k + 2], 16).unwrap_or(0);
    RGBColor(byte(1), byte(3), byte(5))
}

/// One clickable region of the overlay.
struct Hit {
    rect: (i32, i32, i32, i32),
    label: String,
    href: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The SVG of `table` drawn as `kind`. `detail(serie, period)` is the drill-down address of
/// one figure (`period` absent: the whole window).
pub fn render(
    table: &Table,
    indicator: &Indicator,
    kind: ChartKind,
    title: &str,
    detail: &dyn Fn(usize, Option<usize>) -> String,
) -> String {
    let mut buf = String::new();
    let hits = match draw(&mut buf, table, indicator, kind, detail) {
        Ok(hits) => hits,
        Err(e) => {
            tracing::error!("chart drawing failed: {e}");
            buf.clear();
            Vec::new()
        }
    };
    finish(buf, title, &hits)
}

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

fn draw(
    buf: &mut String,
    table: &Table,
    indicator: &Indicator,
    kind: ChartKind,
    detail: &dyn Fn(usize, Option<usize>) -> String,
) -> DrawResult<Vec<Hit>> {
    let root = SVGBackend::with_string(buf, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let visible: Vec<usize> = (0..table.series.len()).filter(|s| !table.series[*s].hidden).collect();
    let mut hits = Vec::new();
    let font = ("sans-serif", 14).into_font();
    if visible.is_empty() && table.previous.is_none() {
        root.draw(&Text::new(
            "Aucune donnée pour ces critères",
            (SIZE.0 as i32 / 2 - 130, SIZE.1 as i32 / 2),
            font,
        ))?;
        root.present()?;
        return Ok(hits);
    }
    let n = table.periods.len();
    match kind {
        ChartKind::StackedBar | ChartKind::Line => {
            let stacked = kind == ChartKind::StackedBar;
            let mut max = (0..n)
                .map(|p| {
                    if stacked {
                        table.period_total(p)
                    } else {
                        visible.iter().map(|s| table.values[*s][p]).max().unwrap_or(0)
                    }
                })
                .max()
                .unwrap_or(0);
            if let Some(prev) = &table.previous {
                max = max.max(prev.iter().copied().max().unwrap_or(0));
            }
            let max = (max + max / 10).max(5);
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d((0..(n as i32 - 1).max(0)).into_segmented(), 0i64..max)?;
            let labels: Vec<String> = table.periods.iter().map(|p| p.label.clone()).collect();
            let every = n.div_ceil(12).max(1);
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
                .x_labels(n)
                .x_label_style(("sans-serif", 12))
                .x_label_formatter(&|v| match v {
                    SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(every) => {
                        labels.get(*i as usize).cloned().unwrap_or_default()
                    }
                    _ => String::new(),
                })
                .y_label_style(("sans-serif", 12))
                .y_label_formatter(&|v| thousands(*v))
                .y_desc(indicator.unit)
                .draw()?;
            if stacked {
                let mut base = vec![0i64; n];
                for &s in &visible {
                    let mut rects = Vec::new();
                    for (p, b) in base.iter_mut().enumerate() {
                        let v = table.values[s][p];
                        if v == 0 {
                            continue;
                        }
                        let (x0, y0) = (SegmentValue::Exact(p as i32), *b);
                        let (x1, y1) = (SegmentValue::Exact(p as i32 + 1), *b + v);
                        let mut r = Rectangle::new([(x0.clone(), y0), (x1.clone(), y1)], colour(s).filled());
                        r.set_margin(0, 0, 6, 6);
                        rects.push(r);
                        let (px0, py1) = chart.backend_coord(&(x0, y1));
                        let (px1, py0) = chart.backend_coord(&(x1, y0));
                        hits.push(Hit {
                            rect: (px0 + 6, py1, px1 - 6, py0),
                            label: format!(
                                "{} — {} : {} {}",
                                table.periods[p].label,
                                table.series[s].label,
                                thousands(v),
                                indicator.unit
                            ),
                            href: detail(s, Some(p)),
                        });
                        *b += v;
                    }
                    chart
                        .draw_series(rects)?
                        .label(short(&table.series[s].label, 28))
                        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour(s).filled()));
                }
            } else {
                for &s in &visible {
                    let points: Vec<(SegmentValue<i32>, i64)> = (0..n)
                        .map(|p| (SegmentValue::CenterOf(p as i32), table.values[s][p]))
                        .collect();
                    chart
                        .draw_series(LineSeries::new(points.clone(), colour(s).stroke_width(2)))?
                        .label(short(&table.series[s].label, 28))
                        .legend(move |(x, y)| PathElement::new([(x, y), (x + 12, y)], colour(s).stroke_width(2)));
                    chart.draw_series(points.iter().map(|pt| Circle::new(pt.clone(), 3, colour(s).filled())))?;
                    for (p, pt) in points.iter().enumerate() {
                        let (x, y) = chart.backend_coord(pt);
                        hits.push(Hit {
                            rect: (x - 7, y - 7, x + 7, y + 7),
                            label: format!(
                                "{} — {} : {} {}",
                                table.periods[p].label,
                                table.series[s].label,
                                thousands(pt.1),
                                indicator.unit
                            ),
                            href: detail(s, Some(p)),
                        });
                    }
                }
            }
            if let Some(prev) = &table.previous {
                let points: Vec<(SegmentValue<i32>, i64)> = prev
                    .iter()
                    .enumerate()
                    .map(|(p, v)| (SegmentValue::CenterOf(p as i32), *v))
                    .collect();
                chart
                    .draw_series(DashedLineSeries::new(points, 6, 4, BLACK.stroke_width(2)))?
                    .label("Total N-1")
                    .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], BLACK.stroke_width(2)));
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(0x92, 0x92, 0x92))
                .label_font(("sans-serif", 12))
                .draw()?;
        }
        ChartKind::Distribution => {
            let totals: Vec<(usize, i64)> = visible.iter().map(|s| (*s, table.serie_total(*s))).collect();
            let max = totals.iter().map(|t| t.1).max().unwrap_or(0);
            let max = (max + max / 10).max(5);
            let rows = totals.len() as i32;
            let names: Vec<String> = totals.iter().map(|(s, _)| short(&table.series[*s].label, 30)).collect();
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(230)
                .build_cartesian_2d(0i64..max, (0..(rows - 1).max(0)).into_segmented())?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
                .y_labels(totals.len().max(1))
                .y_label_style(("sans-serif", 12))
                .y_label_formatter(&|v| match v {
                    SegmentValue::CenterOf(i) => names.get(*i as usize).cloned().unwrap_or_default(),
                    _ => String::new(),
                })
                .x_label_style(("sans-serif", 12))
                .x_label_formatter(&|v| thousands(*v))
                .x_desc(format!("{} sur la période", indicator.unit))
                .draw()?;
            let mut rects = Vec::new();
            for (row, (s, v)) in totals.iter().enumerate() {
                let (y0, y1) = (SegmentValue::Exact(row as i32), SegmentValue::Exact(row as i32 + 1));
                let mut r = Rectangle::new([(0i64, y0.clone()), (*v, y1.clone())], colour(*s).filled());
                r.set_margin(3, 3, 0, 0);
                rects.push(r);
                let (px0, py0) = chart.backend_coord(&(0, y1));
                let (px1, py1) = chart.backend_coord(&(*v, y0));
                hits.push(Hit {
                    rect: (px0, py0 + 3, px1.max(px0 + 4), py1 - 3),
                    label: format!("{} : {} {}", table.series[*s].label, thousands(*v), indicator.unit),
                    href: detail(*s, None),
                });
            }
            chart.draw_series(rects)?;
        }
    }
    root.present()?;
    Ok(hits)
}

/// Adds accessibility attributes and the overlay of links to the SVG plotters wrote.
fn finish(svg: String, title: &str, hits: &[Hit]) -> String {
    let mut overlay = String::from("<g class=\"greffe-chart-hits\">");
    for h in hits {
        let (x0, y0, x1, y1) = h.rect;
        overlay.push_str(&format!(
            "<a href=\"{href}\" aria-label=\"{label}\"><title>{label}</title>\
             <rect x=\"{x0}\" y=\"{y0}\" width=\"{w}\" height=\"{hgt}\" fill=\"transparent\"/></a>",
            href = escape(&h.href),
            label = escape(&h.label),
            w = (x1 - x0).max(1),
            hgt = (y1 - y0).max(1),
        ));
    }
    overlay.push_str("</g></svg>");
    let svg = if svg.is_empty() {
        format!(
            "<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\"></svg>",
            SIZE.0, SIZE.1, SIZE.0, SIZE.1
        )
    } else {
        svg
    };
    let svg = svg.trim_end().trim_end_matches("</svg>").to_owned() + &overlay;
    svg.replacen(
        "<svg ",
        &format!(
            "<svg role=\"group\" aria-label=\"{}\" focusable=\"false\" preserveAspectRatio=\"xMidYMid meet\" ",
            escape(title)
        ),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator::{Periode, Serie, indicator};

    fn table() -> Table {
        Table {
            periods: vec![
                Periode {
                    start: 202601,
                    end: 202601,
                    label: "janv. 2026".into(),
                },
                Periode {
                    start: 202602,
                    end: 202602,
                    label: "févr. 2026".into(),
                },
            ],
            series: vec![
                Serie {
                    key: "jugee".into(),
                    label: "Jugées".into(),
                    hidden: false,
                },
                Serie {
                    key: "renvoyee".into(),
                    label: "Renvoyées".into(),
                    hidden: false,
                },
            ],
            values: vec![vec![12, 0], vec![3, 4]],
            previous: Some(vec![10, 9]),
        }
    }

    #[test]
    fn every_non_zero_figure_is_a_focusable_link_with_its_value() {
        let i = indicator("affaires").unwrap();
        let svg = render(&table(), i, ChartKind::StackedBar, "Affaires", &|s, p| {
            format!("/detail?s={s}&p={}", p.unwrap())
        });
        assert!(svg.starts_with("<svg role=\"group\" aria-label=\"Affaires\""));
        assert!(svg.ends_with("</g></svg>"));
        // Three non-zero bars: jugées janv., renvoyées janv. and févr.
        assert_eq!(svg.matches("<a href=").count(), 3);
        assert!(svg.contains("aria-label=\"janv. 2026 — Jugées : 12 affaires\""));
        assert!(svg.contains("href=\"/detail?s=1&amp;p=1\""));
        assert!(svg.contains("Total N-1"));
    }

    #[test]
    fn lines_and_distributions_have_one_link_per_point_or_series() {
        let i = indicator("renvois").unwrap();
        let svg = render(&table(), i, ChartKind::Line, "L", &|_, _| "/x".into());
        assert_eq!(svg.matches("<a href=").count(), 4);
        let svg = render(&table(), i, ChartKind::Distribution, "D", &|_, _| "/x".into());
        assert_eq!(svg.matches("<a href=").count(), 2);
        assert!(svg.contains("Renvoyées : 7 renvois"));
    }

    #[test]
    fn no_data_says_so() {
        let mut t = table();
        t.series.clear();
        t.values.clear();
        t.previous = None;
        let svg = render(
            &t,
            indicator("affaires").unwrap(),
            ChartKind::StackedBar,
            "Vide",
            &|_, _| String::new(),
        );
        assert!(svg.contains("Aucune donnée"));
    }

    #[test]
    fn thousands_use_a_narrow_space() {
        assert_eq!(thousands(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(thousands(12), "12");
    }
}
