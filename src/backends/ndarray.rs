//! NdArray, the older CPU backend: the CPU kernels on `f32` and `f64`, the composite on other
//! dtypes.

#![allow(deprecated)] // NdArray is deprecated upstream; supported here until Burn drops it.

use burn::backend::ndarray::{NdArray, NdArrayTensor, SharedArray};
use burn::backend::{TensorMetadata, tensor::FloatTensor};
use burn::tensor::DType;
use ndarray::{ArcArray, IxDyn};

use crate::ActivationExtOps;
use crate::composite;
use crate::kernels::cpu::{
    self, CappedLeakyRelu, Channels, Elementwise, HardSigmoid, HardSwish, PRelu, Real, Swish,
};

/// An element type the CPU kernels run on, with its NdArray tensor variant.
trait Float: Real {
    fn array(tensor: NdArrayTensor) -> SharedArray<Self>;
    fn tensor(array: SharedArray<Self>) -> NdArrayTensor;
}

impl Float for f32 {
    fn array(tensor: NdArrayTensor) -> SharedArray<Self> {
        match tensor {
            NdArrayTensor::F32(storage) => storage.into_shared(),
            other => panic!("expected a float32 tensor, got {:?}", other.dtype()),
        }
    }

    fn tensor(array: SharedArray<Self>) -> NdArrayTensor {
        array.into()
    }
}

impl Float for f64 {
    fn array(tensor: NdArrayTensor) -> SharedArray<Self> {
        match tensor {
            NdArrayTensor::F64(storage) => storage.into_shared(),
            other => panic!("expected a float64 tensor, got {:?}", other.dtype()),
        }
    }

    fn tensor(array: SharedArray<Self>) -> NdArrayTensor {
        array.into()
    }
}

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

/// The tensor's array in row-major layout (a copy only when it is a strided view).
fn standard<E: Float>(tensor: NdArrayTensor) -> SharedArray<E> {
    let array = E::array(tensor);
    if array.is_standard_layout() {
        array
    } else {
        array.as_standard_layout().into_owned().into_shared()
    }
}

fn elements<E: Float>(array: &SharedArray<E>) -> &[E] {
    array.as_slice().expect("a row-major array")
}

fn from_vec<E: Float>(values: Vec<E>, shape: &[usize]) -> NdArrayTensor {
    let array = ArcArray::from_shape_vec(IxDyn(shape), values).expect("the input's shape");
    E::tensor(array)
}

fn forward<E: Float>(input: NdArrayTensor, op: impl Elementwise<E>) -> NdArrayTensor {
    let mut input = standard::<E>(input);
    if input.is_unique() {
        cpu::map_in_place(input.as_slice_mut().expect("a row-major array"), op);
        return E::tensor(input);
    }
    from_vec(cpu::map(elements(&input), op), input.shape())
}

fn backward<E: Float>(
    input: NdArrayTensor,
    grad: NdArrayTensor,
    op: impl Elementwise<E>,
) -> NdArrayTensor {
    let input = standard::<E>(input);
    let mut grad = standard::<E>(grad);
    if grad.is_unique() {
        let data = grad.as_slice_mut().expect("a row-major array");
        cpu::gradient_in_place(elements(&input), data, op);
        return E::tensor(grad);
    }
    from_vec(
        cpu::gradient(elements(&input), elements(&grad), op),
        input.shape(),
    )
}

fn params<E: Float>(param: NdArrayTensor) -> Vec<E> {
    elements(&standard::<E>(param)).to_vec()
}

fn scalar(param: NdArrayTensor) -> f64 {
    with_float!(param, E => params::<E>(param)[0].to_f64(), _ => f64::NAN)
}

impl ActivationExtOps for NdArray {
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
            let mut input = standard::<E>(input);
            let channels = Channels::new(input.shape(), channel_axis, alpha.len());
            if input.is_unique() {
                let data = input.as_slice_mut().expect("a row-major array");
                cpu::map_channels_in_place(data, &alpha, channels, PRelu::value);
                return E::tensor(input);
            }
            let output = cpu::map_channels(elements(&input), &alpha, channels, PRelu::value);
            from_vec(output, input.shape())
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
            let input = standard::<E>(input);
            let mut grad = standard::<E>(grad);
            let channels = Channels::new(input.shape(), channel_axis, alpha.len());
            if grad.is_unique() {
                let data = grad.as_slice_mut().expect("a row-major array");
                let x = elements(&input);
                cpu::gradient_channels_in_place(x, data, &alpha, channels, PRelu::gradient);
                return E::tensor(grad);
            }
            let (x, g) = (elements(&input), elements(&grad));
            let output = cpu::gradient_channels(x, g, &alpha, channels, PRelu::gradient);
            from_vec(output, input.shape())
        }, _ => composite::prelu_backward::<Self>(input, alpha, grad, channel_axis))
    }

    fn prelu_alpha_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        with_float!(input, E => {
            let len = alpha.shape().num_elements();
            let (input, grad) = (standard::<E>(input), standard::<E>(grad));
            let channels = Channels::new(input.shape(), channel_axis, len);
            let (x, g) = (elements(&input), elements(&grad));
            from_vec(cpu::channel_sums(x, g, channels, cpu::MEMORY_BOUND, PRelu::alpha_term), &[len])
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
            let swish = Swish::<E>::new(scalar(beta));
            let (input, grad) = (standard::<E>(input), standard::<E>(grad));
            let channels = Channels { channels: 1, inner: input.len() };
            let (x, g) = (elements(&input), elements(&grad));
            let sums = cpu::channel_sums(x, g, channels, cpu::COMPUTE_BOUND, |x, g| {
                swish.beta_term(x, g)
            });
            from_vec(sums, &[1])
        }, _ => composite::swish_beta_backward::<Self>(input, beta, grad))
    }
}
