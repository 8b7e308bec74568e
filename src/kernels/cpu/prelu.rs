use super::{Real, select};

/// `x > 0 ? x : alpha * x`, its input gradient, and the per-element term of the slope gradient.
pub(crate) struct PRelu;

impl PRelu {
    #[inline(always)]
    pub(crate) fn value<E: Real>(x: E, alpha: E) -> E {
        select(x > E::ZERO, x, x * alpha)
    }

    #[inline(always)]
    pub(crate) fn gradient<E: Real>(x: E, grad: E, alpha: E) -> E {
        select(x > E::ZERO, grad, grad * alpha)
    }

    /// `x * grad` where `x <= 0` or NaN, else 0: summed per channel it is d/d alpha.
    #[inline(always)]
    pub(crate) fn alpha_term<E: Real>(x: E, grad: E) -> E {
        select(x > E::ZERO, E::ZERO, x * grad)
    }
}
