use super::{Elementwise, Real, select};

/// `min(x > 0 ? x : slope * x, cap)`; gradient 1 or `slope` below the cap, 0 from it on.
#[derive(Clone, Copy)]
pub(crate) struct CappedLeakyRelu<E> {
    negative_slope: E,
    cap: E,
}

impl<E: Real> CappedLeakyRelu<E> {
    pub(crate) fn new(negative_slope: f64, cap: f64) -> Self {
        Self {
            negative_slope: E::of(negative_slope),
            cap: E::of(cap),
        }
    }

    #[inline(always)]
    fn uncapped(self, x: E) -> E {
        select(x > E::ZERO, x, x * self.negative_slope)
    }
}

impl<E: Real> Elementwise<E> for CappedLeakyRelu<E> {
    #[inline(always)]
    fn value(self, x: E) -> E {
        let uncapped = self.uncapped(x);
        // NaN fails the comparison and stays.
        select(uncapped >= self.cap, self.cap, uncapped)
    }

    #[inline(always)]
    fn gradient(self, x: E, grad: E) -> E {
        let slope = select(x > E::ZERO, grad, grad * self.negative_slope);
        // 0 at and above the cap, and for NaN.
        select(self.uncapped(x) < self.cap, slope, E::ZERO)
    }
}
