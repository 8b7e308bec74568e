//! The public functions on `Tensor<D>`: validate, then dispatch to [`ActivationExtOps`].
//!
//! [`ActivationExtOps`]: crate::ActivationExtOps

mod capped_leaky_relu;
mod hard_sigmoid;
mod hard_swish;
mod prelu;
mod swish;

pub use capped_leaky_relu::*;
pub use hard_sigmoid::*;
pub use hard_swish::*;
pub use prelu::*;
pub use swish::*;

/// Panics with `"<function>: <name> must be finite, got <value>"` unless `value` is finite.
pub(crate) fn check_finite(function: &str, name: &str, value: f64) {
    assert!(
        value.is_finite(),
        "{function}: {name} must be finite, got {value}"
    );
}
