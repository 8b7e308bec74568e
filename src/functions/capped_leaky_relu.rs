use burn::backend::Dispatch;
use burn::tensor::Tensor;

use super::check_finite;
use crate::ActivationExtOps;

/// Leaky ReLU6: ReLU6's cap at 6 with Leaky ReLU's slope on the negative side.
///
/// ReLU6 bounds activations from above, which keeps them small enough for low-precision
/// arithmetic; Leaky ReLU keeps a gradient for negative inputs, so units cannot die. This is
/// both at once, [`capped_leaky_relu`] with `cap = 6`.
///
#[cfg_attr(
    doc,
    doc = r#"
$$\text{LeakyReLU6}(x) = \min\left(\begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases},\ 6\right)$$
"#
)]
#[cfg_attr(not(doc), doc = "`y = min(x > 0 ? x : negative_slope * x, 6)`")]
///
/// The gradient is 1 on `(0, 6)`, `negative_slope` for `x <= 0` and 0 from 6 on: 0 at the cap,
/// `negative_slope` at 0 (PyTorch's `clamp(leaky_relu(x, s), max = 6)`). NaN gives NaN with
/// gradient 0; `-inf` gives `-inf` for a positive slope.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
/// * `negative_slope` - The slope for `x <= 0`, any finite value (also above 1 or negative).
///
/// # Returns
///
/// A tensor of the input's shape.
///
/// # Panics
///
/// If `negative_slope` is NaN or infinite.
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// let x = Tensor::<1>::from_floats([-10.0, -1.0, 0.0, 1.0, 7.0], &device);
/// let y = burn_activations::leaky_relu6(x, 0.1);
/// let expected = [-1.0, -0.1, 0.0, 1.0, 6.0];
/// y.into_data().assert_approx_eq::<f32>(&expected.into(), Default::default());
/// ```
pub fn leaky_relu6<const D: usize>(tensor: Tensor<D>, negative_slope: f64) -> Tensor<D> {
    check_finite("leaky_relu6", "negative_slope", negative_slope);
    dispatch(tensor, negative_slope, 6.0)
}

/// A leaky ReLU capped from above: Leaky ReLU6 with any cap.
///
#[cfg_attr(
    doc,
    doc = r#"
$$y = \min\left(\begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases},\ c\right)$$
"#
)]
#[cfg_attr(not(doc), doc = "`y = min(x > 0 ? x : negative_slope * x, cap)`")]
///
/// Defined by the sign of `x`, so it holds for every slope, also slopes above 1 (a
/// `max(s * x, x)` form swaps the branches there). The gradient is 0 where the uncapped value
/// is at or above the cap, 1 for `0 < x` and `negative_slope` for `x <= 0`: `negative_slope`
/// at 0, 0 at the cap, 0 for NaN, whose value stays NaN.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
/// * `negative_slope` - The slope for `x <= 0`, any finite value.
/// * `cap` - The upper bound, positive (`f64::INFINITY` gives an uncapped leaky ReLU).
///
/// # Returns
///
/// A tensor of the input's shape.
///
/// # Panics
///
/// If `negative_slope` is NaN or infinite, or `cap` is not positive (NaN included).
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// let x = Tensor::<1>::from_floats([-1.0, 1.0, 5.0], &device);
/// let y = burn_activations::capped_leaky_relu(x, 2.0, 3.0);
/// y.into_data().assert_approx_eq::<f32>(&[-2.0, 1.0, 3.0].into(), Default::default());
/// ```
pub fn capped_leaky_relu<const D: usize>(
    tensor: Tensor<D>,
    negative_slope: f64,
    cap: f64,
) -> Tensor<D> {
    check_finite("capped_leaky_relu", "negative_slope", negative_slope);
    assert!(
        cap > 0.0,
        "capped_leaky_relu: cap must be positive, got {cap}"
    );
    dispatch(tensor, negative_slope, cap)
}

fn dispatch<const D: usize>(tensor: Tensor<D>, negative_slope: f64, cap: f64) -> Tensor<D> {
    let output = <Dispatch as ActivationExtOps>::capped_leaky_relu(
        tensor.into_dispatch(),
        negative_slope,
        cap,
    );
    Tensor::from_dispatch(output)
}
