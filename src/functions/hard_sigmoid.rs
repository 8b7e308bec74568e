use burn::backend::Dispatch;
use burn::tensor::Tensor;

use super::check_finite;
use crate::ActivationExtOps;

/// Hard-Sigmoid: a piecewise-linear sigmoid, `clamp(alpha * x + beta, 0, 1)`.
///
#[cfg_attr(
    doc,
    doc = r#"
$$\text{HardSigmoid}(x) = \max\left(0, \min\left(1, \alpha x + \beta\right)\right)$$
"#
)]
#[cfg_attr(not(doc), doc = "`y = clamp(alpha * x + beta, 0, 1)`")]
///
/// PyTorch, JAX and Keras 3 use `alpha = 1/6, beta = 0.5` (`relu6(x + 3) / 6`); Burn's own
/// `hard_sigmoid` and ONNX use `alpha = 0.2, beta = 0.5`. The value is computed in PyTorch's
/// form, `clamp(x + beta / alpha, 0, 1 / alpha) * alpha`, so the defaults match PyTorch to
/// the last bit at the kinks. The gradient is `alpha` strictly between the kinks and 0 at
/// and beyond both (0 at -3 and 3 for the defaults) and for NaN, whose value stays NaN.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
/// * `alpha` - The slope, finite.
/// * `beta` - The offset, finite.
///
/// # Returns
///
/// A tensor of the input's shape, in `[0, 1]` except where the input is NaN.
///
/// # Panics
///
/// If `alpha` or `beta` is NaN or infinite.
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// let x = Tensor::<1>::from_floats([-3.0, 0.0, 1.0, 3.0], &device);
/// let y = burn_activations::hard_sigmoid(x, 1.0 / 6.0, 0.5);
/// let expected = [0.0, 0.5, 2.0 / 3.0, 1.0];
/// y.into_data().assert_approx_eq::<f32>(&expected.into(), Default::default());
/// ```
pub fn hard_sigmoid<const D: usize>(tensor: Tensor<D>, alpha: f64, beta: f64) -> Tensor<D> {
    check_finite("hard_sigmoid", "alpha", alpha);
    check_finite("hard_sigmoid", "beta", beta);
    let output = <Dispatch as ActivationExtOps>::hard_sigmoid(tensor.into_dispatch(), alpha, beta);
    Tensor::from_dispatch(output)
}
