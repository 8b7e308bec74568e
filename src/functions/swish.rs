use burn::backend::Dispatch;
use burn::tensor::Tensor;

use super::check_finite;
use crate::ActivationExtOps;

/// Swish with a fixed `beta`: `x * sigmoid(beta * x)` (SiLU for `beta = 1`).
///
#[cfg_attr(
    doc,
    doc = r#"
$$\text{Swish}(x) = x \cdot \sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}$$
"#
)]
#[cfg_attr(not(doc), doc = "`y = x * sigmoid(beta * x)`")]
///
/// The sigmoid is evaluated in the form that cannot overflow, so every finite input gives a
/// finite value and gradient, however large `|beta * x|`. The gradient is
/// `s + beta * x * s * (1 - s)` with `s = sigmoid(beta * x)`: 0.5 at 0. As in PyTorch, `+inf`
/// gives `+inf` with gradient NaN, `-inf` gives NaN (`-inf * 0`), NaN gives NaN.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
/// * `beta` - The sharpness, finite; see [`swish_learnable`] to learn it.
///
/// # Returns
///
/// A tensor of the input's shape.
///
/// # Panics
///
/// If `beta` is NaN or infinite.
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// let x = Tensor::<1>::from_floats([0.0, 1000.0, -1000.0], &device);
/// let y = burn_activations::swish(x, 2.0);
/// y.into_data().assert_approx_eq::<f32>(&[0.0, 1000.0, 0.0].into(), Default::default());
/// ```
pub fn swish<const D: usize>(tensor: Tensor<D>, beta: f64) -> Tensor<D> {
    check_finite("swish", "beta", beta);
    let beta = Tensor::<1>::full([1], beta, (&tensor.device(), tensor.dtype()));
    dispatch(tensor, beta)
}

/// Swish with `beta` as a tensor of shape `[1]`, so that autodiff computes its gradient.
///
/// The same function as [`swish`]; the gradient of `beta` is the sum of
/// `x^2 * s * (1 - s) * grad` over every element, NaN if an input is NaN or infinite. The value
/// of `beta` is not checked (reading it would wait for the device); a NaN `beta` gives NaN.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
/// * `beta` - The sharpness, shape `[1]`.
///
/// # Returns
///
/// A tensor of the input's shape.
///
/// # Panics
///
/// If `beta` does not have exactly one element.
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// let x = Tensor::<1>::from_floats([0.0, 1000.0], &device);
/// let beta = Tensor::<1>::from_floats([1.5], &device);
/// let y = burn_activations::swish_learnable(x, beta);
/// y.into_data().assert_approx_eq::<f32>(&[0.0, 1000.0].into(), Default::default());
/// ```
pub fn swish_learnable<const D: usize>(tensor: Tensor<D>, beta: Tensor<1>) -> Tensor<D> {
    let [len] = beta.dims();
    assert!(
        len == 1,
        "swish_learnable: beta must have 1 element, got {len}"
    );
    let beta = if beta.dtype() == tensor.dtype() {
        beta
    } else {
        beta.cast(tensor.dtype())
    };
    dispatch(tensor, beta)
}

fn dispatch<const D: usize>(tensor: Tensor<D>, beta: Tensor<1>) -> Tensor<D> {
    let output =
        <Dispatch as ActivationExtOps>::swish(tensor.into_dispatch(), beta.into_dispatch());
    Tensor::from_dispatch(output)
}
