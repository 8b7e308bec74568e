use super::{Elementwise, Real};

/// `min(x > 0 ? x : slope * x, cap)`; gradient 1 or `slope` below the cap, 0 from it on.
pub(crate) struct CappedLeakyRelu {
    pub negative_slope: f64,
    pub cap: f64,
}

impl CappedLeakyRelu {
    #[inline(always)]
    fn uncapped<E: Real>(&self, x: E) -> E {
        if x > E::ZERO {
            x
        } else {
            x * E::of(self.negative_slope)
        }
    }
}

impl Elementwise for CappedLeakyRelu {
    #[inline(always)]
    fn value<E: Real>(&self, x: E) -> E {
        let uncapped = self.uncapped(x);
        let cap = E::of(self.cap);
        // NaN fails the comparison and stays.
        if uncapped >= cap { cap } else { uncapped }
    }

    #[inline(always)]
    fn gradient<E: Real>(&self, x: E, grad: E) -> E {
        let slope = if x > E::ZERO {
            grad
        } else {
            grad * E::of(self.negative_slope)
        };
        // 0 at and above the cap, and for NaN.
        if self.uncapped(x) < E::of(self.cap) {
            slope
        } else {
            E::ZERO
        }
    }
}
