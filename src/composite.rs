//! The composite reference of every op, built from Burn's float primitives.
//!
//! These are the default bodies of [`ActivationExtOps`](crate::ActivationExtOps): correct on every
//! backend, NaN-preserving, and the reference that fused kernels are tested against. Masks are
//! chosen so that a comparison with NaN (always false) selects the branch that keeps NaN in the
//! value and gives PyTorch's gradient.

use burn::backend::{
    Backend, Scalar, Shape, TensorMetadata, get_or_init_device_settings,
    tensor::{BoolTensor, FloatTensor},
};

fn bool_dtype<B: Backend>(tensor: &FloatTensor<B>) -> burn::tensor::BoolDType {
    get_or_init_device_settings::<B>(&tensor.device()).bool_dtype
}

fn scalar(value: f64) -> Scalar {
    value.into()
}

fn gt<B: Backend>(tensor: FloatTensor<B>, value: f64) -> BoolTensor<B> {
    let dtype = bool_dtype::<B>(&tensor);
    B::float_greater_elem(tensor, scalar(value), dtype)
}

fn ge<B: Backend>(tensor: FloatTensor<B>, value: f64) -> BoolTensor<B> {
    let dtype = bool_dtype::<B>(&tensor);
    B::float_greater_equal_elem(tensor, scalar(value), dtype)
}

fn lt<B: Backend>(tensor: FloatTensor<B>, value: f64) -> BoolTensor<B> {
    let dtype = bool_dtype::<B>(&tensor);
    B::float_lower_elem(tensor, scalar(value), dtype)
}

fn le<B: Backend>(tensor: FloatTensor<B>, value: f64) -> BoolTensor<B> {
    let dtype = bool_dtype::<B>(&tensor);
    B::float_lower_equal_elem(tensor, scalar(value), dtype)
}

/// Zeroes `grad` wherever `keep` is false.
fn keep_where<B: Backend>(grad: FloatTensor<B>, keep: BoolTensor<B>) -> FloatTensor<B> {
    B::float_mask_fill(grad, B::bool_not(keep), scalar(0.0))
}

/// Reshapes a length-1 or per-channel parameter to broadcast over `shape`, then expands it.
fn broadcast_param<B: Backend>(
    param: FloatTensor<B>,
    shape: &Shape,
    channel_axis: usize,
) -> FloatTensor<B> {
    let len = param.shape().num_elements();
    let mut dims = vec![1; shape.num_dims()];
    if len != 1 {
        dims[channel_axis] = len;
    }
    let param = B::float_reshape(param, Shape::from(dims));
    B::float_expand(param, shape.clone())
}

/// `x > 0 ? x : slope * x`: by the sign of `x`, so it holds for every slope.
fn leaky<B: Backend>(input: FloatTensor<B>, negative_slope: f64) -> FloatTensor<B> {
    let positive = gt::<B>(input.clone(), 0.0);
    let scaled = B::float_mul_scalar(input.clone(), scalar(negative_slope));
    B::float_mask_where(scaled, positive, input)
}

pub(crate) fn capped_leaky_relu<B: Backend>(
    input: FloatTensor<B>,
    negative_slope: f64,
    cap: f64,
) -> FloatTensor<B> {
    let uncapped = leaky::<B>(input, negative_slope);
    let capped = ge::<B>(uncapped.clone(), cap);
    B::float_mask_fill(uncapped, capped, scalar(cap))
}

pub(crate) fn capped_leaky_relu_backward<B: Backend>(
    input: FloatTensor<B>,
    grad: FloatTensor<B>,
    negative_slope: f64,
    cap: f64,
) -> FloatTensor<B> {
    // 1 for x > 0, the slope for x <= 0 (NaN included), 0 unless the uncapped value is below
    // the cap (so 0 at the cap and for NaN).
    let positive = gt::<B>(input.clone(), 0.0);
    let scaled = B::float_mul_scalar(grad.clone(), scalar(negative_slope));
    let grad = B::float_mask_where(scaled, positive, grad);
    let below_cap = lt::<B>(leaky::<B>(input, negative_slope), cap);
    keep_where::<B>(grad, below_cap)
}

