use burn::backend::Dispatch;
use burn::tensor::Tensor;

use crate::ActivationExtOps;

/// PReLU: a leaky ReLU whose negative slope is learned, one per channel or one for all.
///
#[cfg_attr(
    doc,
    doc = r#"
$$\text{PReLU}(x) = \begin{cases} x & x > 0 \\ \alpha_c\, x & x \le 0 \end{cases}$$

where $c$ is the element's index along `channel_axis`.
"#
)]
#[cfg_attr(
    not(doc),
    doc = "`y = x > 0 ? x : alpha[c] * x`, c the element's index along `channel_axis`"
)]
///
/// An `alpha` of length 1 applies to every element, whatever the rank (`channel_axis` is
/// then not consulted); otherwise its length must be the size of `channel_axis`. Unlike
/// Burn's `prelu`, which takes the channels at axis 1, any axis works, so channels-last
/// tensors (`[batch, time, channels]`, NHWC) get per-channel slopes.
///
/// The input gradient is 1 for `x > 0` and `alpha[c]` for `x <= 0`, so `alpha[c]` at 0 and for
/// NaN (whose value stays NaN). The gradient of `alpha[c]` is the sum of `x * grad` over the
/// elements of channel `c` with `x <= 0`, NaN if one of them is NaN.
///
/// # Arguments
///
/// * `tensor` - The input, of any shape.
/// * `alpha` - The slopes, of length 1 or of the size of `channel_axis`.
/// * `channel_axis` - The axis that indexes the slopes.
///
/// # Returns
///
/// A tensor of the input's shape.
///
/// # Panics
///
/// If `alpha` has more than one element and `channel_axis` is not below the rank, or the
/// length of `alpha` is neither 1 nor the size of `channel_axis`.
///
/// # Example
///
/// ```
/// use burn::tensor::{Device, Tensor};
///
/// let device = Device::default();
/// // [batch 1, time 2, channels 2], channels last.
/// let x = Tensor::<3>::from_floats([[[-1.0, -1.0], [2.0, -2.0]]], &device);
/// let alpha = Tensor::<1>::from_floats([0.1, 0.5], &device);
/// let y = burn_activations::prelu(x, alpha, 2);
/// let expected = [[[-0.1, -0.5], [2.0, -1.0]]];
/// y.into_data().assert_approx_eq::<f32>(&expected.into(), Default::default());
/// ```
pub fn prelu<const D: usize>(
    tensor: Tensor<D>,
    alpha: Tensor<1>,
    channel_axis: usize,
) -> Tensor<D> {
    let [len] = alpha.dims();
    if len != 1 {
        assert!(
            channel_axis < D,
            "prelu: channel_axis must be less than the input's rank {D}, got {channel_axis}"
        );
        let channels = tensor.dims()[channel_axis];
        assert!(
            len == channels,
            "prelu: alpha must have 1 element or {channels} (the size of channel axis \
             {channel_axis}), got {len}"
        );
    }
    let alpha = if alpha.dtype() == tensor.dtype() {
        alpha
    } else {
        alpha.cast(tensor.dtype())
    };

    let output = <Dispatch as ActivationExtOps>::prelu(
        tensor.into_dispatch(),
        alpha.into_dispatch(),
        channel_axis,
    );
    Tensor::from_dispatch(output)
}
