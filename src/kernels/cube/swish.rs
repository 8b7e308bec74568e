//! Swish with a device-side beta: its value, input gradient and beta gradient.

use burn::backend::TensorMetadata;
use burn_cubecl::{
    cubecl::{
        self,
        prelude::*,
        std::tensor::layout::linear::{LinearView, LinearViewMut},
    },
    tensor::CubeTensor,
};

use super::{
    map, map_with_grad,
    sum::{Split, Term, channel_sum},
};

/// `(sigmoid(z), 1 - sigmoid(z))` without overflow or cancellation: with `d = exp(-|z|)`, the
/// pair is `1 / (1 + d)` and `d / (1 + d)`, the larger one on the side of the sign of `z`.
#[cube]
pub(super) fn sigmoid_pair<F: Float, N: Size>(z: Vector<F, N>) -> (Vector<F, N>, Vector<F, N>) {
    let decay = Vector::exp(-Vector::abs(z));
    let large = Vector::recip(decay + Vector::new(F::new(1.0)));
    let small = decay * large;
    let non_negative = z.greater_equal(&Vector::new(F::new(0.0)));
    (
        select_many(non_negative, large, small),
        select_many(non_negative, small, large),
    )
}

/// `x * sigmoid(beta * x)`.
#[cube(launch_unchecked, address_type = "dynamic")]
fn swish_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    beta: &Tensor<F>,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let (sigmoid, _) = sigmoid_pair::<F, N>(x * Vector::new(beta[0]));
    output.write(ABSOLUTE_POS, x * sigmoid);
}

/// `grad * (s + ((x * s) * (1 - s)) * beta)` with `s = sigmoid(beta * x)`, in an order that no
/// finite input overflows.
#[cube(launch_unchecked, address_type = "dynamic")]
fn swish_backward_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    beta: &Tensor<F>,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let beta = Vector::new(beta[0]);
    let (sigmoid, complement) = sigmoid_pair::<F, N>(x * beta);
    let slope = sigmoid + x * sigmoid * complement * beta;
    output.write(ABSOLUTE_POS, grad.read(ABSOLUTE_POS) * slope);
}

pub(crate) fn swish(input: CubeTensor, beta: CubeTensor) -> CubeTensor {
    map(input, |launch, input, output| unsafe {
        swish_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            output,
            beta.into_tensor_arg(),
            launch.elem,
        )
    })
}

pub(crate) fn swish_backward(input: CubeTensor, beta: CubeTensor, grad: CubeTensor) -> CubeTensor {
    map_with_grad(input, grad, |launch, input, grad, output| unsafe {
        swish_backward_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            grad,
            output,
            beta.into_tensor_arg(),
            launch.elem,
        )
    })
}

/// The sum of `(x * s) * (x * (1 - s)) * grad` with `s = sigmoid(beta * x)`, shaped like beta.
pub(crate) fn swish_beta_backward(
    input: CubeTensor,
    beta: CubeTensor,
    grad: CubeTensor,
) -> CubeTensor {
    let split = Split::single(input.meta.num_elements());
    let shape = beta.shape();
    channel_sum(input, grad, beta, Term::SwishBeta, split, shape)
}
