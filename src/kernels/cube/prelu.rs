//! PReLU on any channel axis: its value, input gradient and slope gradient.

use burn::backend::TensorMetadata;
use burn_cubecl::{
    cubecl::{
        self,
        prelude::*,
        std::tensor::layout::linear::{LinearView, LinearViewMut},
    },
    kernel::into_contiguous,
    tensor::CubeTensor,
};

use super::{
    map, map_with_grad,
    sum::{Split, Term, channel_sum},
};

/// How the elements of one vector find their slopes.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
enum Slopes {
    /// One slope for the whole tensor.
    Single,
    /// Every vector lies inside one channel: the vector size divides `inner`.
    PerVector,
    /// A vector may cross channels (a channels-last tensor): one slope per lane.
    PerLane,
}

/// The slopes of the vector at `pos`, element `e` taking `alpha[(e / inner) % channels]`.
#[cube]
fn slopes<F: Float, N: Size>(
    alpha: &Tensor<F>,
    pos: usize,
    channels: usize,
    inner: usize,
    #[comptime] layout: Slopes,
) -> Vector<F, N> {
    let size = N::value();
    match layout {
        Slopes::Single => Vector::new(alpha[0]),
        Slopes::PerVector => Vector::new(alpha[(pos * size / inner) % channels]),
        Slopes::PerLane => {
            let mut slopes = Vector::<F, N>::empty();
            #[unroll]
            for lane in 0..size {
                slopes.insert(lane, alpha[((pos * size + lane) / inner) % channels]);
            }
            slopes
        }
    }
}

/// `x > 0 ? x : alpha[c] * x`.
#[cube(launch_unchecked, address_type = "dynamic")]
fn prelu_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    alpha: &Tensor<F>,
    channels: usize,
    inner: usize,
    #[comptime] layout: Slopes,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let alpha = slopes::<F, N>(alpha, ABSOLUTE_POS, channels, inner, layout);
    let positive = x.greater_than(&Vector::new(F::new(0.0)));
    output.write(ABSOLUTE_POS, select_many(positive, x, x * alpha));
}

/// `x > 0 ? grad : alpha[c] * grad`, NaN taking the slope.
#[cube(launch_unchecked, address_type = "dynamic")]
fn prelu_backward_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    alpha: &Tensor<F>,
    channels: usize,
    inner: usize,
    #[comptime] layout: Slopes,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let grad = grad.read(ABSOLUTE_POS);
    let alpha = slopes::<F, N>(alpha, ABSOLUTE_POS, channels, inner, layout);
    let positive = x.greater_than(&Vector::new(F::new(0.0)));
    output.write(ABSOLUTE_POS, select_many(positive, grad, grad * alpha));
}

/// The input seen as `[outer, channels, inner]` around `channel_axis`; one channel for a single
/// slope.
fn split(input: &CubeTensor, alpha: &CubeTensor, channel_axis: usize) -> Split {
    let shape = input.meta.shape();
    let channels = alpha.meta.num_elements();
    if channels == 1 {
        return Split::single(shape.num_elements());
    }
    Split {
        outer: shape[..channel_axis].iter().product(),
        channels,
        inner: shape[channel_axis + 1..].iter().product(),
    }
}

/// How the vectors of `split` find their slopes.
fn layout(split: Split, vector_size: usize) -> Slopes {
    if split.channels == 1 {
        Slopes::Single
    } else if split.inner.is_multiple_of(vector_size) {
        Slopes::PerVector
    } else {
        Slopes::PerLane
    }
}

pub(crate) fn prelu(input: CubeTensor, alpha: CubeTensor, channel_axis: usize) -> CubeTensor {
    let alpha = into_contiguous(alpha);
    let split = split(&input, &alpha, channel_axis);

    map(input, |launch, input, output| unsafe {
        prelu_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            output,
            alpha.into_tensor_arg(),
            split.channels,
            split.inner,
            layout(split, launch.vector_size),
            launch.elem,
        )
    })
}

pub(crate) fn prelu_backward(
    input: CubeTensor,
    alpha: CubeTensor,
    grad: CubeTensor,
    channel_axis: usize,
) -> CubeTensor {
    let alpha = into_contiguous(alpha);
    let split = split(&input, &alpha, channel_axis);

    map_with_grad(input, grad, |launch, input, grad, output| unsafe {
        prelu_backward_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            grad,
            output,
            alpha.into_tensor_arg(),
            split.channels,
            split.inner,
            layout(split, launch.vector_size),
            launch.elem,
        )
    })
}

/// The sum of `x > 0 ? 0 : x * grad` over every axis but `channel_axis` (over every axis for a
/// single slope), shaped like `alpha`.
pub(crate) fn prelu_alpha_backward(
    input: CubeTensor,
    alpha: CubeTensor,
    grad: CubeTensor,
    channel_axis: usize,
) -> CubeTensor {
    let split = split(&input, &alpha, channel_axis);
    let shape = alpha.shape();
    channel_sum(input, grad, alpha, Term::PreluAlpha, split, shape)
}
