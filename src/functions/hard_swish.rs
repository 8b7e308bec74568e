use burn::backend::Dispatch;
use burn::tensor::Tensor;

use crate::ActivationExtOps;

/// Hard-Swish (MobileNetV3): Swish's shape at ReLU's cost, `x * relu6(x + 3) / 6`.
///
#[cfg_attr(
    doc,
    doc = r#"
$$\text{HardSwish}(x) = x \cdot \frac{\min(\max(x + 3, 0), 6)}{6}$$
"#
)]
#[cfg_attr(not(doc), doc = "`y = x * min(max(x + 3, 0), 6) / 6`")]
///
/// The gradient is 0 for `x <= -3`, `x / 3 + 1/2` on `(-3, 3)` and 1 for `x >= 3`: 0 at -3,
/// 0.5 at 0 and 1 at 3, PyTorch's current convention. NaN gives NaN in value and gradient;
/// `-inf` gives NaN (as `-inf * 0`) with gradient 0, `+inf` gives `+inf` with gradient 1.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
///
/// # Returns
///
/// A tensor of the input's shape.
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// let x = Tensor::<1>::from_floats([-4.0, -1.0, 0.0, 1.0, 4.0], &device);
/// let y = burn_activations::hard_swish(x);
/// let expected = [0.0, -1.0 / 3.0, 0.0, 2.0 / 3.0, 4.0];
/// y.into_data().assert_approx_eq::<f32>(&expected.into(), Default::default());
/// ```
pub fn hard_swish<const D: usize>(tensor: Tensor<D>) -> Tensor<D> {
    let output = <Dispatch as ActivationExtOps>::hard_swish(tensor.into_dispatch());
    Tensor::from_dispatch(output)
}
