use super::{Elementwise, Real};

/// `clamp(alpha * x + beta, 0, 1)` in PyTorch's form, `clamp(x + offset, 0, range) / range`,
/// with the kinks on the x axis; see `crate::composite` for the derivation.
pub(crate) struct HardSigmoid {
    alpha: f64,
    form: Option<Form>,
    constant: f64,
}

struct Form {
    range: f64,
    offset: f64,
    lower: f64,
    upper: f64,
    low_value: f64,
    high_value: f64,
}

impl HardSigmoid {
    pub(crate) fn new(alpha: f64, beta: f64) -> Self {
        let form = (alpha != 0.0).then(|| {
            let range = 1.0 / alpha;
            let offset = beta * range;
            if alpha > 0.0 {
                Form {
                    range,
                    offset,
                    lower: -offset,
                    upper: range - offset,
                    low_value: 0.0,
                    high_value: 1.0,
                }
            } else {
                Form {
                    range,
                    offset,
                    lower: range - offset,
                    upper: -offset,
                    low_value: 1.0,
                    high_value: 0.0,
                }
            }
        });
        Self {
            alpha,
            form,
            constant: beta.clamp(0.0, 1.0),
        }
    }
}

impl Elementwise for HardSigmoid {
    #[inline(always)]
    fn value<E: Real>(&self, x: E) -> E {
        let Some(form) = &self.form else {
            return if x.is_nan() { x } else { E::of(self.constant) };
        };
        let linear = (x + E::of(form.offset)) / E::of(form.range);
        if x <= E::of(form.lower) {
            E::of(form.low_value)
        } else if x >= E::of(form.upper) {
            E::of(form.high_value)
        } else {
            linear
        }
    }

    #[inline(always)]
    fn gradient<E: Real>(&self, x: E, grad: E) -> E {
        let scaled = grad * E::of(self.alpha);
        let Some(form) = &self.form else {
            return scaled;
        };
        // alpha strictly between the kinks; 0 at them, beyond them and for NaN.
        if x > E::of(form.lower) && x < E::of(form.upper) {
            scaled
        } else {
            E::ZERO
        }
    }
}
