//! What Flex and NdArray share: every op adapts the backend's tensors to slices, runs the CPU
//! kernels of `crate::kernels::cpu` on `f32` and `f64`, and falls back to the composite on
//! other dtypes. A backend only says how its tensors become slices ([`CpuFloat`]) and invokes
//! [`cpu_activation_ops!`](crate::backends::cpu::cpu_activation_ops).

use burn::backend::{Backend, tensor::FloatTensor};

use crate::kernels::cpu::{self, Channels, Elementwise, PRelu, Real, Swish};

/// Calls `$body` with `$E` bound to the tensor's float type, or evaluates `$fallback`.
macro_rules! with_float {
    ($tensor:expr, $E:ident => $body:expr, _ => $fallback:expr) => {
        match burn::backend::TensorMetadata::dtype(&$tensor) {
            burn::tensor::DType::F32 => {
                type $E = f32;
                $body
            }
            burn::tensor::DType::F64 => {
                type $E = f64;
                $body
            }
            _ => $fallback,
        }
    };
}
pub(super) use with_float;

/// An element type the CPU kernels run on, with the way backend `B` stores it.
pub(super) trait CpuFloat<B: Backend>: Real {
    /// A tensor of `B` holding `Self` in row-major order.
    type Buffer;

    /// The tensor in row-major order (a copy only when it is a strided view).
    fn buffer(tensor: FloatTensor<B>) -> Self::Buffer;
    fn elements(buffer: &Self::Buffer) -> &[Self];
    /// The elements as a mutable slice, when nothing else holds them.
    fn exclusive(buffer: &mut Self::Buffer) -> Option<&mut [Self]>;
    fn shape(buffer: &Self::Buffer) -> &[usize];
    fn tensor(buffer: Self::Buffer) -> FloatTensor<B>;
    fn from_vec(values: Vec<Self>, shape: &[usize]) -> FloatTensor<B>;
}

pub(super) fn forward<B: Backend, E: CpuFloat<B>>(
    input: FloatTensor<B>,
    op: impl Elementwise<E>,
) -> FloatTensor<B> {
    let mut input = E::buffer(input);
    if let Some(data) = E::exclusive(&mut input) {
        cpu::map_in_place(data, op);
        return E::tensor(input);
    }
    E::from_vec(cpu::map(E::elements(&input), op), E::shape(&input))
}

pub(super) fn backward<B: Backend, E: CpuFloat<B>>(
    input: FloatTensor<B>,
    grad: FloatTensor<B>,
    op: impl Elementwise<E>,
) -> FloatTensor<B> {
    let input = E::buffer(input);
    let mut grad = E::buffer(grad);
    if let Some(data) = E::exclusive(&mut grad) {
        cpu::gradient_in_place(E::elements(&input), data, op);
        return E::tensor(grad);
    }
    let output = cpu::gradient(E::elements(&input), E::elements(&grad), op);
    E::from_vec(output, E::shape(&input))
}

fn params<B: Backend, E: CpuFloat<B>>(param: FloatTensor<B>) -> Vec<E> {
    E::elements(&E::buffer(param)).to_vec()
}

/// The value of a one-element parameter tensor (Swish's beta); NaN for a dtype the kernels
/// do not take.
pub(super) fn scalar<B: Backend>(param: FloatTensor<B>) -> f64
where
    f32: CpuFloat<B>,
    f64: CpuFloat<B>,
{
    with_float!(param, E => params::<B, E>(param)[0].to_f64(), _ => f64::NAN)
}

pub(super) fn prelu<B: Backend, E: CpuFloat<B>>(
    input: FloatTensor<B>,
    alpha: FloatTensor<B>,
    channel_axis: usize,
) -> FloatTensor<B> {
    let alpha = params::<B, E>(alpha);
    let mut input = E::buffer(input);
    let channels = Channels::new(E::shape(&input), channel_axis, alpha.len());
    if let Some(data) = E::exclusive(&mut input) {
        cpu::map_channels_in_place(data, &alpha, channels, PRelu::value);
        return E::tensor(input);
    }
    let output = cpu::map_channels(E::elements(&input), &alpha, channels, PRelu::value);
    E::from_vec(output, E::shape(&input))
}

pub(super) fn prelu_backward<B: Backend, E: CpuFloat<B>>(
    input: FloatTensor<B>,
    alpha: FloatTensor<B>,
    grad: FloatTensor<B>,
    channel_axis: usize,
) -> FloatTensor<B> {
    let alpha = params::<B, E>(alpha);
    let input = E::buffer(input);
    let mut grad = E::buffer(grad);
    let channels = Channels::new(E::shape(&input), channel_axis, alpha.len());
    let x = E::elements(&input);
    if let Some(data) = E::exclusive(&mut grad) {
        cpu::gradient_channels_in_place(x, data, &alpha, channels, PRelu::gradient);
        return E::tensor(grad);
    }
    let output = cpu::gradient_channels(x, E::elements(&grad), &alpha, channels, PRelu::gradient);
    E::from_vec(output, E::shape(&input))
}

/// `len` is the number of slopes.
pub(super) fn prelu_alpha_backward<B: Backend, E: CpuFloat<B>>(
    input: FloatTensor<B>,
    len: usize,
    grad: FloatTensor<B>,
    channel_axis: usize,
) -> FloatTensor<B> {
    let (input, grad) = (E::buffer(input), E::buffer(grad));
    let channels = Channels::new(E::shape(&input), channel_axis, len);
    let (x, g) = (E::elements(&input), E::elements(&grad));
    let sums = cpu::channel_sums(x, g, channels, cpu::MEMORY_BOUND, PRelu::alpha_term);
    E::from_vec(sums, &[len])
}

