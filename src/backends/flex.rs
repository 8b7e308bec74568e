//! Flex, Burn's pure-Rust CPU backend: the CPU kernels on `f32` and `f64`, the composite on
//! other dtypes.

use burn::backend::flex::{Flex, FlexTensor, Layout};
use burn::backend::{Element, tensor::FloatTensor};
use burn::tensor::{Bytes, DType};

use crate::ActivationExtOps;
use crate::composite;
use crate::kernels::cpu::{
    self, CappedLeakyRelu, Channels, Elementwise, HardSigmoid, HardSwish, PRelu, Real, Swish,
};

/// An element type the CPU kernels run on, as Flex stores it.
trait Float: Real + Element + bytemuck::Pod {}
impl Float for f32 {}
impl Float for f64 {}

/// Calls `$body` with `$E` bound to the tensor's float type, or evaluates `$fallback`.
macro_rules! with_float {
    ($tensor:expr, $E:ident => $body:expr, _ => $fallback:expr) => {
        match $tensor.dtype() {
            DType::F32 => {
                type $E = f32;
                $body
            }
            DType::F64 => {
                type $E = f64;
                $body
            }
            _ => $fallback,
        }
    };
}

fn contiguous(tensor: FlexTensor) -> FlexTensor {
    if tensor.is_contiguous() {
        tensor
    } else {
        tensor.to_contiguous()
    }
}

/// The tensor's elements as a mutable slice, when it owns them alone from offset 0.
fn exclusive<E: Float>(tensor: &mut FlexTensor) -> Option<&mut [E]> {
    let len = tensor.layout().num_elements();
    match tensor.layout().contiguous_offsets() {
        Some((0, _)) => tensor
            .try_storage_mut::<E>()
            .map(|storage| &mut storage[..len]),
        _ => None,
    }
}

fn elements<E: Float>(tensor: &FlexTensor) -> &[E] {
    tensor.as_slice::<E>().expect("a contiguous tensor")
}

fn from_vec<E: Float>(values: Vec<E>, like: &FlexTensor) -> FlexTensor {
    let layout = Layout::contiguous(like.layout().shape().clone());
    FlexTensor::new(Bytes::from_elems(values), layout, E::dtype())
}

fn forward<E: Float>(input: FlexTensor, op: impl Elementwise<E>) -> FlexTensor {
    let mut input = contiguous(input);
    if let Some(data) = exclusive::<E>(&mut input) {
        cpu::map_in_place(data, op);
        return input;
    }
    let output = cpu::map(elements::<E>(&input), op);
    from_vec(output, &input)
}

fn backward<E: Float>(input: FlexTensor, grad: FlexTensor, op: impl Elementwise<E>) -> FlexTensor {
    let input = contiguous(input);
    let mut grad = contiguous(grad);
    if let Some(data) = exclusive::<E>(&mut grad) {
        cpu::gradient_in_place(elements::<E>(&input), data, op);
        return grad;
    }
    let output = cpu::gradient(elements::<E>(&input), elements::<E>(&grad), op);
    from_vec(output, &input)
}

fn params<E: Float>(param: FlexTensor) -> Vec<E> {
    elements::<E>(&contiguous(param)).to_vec()
}

fn channels(input: &FlexTensor, len: usize, axis: usize) -> Channels {
    Channels::new(input.layout().shape(), axis, len)
}

fn scalar(param: FlexTensor) -> f64 {
    with_float!(param, E => params::<E>(param)[0].to_f64(), _ => f64::NAN)
}

impl ActivationExtOps for Flex {
    fn capped_leaky_relu(
        input: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        with_float!(input, E => forward::<E>(input, CappedLeakyRelu::new(negative_slope, cap)),
            _ => composite::capped_leaky_relu::<Self>(input, negative_slope, cap))
    }

    fn capped_leaky_relu_backward(
        input: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        with_float!(input, E => backward::<E>(input, grad, CappedLeakyRelu::new(negative_slope, cap)),
            _ => composite::capped_leaky_relu_backward::<Self>(input, grad, negative_slope, cap))
    }

