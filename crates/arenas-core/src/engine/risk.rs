//! Risk distribution: how evenly exposure is spread over the members.

/// The normalised Gini–Simpson index of the shares of `weights`: 1 − Σ share², divided by
/// its value for an even spread over all entries. 1 when every entry carries the same
/// weight, 0 when one carries everything; splitting any share never lowers it. Zero or
/// negative weights count as no exposure; all-zero weights give 0.
pub fn evenness(weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 || weights.len() < 2 {
        return if total > 0.0 { 1.0 } else { 0.0 };
    }
    let concentration: f64 = weights
        .iter()
        .filter(|w| **w > 0.0)
        .map(|w| (w / total) * (w / total))
        .sum();
    let even = 1.0 - 1.0 / weights.len() as f64;
    ((1.0 - concentration) / even).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::evenness;

    #[test]
    fn even_spread_is_one_and_concentration_is_zero() {
        assert!((evenness(&[1.0, 1.0, 1.0, 1.0]) - 1.0).abs() < 1e-12);
        assert_eq!(evenness(&[0.0, 3.0, 0.0, 0.0]), 0.0);
        assert_eq!(evenness(&[0.0, 0.0]), 0.0);
        let half = evenness(&[1.0, 1.0, 0.0, 0.0]);
        assert!((half - 2.0 / 3.0).abs() < 1e-12, "{half}");
    }
}
