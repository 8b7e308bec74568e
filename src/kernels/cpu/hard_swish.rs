use super::{Elementwise, Real};

/// `x * relu6(x + 3) / 6`; gradient 0 for `x <= -3`, `x / 3 + 1/2` inside, 1 for `x >= 3`.
pub(crate) struct HardSwish;

impl Elementwise for HardSwish {
    #[inline(always)]
    fn value<E: Real>(&self, x: E) -> E {
        let three = E::of(3.0);
        let gate = if x <= -three {
            E::ZERO
        } else if x >= three {
            E::of(6.0)
        } else {
            x + three
        };
        x * gate / E::of(6.0)
    }

    #[inline(always)]
    fn gradient<E: Real>(&self, x: E, grad: E) -> E {
        let three = E::of(3.0);
        let slope = if x <= -three {
            E::ZERO
        } else if x >= three {
            E::ONE
        } else {
            x / three + E::of(0.5)
        };
        grad * slope
    }
}
