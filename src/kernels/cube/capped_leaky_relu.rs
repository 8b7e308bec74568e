//! The capped leaky ReLU (leaky ReLU6 with any cap) and its input gradient.

use burn_cubecl::{
    cubecl::{
        self,
        prelude::*,
        std::tensor::layout::linear::{LinearView, LinearViewMut},
    },
    tensor::CubeTensor,
};

use super::{map, map_with_grad};

/// `x > 0 ? x : slope * x`, decided by the sign of `x` so that it holds for every slope.
#[cube]
fn leaky<F: Float, N: Size>(x: Vector<F, N>, negative_slope: F) -> Vector<F, N> {
    let scaled = x * Vector::new(negative_slope);
    select_many(x.greater_than(&Vector::new(F::new(0.0))), x, scaled)
}

/// `leaky >= cap ? cap : leaky`, NaN kept.
#[cube(launch_unchecked, address_type = "dynamic")]
fn capped_leaky_relu_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    negative_slope: InputScalar,
    cap: InputScalar,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let cap = Vector::new(cap.get::<F>());
    let uncapped = leaky(input.read(ABSOLUTE_POS), negative_slope.get::<F>());
    output.write(
        ABSOLUTE_POS,
        select_many(uncapped.greater_equal(&cap), cap, uncapped),
    );
}

/// `leaky < cap ? (x > 0 ? grad : slope * grad) : 0`: 0 at the cap and for NaN.
#[cube(launch_unchecked, address_type = "dynamic")]
fn capped_leaky_relu_backward_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    negative_slope: InputScalar,
    cap: InputScalar,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let grad = grad.read(ABSOLUTE_POS);
    let negative_slope = negative_slope.get::<F>();
    let cap = Vector::new(cap.get::<F>());

    let positive = x.greater_than(&Vector::new(F::new(0.0)));
    let grad = select_many(positive, grad, grad * Vector::new(negative_slope));
    let below_cap = leaky(x, negative_slope).less_than(&cap);
    output.write(
        ABSOLUTE_POS,
        select_many(below_cap, grad, Vector::new(F::new(0.0))),
    );
}

pub(crate) fn capped_leaky_relu(input: CubeTensor, negative_slope: f64, cap: f64) -> CubeTensor {
    map(input, |launch, input, output| unsafe {
        capped_leaky_relu_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            output,
            InputScalar::new(negative_slope, launch.elem),
            InputScalar::new(cap, launch.elem),
            launch.elem,
        )
    })
}

pub(crate) fn capped_leaky_relu_backward(
    input: CubeTensor,
    grad: CubeTensor,
    negative_slope: f64,
    cap: f64,
) -> CubeTensor {
    map_with_grad(input, grad, |launch, input, grad, output| unsafe {
        capped_leaky_relu_backward_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            grad,
            output,
            InputScalar::new(negative_slope, launch.elem),
            InputScalar::new(cap, launch.elem),
            launch.elem,
        )
    })
}