    fn hard_sigmoid(input: FloatTensor<Self>, alpha: f64, beta: f64) -> FloatTensor<Self> {
        with_float!(input, E => forward::<E>(input, HardSigmoid::new(alpha, beta)),
            _ => composite::hard_sigmoid::<Self>(input, alpha, beta))
    }

    fn hard_sigmoid_backward(
        input: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        alpha: f64,
        beta: f64,
    ) -> FloatTensor<Self> {
        with_float!(input, E => backward::<E>(input, grad, HardSigmoid::new(alpha, beta)),
            _ => composite::hard_sigmoid_backward::<Self>(input, grad, alpha, beta))
    }

    fn hard_swish(input: FloatTensor<Self>) -> FloatTensor<Self> {
        with_float!(input, E => forward::<E>(input, HardSwish),
            _ => composite::hard_swish::<Self>(input))
    }

    fn hard_swish_backward(input: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        with_float!(input, E => backward::<E>(input, grad, HardSwish),
            _ => composite::hard_swish_backward::<Self>(input, grad))
    }

    fn prelu(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        with_float!(input, E => {
            let alpha = params::<E>(alpha);
            let mut input = contiguous(input);
            let channels = channels(&input, alpha.len(), channel_axis);
            if let Some(data) = exclusive::<E>(&mut input) {
                cpu::map_channels_in_place(data, &alpha, channels, PRelu::value);
                return input;
            }
            let output = cpu::map_channels(elements::<E>(&input), &alpha, channels, PRelu::value);
            from_vec(output, &input)
        }, _ => composite::prelu::<Self>(input, alpha, channel_axis))
    }

    fn prelu_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        with_float!(input, E => {
            let alpha = params::<E>(alpha);
            let input = contiguous(input);
            let mut grad = contiguous(grad);
            let channels = channels(&input, alpha.len(), channel_axis);
            if let Some(data) = exclusive::<E>(&mut grad) {
                let x = elements::<E>(&input);
                cpu::gradient_channels_in_place(x, data, &alpha, channels, PRelu::gradient);
                return grad;
            }
            let (x, g) = (elements::<E>(&input), elements::<E>(&grad));
            let output = cpu::gradient_channels(x, g, &alpha, channels, PRelu::gradient);
            from_vec(output, &input)
        }, _ => composite::prelu_backward::<Self>(input, alpha, grad, channel_axis))
    }

    fn prelu_alpha_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        with_float!(input, E => {
            let len = alpha.layout().num_elements();
            let (input, grad) = (contiguous(input), contiguous(grad));
            let channels = channels(&input, len, channel_axis);
            let (x, g) = (elements::<E>(&input), elements::<E>(&grad));
            let sums = cpu::channel_sums(x, g, channels, cpu::MEMORY_BOUND, PRelu::alpha_term);
            from_vec(sums, &alpha)
        }, _ => composite::prelu_alpha_backward::<Self>(input, alpha, grad, channel_axis))
    }

    fn swish(input: FloatTensor<Self>, beta: FloatTensor<Self>) -> FloatTensor<Self> {
        with_float!(input, E => forward::<E>(input, Swish::new(scalar(beta))),
            _ => composite::swish::<Self>(input, beta))
    }

    fn swish_backward(
        input: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        with_float!(input, E => backward::<E>(input, grad, Swish::<E>::new(scalar(beta))),
            _ => composite::swish_backward::<Self>(input, beta, grad))
    }

    fn swish_beta_backward(
        input: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        with_float!(input, E => {
            let swish = Swish::<E>::new(scalar(beta.clone()));
            let (input, grad) = (contiguous(input), contiguous(grad));
            let channels = Channels { channels: 1, inner: input.layout().num_elements() };
            let (x, g) = (elements::<E>(&input), elements::<E>(&grad));
            let sums = cpu::channel_sums(x, g, channels, cpu::COMPUTE_BOUND, |x, g| {
                swish.beta_term(x, g)
            });
            from_vec(sums, &beta)
        }, _ => composite::swish_beta_backward::<Self>(input, beta, grad))
    }
}
