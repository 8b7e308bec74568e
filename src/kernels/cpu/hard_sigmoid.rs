use super::{Elementwise, Real, select};

/// `clamp(alpha * x + beta, 0, 1)` in PyTorch's form, `clamp(x + offset, 0, range) / range`,
/// with the kinks on the x axis (see `crate::composite`). The kernel multiplies by `alpha`
/// where the composite divides by `range`: at most one rounding apart.
#[derive(Clone, Copy)]
pub(crate) struct HardSigmoid<E> {
    alpha: E,
    offset: E,
    lower: E,
    upper: E,
    low_value: E,
    high_value: E,
    /// `alpha == 0`: the gradient is `grad * 0` everywhere, as in the composite.
    constant: bool,
}

impl<E: Real> HardSigmoid<E> {
    pub(crate) fn new(alpha: f64, beta: f64) -> Self {
        let range = 1.0 / alpha;
        let mut offset = beta * range;
        let (lower, upper, low_value, high_value) = if alpha > 0.0 {
            (-offset, range - offset, 0.0, 1.0)
        } else if alpha < 0.0 {
            (range - offset, -offset, 1.0, 0.0)
        } else {
            // A constant: every number is at or above an upper kink at -inf, NaN stays.
            let constant = beta.clamp(0.0, 1.0);
            offset = 0.0;
            (f64::NEG_INFINITY, f64::NEG_INFINITY, constant, constant)
        };
        Self {
            alpha: E::of(alpha),
            offset: E::of(offset),
            lower: E::of(lower),
            upper: E::of(upper),
            low_value: E::of(low_value),
            high_value: E::of(high_value),
            constant: alpha == 0.0,
        }
    }
}

impl<E: Real> Elementwise<E> for HardSigmoid<E> {
    #[inline(always)]
    fn value(self, x: E) -> E {
        let linear = (x + self.offset) * self.alpha;
        let value = select(x >= self.upper, self.high_value, linear);
        select(x <= self.lower, self.low_value, value)
    }

    #[inline(always)]
    fn gradient(self, x: E, grad: E) -> E {
        let scaled = grad * self.alpha;
        // alpha strictly between the kinks; 0 at them, beyond them and for NaN.
        // `|` and `&` rather than `||` and `&&`: no branch, so the loop vectorizes.
        let inside = self.constant | ((x > self.lower) & (x < self.upper));
        select(inside, scaled, E::ZERO)
    }
}
