//! The coasts and borders: Natural Earth outlines embedded from `assets/map/`, parsed once.

use std::sync::LazyLock;

use super::projection::GeoBox;

/// One polyline of an outline file, with its bounding box.
pub(super) struct Polyline {
    /// (lon, lat) points.
    pub(super) points: Vec<(f64, f64)>,
    pub(super) bbox: GeoBox,
}

/// Coasts and borders, lon 24..64, lat 8..42, 1:50m.
pub(super) static REGION: LazyLock<Vec<Polyline>> =
    LazyLock::new(|| parse_outlines(include_str!("../../../../assets/map/region.txt")));
/// Coasts and borders of the Levant ([`DETAIL_BOX`]), 1:10m.
pub(super) static DETAIL: LazyLock<Vec<Polyline>> =
    LazyLock::new(|| parse_outlines(include_str!("../../../../assets/map/inset.txt")));

/// Parses an outline file: `#` comments, then one polyline a line as space-separated
/// `lon,lat` pairs. Malformed pairs are skipped.
fn parse_outlines(text: &str) -> Vec<Polyline> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|line| {
            let points: Vec<(f64, f64)> = line
                .split_whitespace()
                .filter_map(|pair| {
                    let (lon, lat) = pair.split_once(',')?;
                    let (lon, lat) = (lon.parse::<f64>().ok()?, lat.parse::<f64>().ok()?);
                    (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
                })
                .collect();
            let first = *points.first()?;
            let bbox = points.iter().fold(
                GeoBox {
                    lon: [first.0; 2],
                    lat: [first.1; 2],
                },
                |b, &(lon, lat)| GeoBox {
                    lon: [b.lon[0].min(lon), b.lon[1].max(lon)],
                    lat: [b.lat[0].min(lat), b.lat[1].max(lat)],
                },
            );
            Some(Polyline { points, bbox })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_parse_and_skip_malformed_pairs() {
        let lines = parse_outlines("# comment\n1,2 x,3 4,5 6\n\n  \n7,8 nan,1\n");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].points, vec![(1.0, 2.0), (4.0, 5.0)]);
        assert_eq!(
            lines[0].bbox,
            GeoBox {
                lon: [1.0, 4.0],
                lat: [2.0, 5.0]
            }
        );
        assert_eq!(lines[1].points, vec![(7.0, 8.0)]);
        assert!(REGION.len() > 50 && DETAIL.len() > 5);
        assert!(REGION.iter().all(|l| !l.points.is_empty()));
    }
}
