//! Hard-Swish and its input gradient.

use burn_cubecl::{
    cubecl::{
        self,
        prelude::*,
        std::tensor::layout::linear::{LinearView, LinearViewMut},
    },
    tensor::CubeTensor,
};

use super::{map, map_with_grad};

/// `x * gate / 6` with `gate` 0 for `x <= -3`, `x + 3` inside, 6 for `x >= 3`.
#[cube(launch_unchecked, address_type = "dynamic")]
fn hard_swish_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let three = Vector::new(F::new(3.0));
    let six = Vector::new(F::new(6.0));

    let gate = select_many(
        x.less_equal(&Vector::new(F::new(-3.0))),
        Vector::new(F::new(0.0)),
        x + three,
    );
    let gate = select_many(x.greater_equal(&three), six, gate);
    output.write(ABSOLUTE_POS, x * gate / six);
}

/// `grad * slope` with `slope` 0 for `x <= -3`, `x / 3 + 1/2` inside, 1 for `x >= 3`.
#[cube(launch_unchecked, address_type = "dynamic")]
fn hard_swish_backward_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let three = Vector::new(F::new(3.0));

    let slope = x / three + Vector::new(F::new(0.5));
    let slope = select_many(
        x.less_equal(&Vector::new(F::new(-3.0))),
        Vector::new(F::new(0.0)),
        slope,
    );
    let slope = select_many(x.greater_equal(&three), Vector::new(F::new(1.0)), slope);
    output.write(ABSOLUTE_POS, grad.read(ABSOLUTE_POS) * slope);
}

pub(crate) fn hard_swish(input: CubeTensor) -> CubeTensor {
    map(input, |launch, input, output| unsafe {
        hard_swish_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            output,
            launch.elem,
        )
    })
}

pub(crate) fn hard_swish_backward(input: CubeTensor, grad: CubeTensor) -> CubeTensor {
    map_with_grad(input, grad, |launch, input, grad, output| unsafe {
        hard_swish_backward_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            grad,
            output,
            launch.elem,
        )
    })
}
