//! The CubeCL backend (wgpu, CUDA, Metal, Vulkan): every op runs the kernels of
//! `crate::kernels::cube`, and the composite for tensors they do not take (quantized ones, or
//! operands of mixed dtypes).
//!
//! Implemented on the unfused `CubeBackend`, which is `burn::backend::Cube` when Burn's `fusion`
//! feature is off; with it on, `burn::backend::Cube` is `Fusion<CubeBackend>` (see `fusion.rs`).

use burn::backend::tensor::FloatTensor;
use burn_cubecl::CubeBackend;

use crate::{ActivationExtOps, composite, kernels::cube as kernels};

impl ActivationExtOps for CubeBackend {
    fn capped_leaky_relu(
        input: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input]) {
            return composite::capped_leaky_relu::<Self>(input, negative_slope, cap);
        }
        kernels::capped_leaky_relu::capped_leaky_relu(input, negative_slope, cap)
    }

    fn capped_leaky_relu_backward(
        input: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &grad]) {
            return composite::capped_leaky_relu_backward::<Self>(input, grad, negative_slope, cap);
        }
        kernels::capped_leaky_relu::capped_leaky_relu_backward(input, grad, negative_slope, cap)
    }

    fn hard_sigmoid(input: FloatTensor<Self>, alpha: f64, beta: f64) -> FloatTensor<Self> {
        if !kernels::supported(&[&input]) {
            return composite::hard_sigmoid::<Self>(input, alpha, beta);
        }
        kernels::hard_sigmoid::hard_sigmoid(input, alpha, beta)
    }

    fn hard_sigmoid_backward(
        input: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        alpha: f64,
        beta: f64,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &grad]) {
            return composite::hard_sigmoid_backward::<Self>(input, grad, alpha, beta);
        }
        kernels::hard_sigmoid::hard_sigmoid_backward(input, grad, alpha, beta)
    }

    fn hard_swish(input: FloatTensor<Self>) -> FloatTensor<Self> {
        if !kernels::supported(&[&input]) {
            return composite::hard_swish::<Self>(input);
        }
        kernels::hard_swish::hard_swish(input)
    }

    fn hard_swish_backward(input: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &grad]) {
            return composite::hard_swish_backward::<Self>(input, grad);
        }
        kernels::hard_swish::hard_swish_backward(input, grad)
    }

    fn prelu(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &alpha]) {
            return composite::prelu::<Self>(input, alpha, channel_axis);
        }
        kernels::prelu::prelu(input, alpha, channel_axis)
    }

    fn prelu_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &alpha, &grad]) {
            return composite::prelu_backward::<Self>(input, alpha, grad, channel_axis);
        }
        kernels::prelu::prelu_backward(input, alpha, grad, channel_axis)
    }

    fn prelu_alpha_backward(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &alpha, &grad]) {
            return composite::prelu_alpha_backward::<Self>(input, alpha, grad, channel_axis);
        }
        kernels::prelu::prelu_alpha_backward(input, alpha, grad, channel_axis)
    }

    fn swish(input: FloatTensor<Self>, beta: FloatTensor<Self>) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &beta]) {
            return composite::swish::<Self>(input, beta);
        }
        kernels::swish::swish(input, beta)
    }

    fn swish_backward(
        input: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &beta, &grad]) {
            return composite::swish_backward::<Self>(input, beta, grad);
        }
        kernels::swish::swish_backward(input, beta, grad)
    }

    fn swish_beta_backward(
        input: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        if !kernels::supported(&[&input, &beta, &grad]) {
            return composite::swish_beta_backward::<Self>(input, beta, grad);
        }
        kernels::swish::swish_beta_backward(input, beta, grad)
    }
}
