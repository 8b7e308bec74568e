use super::{Elementwise, Real};

/// `x * sigmoid(beta * x)` with the overflow-free sigmoid; see `crate::composite`.
pub(crate) struct Swish {
    pub beta: f64,
}

impl Swish {
    /// `(sigmoid(z), sigmoid(-z))` for `z = beta * x`, from one `exp(-|z|)`.
    #[inline(always)]
    fn sigmoid_pair<E: Real>(&self, x: E) -> (E, E) {
        let z = x * E::of(self.beta);
        let decay = (-z.abs()).exp();
        let large = E::ONE / (decay + E::ONE);
        let small = decay * large;
        if z >= E::ZERO {
            (large, small)
        } else {
            (small, large)
        }
    }

    /// `x^2 * s * (1 - s) * grad`, as `(x * s) * (x * (1 - s)) * grad`: the term of the beta
    /// gradient.
    #[inline(always)]
    pub(crate) fn beta_term<E: Real>(&self, x: E, grad: E) -> E {
        let (sigmoid, complement) = self.sigmoid_pair(x);
        (x * sigmoid) * (x * complement) * grad
    }
}

impl Elementwise for Swish {
    #[inline(always)]
    fn value<E: Real>(&self, x: E) -> E {
        x * self.sigmoid_pair(x).0
    }

    #[inline(always)]
    fn gradient<E: Real>(&self, x: E, grad: E) -> E {
        let (sigmoid, complement) = self.sigmoid_pair(x);
        let curve = (x * sigmoid) * complement;
        grad * (sigmoid + curve * E::of(self.beta))
    }
}
