use super::{COMPUTE_BOUND, Elementwise, Real, Split, select};

/// `x * sigmoid(beta * x)` with the overflow-free sigmoid; see `crate::composite`.
#[derive(Clone, Copy)]
pub(crate) struct Swish<E> {
    beta: E,
}

impl<E: Real> Swish<E> {
    pub(crate) fn new(beta: f64) -> Self {
        Self { beta: E::of(beta) }
    }

    /// `(sigmoid(z), sigmoid(-z))` for `z = beta * x`, from one `exp(-|z|)`.
    #[inline(always)]
    fn sigmoid_pair(self, x: E) -> (E, E) {
        let z = x * self.beta;
        let decay = (-z.abs()).exp();
        let large = E::ONE / (decay + E::ONE);
        let small = decay * large;
        let non_negative = z >= E::ZERO;
        (
            select(non_negative, large, small),
            select(non_negative, small, large),
        )
    }

    /// `x^2 * s * (1 - s) * grad`, as `(x * s) * (x * (1 - s)) * grad`: the term of the beta
    /// gradient.
    #[inline(always)]
    pub(crate) fn beta_term(self, x: E, grad: E) -> E {
        let (sigmoid, complement) = self.sigmoid_pair(x);
        (x * sigmoid) * (x * complement) * grad
    }
}

impl<E: Real> Elementwise<E> for Swish<E> {
    const SPLIT: Split = COMPUTE_BOUND;

    #[inline(always)]
    fn value(self, x: E) -> E {
        x * self.sigmoid_pair(x).0
    }

    #[inline(always)]
    fn gradient(self, x: E, grad: E) -> E {
        let (sigmoid, complement) = self.sigmoid_pair(x);
        let curve = (x * sigmoid) * complement;
        grad * (sigmoid + curve * self.beta)
    }
}
