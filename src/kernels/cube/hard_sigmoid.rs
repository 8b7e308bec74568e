//! Hard-Sigmoid in PyTorch's form and its input gradient.

use burn_cubecl::{
    cubecl::{
        self,
        prelude::*,
        std::tensor::layout::linear::{LinearView, LinearViewMut},
    },
    tensor::CubeTensor,
};

use super::{map, map_with_grad};

/// `(x + offset) / range`, `low` for `x <= lower`, `high` for `x >= upper`, NaN kept.
#[cube(launch_unchecked, address_type = "dynamic")]
fn hard_sigmoid_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    form: &Form,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    let offset = Vector::new(form.offset.get::<F>());
    let range = Vector::new(form.range.get::<F>());
    let lower = Vector::new(form.lower.get::<F>());
    let upper = Vector::new(form.upper.get::<F>());

    let value = (x + offset) / range;
    let value = select_many(
        x.less_equal(&lower),
        Vector::new(form.low.get::<F>()),
        value,
    );
    let value = select_many(
        x.greater_equal(&upper),
        Vector::new(form.high.get::<F>()),
        value,
    );
    output.write(ABSOLUTE_POS, value);
}

/// `x` where it is NaN, `value` elsewhere: Hard-Sigmoid with `alpha = 0`.
#[cube(launch_unchecked, address_type = "dynamic")]
fn constant_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    value: InputScalar,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let x = input.read(ABSOLUTE_POS);
    output.write(
        ABSOLUTE_POS,
        select_many(x.is_nan(), x, Vector::new(value.get::<F>())),
    );
}

/// `alpha * grad` strictly between the kinks, 0 at and beyond them and for NaN; everywhere
/// when `alpha = 0` (`masked` false).
#[cube(launch_unchecked, address_type = "dynamic")]
fn hard_sigmoid_backward_kernel<F: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    mut output: LinearViewMut<'_, Vector<F, N>>,
    alpha: InputScalar,
    lower: InputScalar,
    upper: InputScalar,
    #[comptime] masked: bool,
    #[define(F)] _dtype: ElemType,
) {
    if !output.is_in_bounds(ABSOLUTE_POS) {
        terminate!();
    }
    let grad = grad.read(ABSOLUTE_POS) * Vector::new(alpha.get::<F>());
    if masked {
        let x = input.read(ABSOLUTE_POS);
        let inside = x
            .greater_than(&Vector::new(lower.get::<F>()))
            .vec_and(x.less_than(&Vector::new(upper.get::<F>())));
        output.write(
            ABSOLUTE_POS,
            select_many(inside, grad, Vector::new(F::new(0.0))),
        );
    } else {
        output.write(ABSOLUTE_POS, grad);
    }
}

/// The runtime constants of the Hard-Sigmoid form, each in the kernel's float type.
#[derive(CubeLaunch, CubeType)]
struct Form {
    offset: InputScalar,
    range: InputScalar,
    lower: InputScalar,
    upper: InputScalar,
    low: InputScalar,
    high: InputScalar,
}

/// `range = 1 / alpha`, `offset = beta * range`, and the kinks `lower < upper` on the x axis
/// where the value reaches 0 and 1; `None` when `alpha` is 0. The same arithmetic as the
/// composite, in `f64`, so both round the same constants.
fn kinks(alpha: f64, beta: f64) -> Option<(f64, f64, f64, f64)> {
    if alpha == 0.0 {
        return None;
    }
    let range = 1.0 / alpha;
    let offset = beta * range;
    let (lower, upper) = if alpha > 0.0 {
        (-offset, range - offset)
    } else {
        (range - offset, -offset)
    };
    Some((range, offset, lower, upper))
}

pub(crate) fn hard_sigmoid(input: CubeTensor, alpha: f64, beta: f64) -> CubeTensor {
    let Some((range, offset, lower, upper)) = kinks(alpha, beta) else {
        let value = beta.clamp(0.0, 1.0);
        return map(input, |launch, input, output| unsafe {
            constant_kernel::launch_unchecked(
                &launch.client,
                launch.cube_count.clone(),
                launch.cube_dim,
                launch.address_type,
                launch.vector_size,
                input,
                output,
                InputScalar::new(value, launch.elem),
                launch.elem,
            )
        });
    };
    let (low, high) = if alpha > 0.0 { (0.0, 1.0) } else { (1.0, 0.0) };

    map(input, |launch, input, output| unsafe {
        let scalar = |value: f64| InputScalar::new(value, launch.elem);
        hard_sigmoid_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            output,
            FormLaunch::new(
                scalar(offset),
                scalar(range),
                scalar(lower),
                scalar(upper),
                scalar(low),
                scalar(high),
            ),
            launch.elem,
        )
    })
}

pub(crate) fn hard_sigmoid_backward(
    input: CubeTensor,
    grad: CubeTensor,
    alpha: f64,
    beta: f64,
) -> CubeTensor {
    let (lower, upper) =
        kinks(alpha, beta).map_or((0.0, 0.0), |(_, _, lower, upper)| (lower, upper));
    let masked = alpha != 0.0;

    map_with_grad(input, grad, |launch, input, grad, output| unsafe {
        let scalar = |value: f64| InputScalar::new(value, launch.elem);
        hard_sigmoid_backward_kernel::launch_unchecked(
            &launch.client,
            launch.cube_count.clone(),
            launch.cube_dim,
            launch.address_type,
            launch.vector_size,
            input,
            grad,
            output,
            scalar(alpha),
            scalar(lower),
            scalar(upper),
            masked,
            launch.elem,
        )
    })
}
