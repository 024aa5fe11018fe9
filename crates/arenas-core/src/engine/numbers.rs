//! Numbers as the game writes them: rounded first, so a value that rounds to zero is
//! written `0.0`, never `-0.0` or `−0.0`, and a sign always agrees with the digits shown.

/// `value` with `decimals` decimals, without a negative zero.
pub fn fixed(value: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value * scale).round() / scale;
    // Adding 0.0 turns a negative zero into a positive one.
    format!("{:.decimals$}", rounded + 0.0)
}

/// `value` with `decimals` decimals and its sign, `+` or `−` (U+2212); no sign when the
/// rounded value is zero.
pub fn signed(value: f64, decimals: usize) -> String {
    let digits = fixed(value.abs(), decimals);
    let zero = fixed(0.0, decimals);
    if digits == zero {
        zero
    } else if value > 0.0 {
        format!("+{digits}")
    } else {
        format!("−{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_negative_zero_and_signs_agree_with_the_digits() {
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.0, 2), "0.00");
        assert_eq!(fixed(-0.4, 0), "0");
        assert_eq!(fixed(-1.26, 1), "-1.3");
        assert_eq!(fixed(7.95, 1), "8.0");
        assert_eq!(signed(-0.04, 1), "0.0");
        assert_eq!(signed(0.04, 1), "0.0");
        assert_eq!(signed(-4.56, 1), "−4.6");
        assert_eq!(signed(2.0, 0), "+2");
        assert_eq!(signed(-0.004, 2), "0.00");
    }
}