/// Hard-Sigmoid in PyTorch's form: `clamp(x + offset, 0, range) / range` with `range = 1 /
/// alpha` and `offset = beta / alpha`, and its kinks `lower < upper` on the x axis.
struct HardSigmoidForm {
    range: f64,
    offset: f64,
    lower: f64,
    upper: f64,
}

impl HardSigmoidForm {
    /// `None` when `alpha` is 0 (a constant function).
    fn new(alpha: f64, beta: f64) -> Option<Self> {
        if alpha == 0.0 {
            return None;
        }
        let range = 1.0 / alpha;
        let offset = beta * range;
        // The value is 0 at `-offset` and 1 at `range - offset`.
        let (lower, upper) = if alpha > 0.0 {
            (-offset, range - offset)
        } else {
            (range - offset, -offset)
        };
        Some(Self {
            range,
            offset,
            lower,
            upper,
        })
    }
}

pub(crate) fn hard_sigmoid<B: Backend>(
    input: FloatTensor<B>,
    alpha: f64,
    beta: f64,
) -> FloatTensor<B> {
    let Some(form) = HardSigmoidForm::new(alpha, beta) else {
        // A constant, NaN kept.
        let constant = scalar(beta.clamp(0.0, 1.0));
        let nan = B::float_is_nan(input.clone(), bool_dtype::<B>(&input));
        return B::float_mask_fill(input, B::bool_not(nan), constant);
    };
    let (low_value, high_value) = if alpha > 0.0 { (0.0, 1.0) } else { (1.0, 0.0) };
    let shifted = B::float_add_scalar(input.clone(), scalar(form.offset));
    let value = B::float_div_scalar(shifted, scalar(form.range));
    let value = B::float_mask_fill(value, le::<B>(input.clone(), form.lower), scalar(low_value));
    B::float_mask_fill(value, ge::<B>(input, form.upper), scalar(high_value))
}

pub(crate) fn hard_sigmoid_backward<B: Backend>(
    input: FloatTensor<B>,
    grad: FloatTensor<B>,
    alpha: f64,
    beta: f64,
) -> FloatTensor<B> {
    let grad = B::float_mul_scalar(grad, scalar(alpha));
    let Some(form) = HardSigmoidForm::new(alpha, beta) else {
        return grad;
    };
    // alpha strictly between the kinks, 0 at and beyond them and for NaN.
    let grad = keep_where::<B>(grad, gt::<B>(input.clone(), form.lower));
    keep_where::<B>(grad, lt::<B>(input, form.upper))
}

pub(crate) fn hard_swish<B: Backend>(input: FloatTensor<B>) -> FloatTensor<B> {
    let shifted = B::float_add_scalar(input.clone(), scalar(3.0));
    let gate = B::float_mask_fill(shifted, le::<B>(input.clone(), -3.0), scalar(0.0));
    let gate = B::float_mask_fill(gate, ge::<B>(input.clone(), 3.0), scalar(6.0));
    B::float_div_scalar(B::float_mul(input, gate), scalar(6.0))
}

pub(crate) fn hard_swish_backward<B: Backend>(
    input: FloatTensor<B>,
    grad: FloatTensor<B>,
) -> FloatTensor<B> {
    // 0 for x <= -3, x / 3 + 1/2 inside (NaN stays NaN), 1 for x >= 3.
    let slope = B::float_add_scalar(B::float_div_scalar(input.clone(), scalar(3.0)), scalar(0.5));
    let slope = B::float_mask_fill(slope, le::<B>(input.clone(), -3.0), scalar(0.0));
    let slope = B::float_mask_fill(slope, ge::<B>(input, 3.0), scalar(1.0));
    B::float_mul(grad, slope)
}

pub(crate) fn prelu<B: Backend>(
    input: FloatTensor<B>,
    alpha: FloatTensor<B>,
    channel_axis: usize,
) -> FloatTensor<B> {
    let alpha = broadcast_param::<B>(alpha, &input.shape(), channel_axis);
    let positive = gt::<B>(input.clone(), 0.0);
    B::float_mask_where(B::float_mul(input.clone(), alpha), positive, input)
}