pub(super) fn swish_beta_backward<B: Backend, E: CpuFloat<B>>(
    input: FloatTensor<B>,
    beta: f64,
    grad: FloatTensor<B>,
) -> FloatTensor<B> {
    let swish = Swish::<E>::new(beta);
    let (input, grad) = (E::buffer(input), E::buffer(grad));
    let (x, g) = (E::elements(&input), E::elements(&grad));
    let channels = Channels {
        channels: 1,
        inner: x.len(),
    };
    let sums = cpu::channel_sums(x, g, channels, cpu::COMPUTE_BOUND, |x, g| {
        swish.beta_term(x, g)
    });
    E::from_vec(sums, &[1])
}

/// Implements `ActivationExtOps` for a CPU backend whose `f32` and `f64` implement
/// [`CpuFloat`]: the kernels on those dtypes, the composite on the others.
macro_rules! cpu_activation_ops {
    ($backend:ty) => {
        use $crate::backends::cpu::{self, with_float};
        use $crate::composite;
        use $crate::kernels::cpu::{CappedLeakyRelu, HardSigmoid, HardSwish, Swish};
        use burn::backend::tensor::FloatTensor;

        impl $crate::ActivationExtOps for $backend {
            fn capped_leaky_relu(
                input: FloatTensor<Self>,
                negative_slope: f64,
                cap: f64,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::forward::<Self, E>(
                        input, CappedLeakyRelu::new(negative_slope, cap)),
                    _ => composite::capped_leaky_relu::<Self>(input, negative_slope, cap))
            }

            fn capped_leaky_relu_backward(
                input: FloatTensor<Self>,
                grad: FloatTensor<Self>,
                negative_slope: f64,
                cap: f64,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::backward::<Self, E>(
                        input, grad, CappedLeakyRelu::new(negative_slope, cap)),
                    _ => composite::capped_leaky_relu_backward::<Self>(
                        input, grad, negative_slope, cap))
            }

            fn hard_sigmoid(input: FloatTensor<Self>, alpha: f64, beta: f64) -> FloatTensor<Self> {
                with_float!(input, E => cpu::forward::<Self, E>(
                        input, HardSigmoid::new(alpha, beta)),
                    _ => composite::hard_sigmoid::<Self>(input, alpha, beta))
            }

            fn hard_sigmoid_backward(
                input: FloatTensor<Self>,
                grad: FloatTensor<Self>,
                alpha: f64,
                beta: f64,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::backward::<Self, E>(
                        input, grad, HardSigmoid::new(alpha, beta)),
                    _ => composite::hard_sigmoid_backward::<Self>(input, grad, alpha, beta))
            }

            fn hard_swish(input: FloatTensor<Self>) -> FloatTensor<Self> {
                with_float!(input, E => cpu::forward::<Self, E>(input, HardSwish),
                    _ => composite::hard_swish::<Self>(input))
            }

            fn hard_swish_backward(
                input: FloatTensor<Self>,
                grad: FloatTensor<Self>,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::backward::<Self, E>(input, grad, HardSwish),
                    _ => composite::hard_swish_backward::<Self>(input, grad))
            }

            fn prelu(
                input: FloatTensor<Self>,
                alpha: FloatTensor<Self>,
                channel_axis: usize,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::prelu::<Self, E>(input, alpha, channel_axis),
                    _ => composite::prelu::<Self>(input, alpha, channel_axis))
            }

            fn prelu_backward(
                input: FloatTensor<Self>,
                alpha: FloatTensor<Self>,
                grad: FloatTensor<Self>,
                channel_axis: usize,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::prelu_backward::<Self, E>(
                        input, alpha, grad, channel_axis),
                    _ => composite::prelu_backward::<Self>(input, alpha, grad, channel_axis))
            }

            fn prelu_alpha_backward(
                input: FloatTensor<Self>,
                alpha: FloatTensor<Self>,
                grad: FloatTensor<Self>,
                channel_axis: usize,
            ) -> FloatTensor<Self> {
                let len = burn::backend::TensorMetadata::shape(&alpha).num_elements();
                with_float!(input, E => cpu::prelu_alpha_backward::<Self, E>(
                        input, len, grad, channel_axis),
                    _ => composite::prelu_alpha_backward::<Self>(input, alpha, grad, channel_axis))
            }

            fn swish(input: FloatTensor<Self>, beta: FloatTensor<Self>) -> FloatTensor<Self> {
                with_float!(input, E => cpu::forward::<Self, E>(
                        input, Swish::new(cpu::scalar::<Self>(beta))),
                    _ => composite::swish::<Self>(input, beta))
            }

            fn swish_backward(
                input: FloatTensor<Self>,
                beta: FloatTensor<Self>,
                grad: FloatTensor<Self>,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::backward::<Self, E>(
                        input, grad, Swish::<E>::new(cpu::scalar::<Self>(beta))),
                    _ => composite::swish_backward::<Self>(input, beta, grad))
            }

            fn swish_beta_backward(
                input: FloatTensor<Self>,
                beta: FloatTensor<Self>,
                grad: FloatTensor<Self>,
            ) -> FloatTensor<Self> {
                with_float!(input, E => cpu::swish_beta_backward::<Self, E>(
                        input, cpu::scalar::<Self>(beta), grad),
                    _ => composite::swish_beta_backward::<Self>(input, beta, grad))
            }
        }
    };
}
pub(super) use cpu_activation_ops;
