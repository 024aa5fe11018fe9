//! Risk distribution as the normalised entropy of exposure.

/// Entropy of the shares of `weights`, divided by the entropy of an even spread over all of
/// them: 1 when every entry carries the same weight, 0 when one carries everything. Zero or
/// negative weights count as no exposure; all-zero weights give 0.
pub fn normalized_entropy(weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 || weights.len() < 2 {
        return if total > 0.0 { 1.0 } else { 0.0 };
    }
    let h: f64 = weights
        .iter()
        .filter(|w| **w > 0.0)
        .map(|w| {
            let p = w / total;
            -p * p.ln()
        })
        .sum();
    (h / (weights.len() as f64).ln()).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::normalized_entropy;

    #[test]
    fn even_spread_is_one_and_concentration_is_zero() {
        assert!((normalized_entropy(&[1.0, 1.0, 1.0, 1.0]) - 1.0).abs() < 1e-12);
        assert_eq!(normalized_entropy(&[0.0, 3.0, 0.0, 0.0]), 0.0);
        assert_eq!(normalized_entropy(&[0.0, 0.0]), 0.0);
        let half = normalized_entropy(&[1.0, 1.0, 0.0, 0.0]);
        assert!((half - 0.5).abs() < 1e-12, "{half}");
    }
}