pub(crate) fn prelu_backward<B: Backend>(
    input: FloatTensor<B>,
    alpha: FloatTensor<B>,
    grad: FloatTensor<B>,
    channel_axis: usize,
) -> FloatTensor<B> {
    // 1 for x > 0, alpha for x <= 0 and NaN.
    let alpha = broadcast_param::<B>(alpha, &input.shape(), channel_axis);
    let positive = gt::<B>(input, 0.0);
    B::float_mask_where(B::float_mul(grad.clone(), alpha), positive, grad)
}

pub(crate) fn prelu_alpha_backward<B: Backend>(
    input: FloatTensor<B>,
    alpha: FloatTensor<B>,
    grad: FloatTensor<B>,
    channel_axis: usize,
) -> FloatTensor<B> {
    let alpha_shape = alpha.shape();
    let rank = input.shape().num_dims();
    let positive = gt::<B>(input.clone(), 0.0);
    let per_element = B::float_mask_fill(B::float_mul(input, grad), positive, scalar(0.0));

    let summed = if alpha_shape.num_elements() == 1 {
        B::float_sum(per_element)
    } else {
        let axes: Vec<usize> = (0..rank).filter(|&axis| axis != channel_axis).collect();
        B::float_sum_dims(per_element, &axes)
    };
    B::float_reshape(summed, alpha_shape)
}

/// `sigmoid(z)` and `sigmoid(-z) = 1 - sigmoid(z)`, each without overflow or cancellation.
fn sigmoid_pair<B: Backend>(z: FloatTensor<B>) -> (FloatTensor<B>, FloatTensor<B>) {
    let decay = B::float_exp(B::float_neg(B::float_abs(z.clone())));
    let large = B::float_recip(B::float_add_scalar(decay.clone(), scalar(1.0)));
    let small = B::float_mul(decay, large.clone());
    let non_negative = ge::<B>(z, 0.0);
    let sigmoid = B::float_mask_where(small.clone(), non_negative.clone(), large.clone());
    let complement = B::float_mask_where(large, non_negative, small);
    (sigmoid, complement)
}

pub(crate) fn swish<B: Backend>(input: FloatTensor<B>, beta: FloatTensor<B>) -> FloatTensor<B> {
    let beta = broadcast_param::<B>(beta, &input.shape(), 0);
    let (sigmoid, _) = sigmoid_pair::<B>(B::float_mul(input.clone(), beta));
    B::float_mul(input, sigmoid)
}

pub(crate) fn swish_backward<B: Backend>(
    input: FloatTensor<B>,
    beta: FloatTensor<B>,
    grad: FloatTensor<B>,
) -> FloatTensor<B> {
    // s + beta * x * s * (1 - s), multiplied so that no finite input overflows.
    let beta = broadcast_param::<B>(beta, &input.shape(), 0);
    let (sigmoid, complement) = sigmoid_pair::<B>(B::float_mul(input.clone(), beta.clone()));
    let curve = B::float_mul(B::float_mul(input, sigmoid.clone()), complement);
    let slope = B::float_add(sigmoid, B::float_mul(curve, beta));
    B::float_mul(grad, slope)
}

pub(crate) fn swish_beta_backward<B: Backend>(
    input: FloatTensor<B>,
    beta: FloatTensor<B>,
    grad: FloatTensor<B>,
) -> FloatTensor<B> {
    // sum of x^2 * s * (1 - s) * grad, as (x * s) * (x * (1 - s)) so that no finite input
    // overflows.
    let beta_shape = beta.shape();
    let beta = broadcast_param::<B>(beta, &input.shape(), 0);
    let (sigmoid, complement) = sigmoid_pair::<B>(B::float_mul(input.clone(), beta));
    let per_element = B::float_mul(
        B::float_mul(input.clone(), sigmoid),
        B::float_mul(input, complement),
    );
    let summed = B::float_sum(B::float_mul(per_element, grad));
    B::float_reshape(summed, beta_shape)
}
