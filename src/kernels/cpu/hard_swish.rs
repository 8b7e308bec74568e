use super::{Elementwise, Real, select};

/// `x * relu6(x + 3) / 6`; gradient 0 for `x <= -3`, `x / 3 + 1/2` inside, 1 for `x >= 3`.
/// Divisions by 6 and 3 are multiplications by their reciprocals, one rounding from the
/// composite.
#[derive(Clone, Copy)]
pub(crate) struct HardSwish;

impl<E: Real> Elementwise<E> for HardSwish {
    #[inline(always)]
    fn value(self, x: E) -> E {
        let three = E::of(3.0);
        let gate = select(x >= three, E::of(6.0), x + three);
        let gate = select(x <= -three, E::ZERO, gate);
        x * gate * E::of(1.0 / 6.0)
    }

    #[inline(always)]
    fn gradient(self, x: E, grad: E) -> E {
        let three = E::of(3.0);
        let slope = x * E::of(1.0 / 3.0) + E::of(0.5);
        let slope = select(x >= three, E::ONE, slope);
        let slope = select(x <= -three, E::ZERO, slope);
        grad * slope
    }
}
