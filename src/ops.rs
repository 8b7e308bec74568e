//! The backend extension: one op per activation and one per gradient.
//!
//! Every method has a default body, the composite reference built from Burn's float
//! primitives. A backend implements the trait with an empty `impl` to run the composite, or
//! overrides a method with a fused kernel. Forward and backward are separate methods so each
//! can be replaced on its own; the autodiff backend calls the backward methods.
//!
//! Each method is a custom operation whose id is its name (`capped_leaky_relu`,
//! `prelu_alpha_backward`, ...): keep the names stable.
//!
//! Flex, NdArray and the CubeCL backend override every method with fused kernels. Under Burn's
//! `fusion` the CubeCL backend keeps the composite defaults, which fusion compiles into its
//! own kernels: measured on software Vulkan, the only GPU device available to this crate's
//! builds, the kernels won only for PReLU and Swish forward, and that device cannot stand in
//! for a GPU (see `backends/fusion.rs` for the figures).

use burn::backend::{Backend, backend_extension, tensor::FloatTensor};

use crate::composite;

/// Activation functions supplied by a backend extension.
///
/// Users call the functions of this crate ([`crate::leaky_relu6`], [`crate::prelu`], ...),
/// which validate their arguments and dispatch here. Implementors may assume validated
/// arguments: finite scalars, a positive cap, a slope tensor of length 1 or of the size of the
/// channel axis, and a beta tensor of shape `[1]`.
#[backend_extension(
    Flex: cfg(feature = "flex"),
    NdArray: cfg(feature = "ndarray"),
    Cube: cfg(cube_runtime),
    Autodiff: cfg(feature = "autodiff"),
)]
pub trait ActivationExtOps: Backend {
    /// `min(x > 0 ? x : negative_slope * x, cap)`, NaN kept.
    fn capped_leaky_relu(
        input: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        composite::capped_leaky_relu::<Self>(input, negative_slope, cap)
    }

    /// Gradient of [`capped_leaky_relu`](ActivationExtOps::capped_leaky_relu) with respect to its
    /// input, given the upstream gradient `grad`.
    fn capped_leaky_relu_backward(
        input: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        composite::capped_leaky_relu_backward::<Self>(input, grad, negative_slope, cap)
    }

    /// `clamp(alpha * x + beta, 0, 1)`, NaN kept.
    fn hard_sigmoid(input: FloatTensor<Self>, alpha: f64, beta: f64) -> FloatTensor<Self> {
        composite::hard_sigmoid::<Self>(input, alpha, beta)
    }

    /// Gradient of [`hard_sigmoid`](ActivationExtOps::hard_sigmoid) with respect to its input.
    fn hard_sigmoid_backward(
        input: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        alpha: f64,
        beta: f64,
    ) -> FloatTensor<Self> {
        composite::hard_sigmoid_backward::<Self>(input, grad, alpha, beta)
    }

    /// `x * relu6(x + 3) / 6`.
    fn hard_swish(input: FloatTensor<Self>) -> FloatTensor<Self> {
        composite::hard_swish::<Self>(input)
    }

    /// Gradient of [`hard_swish`](ActivationExtOps::hard_swish) with respect to its input.
    fn hard_swish_backward(input: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        composite::hard_swish_backward::<Self>(input, grad)
    }

    /// `x > 0 ? x : alpha[c] * x`, with `c` the index along `channel_axis`; an `alpha` of
    /// length 1 applies to every element.
    fn prelu(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        composite::prelu::<Self>(input, alpha, channel_axis)
    }

    /// Gradient of [`prelu`](ActivationExtOps::prelu) with respect to its input.
    fn prelu_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        composite::prelu_backward::<Self>(input, alpha, grad, channel_axis)
    }

    /// Gradient of [`prelu`](ActivationExtOps::prelu) with respect to `alpha`: the sum over every
    /// axis but the channel axis (over every axis for a single slope), shaped like `alpha`.
    fn prelu_alpha_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        composite::prelu_alpha_backward::<Self>(input, alpha, grad, channel_axis)
    }

    /// `x * sigmoid(beta * x)` with `beta` a tensor of shape `[1]`.
    fn swish(input: FloatTensor<Self>, beta: FloatTensor<Self>) -> FloatTensor<Self> {
        composite::swish::<Self>(input, beta)
    }

    /// Gradient of [`swish`](ActivationExtOps::swish) with respect to its input.
    fn swish_backward(
        input: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        composite::swish_backward::<Self>(input, beta, grad)
    }

    /// Gradient of [`swish`](ActivationExtOps::swish) with respect to `beta`, shape `[1]`.
    fn swish_beta_backward(
        input: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        composite::swish_beta_backward::<Self>(input, beta, grad)
    }
}
