//! The composite reference of every op, on any device.
//!
//! These run the default bodies of [`ActivationExtOps`](crate::ActivationExtOps), built from
//! Burn's float primitives, instead of a backend's fused kernel: the definition the kernels
//! are tested against, and a way to check a new backend. They are slower and, under autodiff,
//! keep every intermediate; use the crate-root functions otherwise. Arguments are not
//! validated: pass what the crate-root functions accept. The `*_backward` functions take the
//! upstream gradient and return the gradient of the input (or of the parameter).

use burn::backend::Dispatch;
use burn::tensor::Tensor;

use crate::composite;

macro_rules! reference {
    ($(
        $(#[$doc:meta])*
        fn $name:ident($($tensor:ident),+ $(; $($arg:ident: $ty:ty),+)?) -> $out:ident;
    )*) => {$(
        $(#[$doc])*
        pub fn $name<const D: usize>(
            $($tensor: reference!(@type $tensor),)+
            $($($arg: $ty),+)?
        ) -> reference!(@type $out) {
            Tensor::from_dispatch(composite::$name::<Dispatch>(
                $($tensor.into_dispatch(),)+
                $($($arg),+)?
            ))
        }
    )*};
    (@type input) => { Tensor<D> };
    (@type grad) => { Tensor<D> };
    (@type output) => { Tensor<D> };
    (@type alpha) => { Tensor<1> };
    (@type beta) => { Tensor<1> };
    (@type param) => { Tensor<1> };
}

reference! {
    /// [`capped_leaky_relu`](crate::capped_leaky_relu) as a composite.
    fn capped_leaky_relu(input; negative_slope: f64, cap: f64) -> output;
    /// The input gradient of [`capped_leaky_relu`](crate::capped_leaky_relu) as a composite.
    fn capped_leaky_relu_backward(input, grad; negative_slope: f64, cap: f64) -> output;
    /// [`hard_sigmoid`](crate::hard_sigmoid) as a composite.
    fn hard_sigmoid(input; alpha: f64, beta: f64) -> output;
    /// The input gradient of [`hard_sigmoid`](crate::hard_sigmoid) as a composite.
    fn hard_sigmoid_backward(input, grad; alpha: f64, beta: f64) -> output;
    /// [`hard_swish`](crate::hard_swish) as a composite.
    fn hard_swish(input) -> output;
    /// The input gradient of [`hard_swish`](crate::hard_swish) as a composite.
    fn hard_swish_backward(input, grad) -> output;
    /// [`prelu`](crate::prelu) as a composite.
    fn prelu(input, alpha; channel_axis: usize) -> output;
    /// The input gradient of [`prelu`](crate::prelu) as a composite.
    fn prelu_backward(input, alpha, grad; channel_axis: usize) -> output;
    /// The slope gradient of [`prelu`](crate::prelu) as a composite, shaped like `alpha`.
    fn prelu_alpha_backward(input, alpha, grad; channel_axis: usize) -> param;
    /// [`swish_learnable`](crate::swish_learnable) as a composite.
    fn swish(input, beta) -> output;
    /// The input gradient of [`swish_learnable`](crate::swish_learnable) as a composite.
    fn swish_backward(input, beta, grad) -> output;
    /// The beta gradient of [`swish_learnable`](crate::swish_learnable) as a composite, shape
    /// `[1]`.
    fn swish_beta_backward(input, beta, grad) -> param;
}
