//! Per-channel sums of an elementwise term of `(x, grad)`: the parameter gradients of PReLU
//! and Swish, in passes of partial sums, without atomics and without materializing the term.
//!
//! The input is seen as `[outer, channels, inner]` in logical order. A *row pass* gives each
//! channel `blocks` cubes; every unit of a cube sums a strided share of the channel's elements,
//! and the cube adds its units' sums in a shared-memory tree, writing one partial sum. While a
//! channel has more than one block, the partial sums (`[channels, blocks]`) are summed again by
//! the same kernel. When `inner` is short (a channels-last tensor), neighbouring units would read
//! far apart, so a *column pass* first sums over `outer`, unit by unit along the contiguous
//! rows, and the row pass finishes on its `[blocks, channels, inner]` partial sums.
//!
//! Sums are accumulated in f32 (f64 for f64 tensors) and rounded once at the end.

use burn::tensor::DType;
use burn_cubecl::{
    cubecl::{
        self, CubeCount, CubeDim, calculate_cube_count_elemwise, prelude::*,
        server::CubeCountSelection, std::tensor::layout::linear::LinearView,
    },
    ops::numeric::zeros_client,
    tensor::CubeTensor,
};

use super::{address_type, empty_like, float_elem, swish::sigmoid_pair, vector_size};

/// The elementwise term being summed.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub(crate) enum Term {
    /// `x > 0 ? 0 : x * grad`: the PReLU slope gradient (NaN counts as not positive).
    PreluAlpha,
    /// `((x * s) * (x * (1 - s))) * grad` with `s = sigmoid(beta * x)`, `beta = param[0]`: the
    /// Swish beta gradient.
    SwishBeta,
    /// `x`: partial sums summed again.
    Partial,
}

/// A tensor seen as `[outer, channels, inner]`, in elements.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Split {
    pub outer: usize,
    pub channels: usize,
    pub inner: usize,
}

impl Split {
    /// One channel holding all `len` elements.
    pub(crate) fn single(len: usize) -> Self {
        Self {
            outer: 1,
            channels: 1,
            inner: len,
        }
    }
}

/// Units that keep a GPU's memory busy; more only lengthens the partial sums.
const TARGET_UNITS: usize = 1 << 16;
/// The fewest vectors (row pass) or rows (column pass) worth giving a unit of its own.
const MIN_WORK_PER_UNIT: usize = 8;
/// Below this many vectors along `inner`, the column pass goes first.
const MIN_CONTIGUOUS_VECTORS: usize = 32;

#[cube]
fn evaluate<F: Float, N: Size>(
    x: Vector<F, N>,
    grad: Vector<F, N>,
    beta: F,
    #[comptime] term: Term,
) -> Vector<F, N> {
    match term {
        Term::PreluAlpha => {
            let positive = x.greater_than(&Vector::new(F::new(0.0)));
            select_many(positive, Vector::new(F::new(0.0)), x * grad)
        }
        Term::SwishBeta => {
            let (sigmoid, complement) = sigmoid_pair::<F, N>(x * Vector::new(beta));
            x * sigmoid * (x * complement) * grad
        }
        Term::Partial => x,
    }
}

/// `param[0]` when the term reads it.
#[cube]
fn scalar_param<F: Float>(param: &Tensor<F>, #[comptime] term: Term) -> F {
    match term {
        Term::SwishBeta => param[0],
        _ => F::new(0.0),
    }
}

/// `output[c * blocks + b] = sum of term(x, grad)` over the share of block `b` in channel `c`:
/// unit `u` takes the channel's vectors `j = b * CUBE_DIM + u + k * blocks * CUBE_DIM`, with
/// `j` counting the channel's `[outer, inner]` vectors in logical order.
#[cube(launch_unchecked, address_type = "dynamic")]
fn row_sum_kernel<F: Float, A: Float, O: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    param: &Tensor<F>,
    output: &mut Tensor<O>,
    channels: usize,
    inner: usize,
    per_channel: usize,
    blocks: usize,
    #[comptime] term: Term,
    #[comptime] cube_size: usize,
    #[define(F)] _input_dtype: ElemType,
    #[define(A)] _accumulator_dtype: ElemType,
    #[define(O)] _output_dtype: ElemType,
) {
    if CUBE_POS >= channels * blocks {
        terminate!();
    }
    let channel = CUBE_POS / blocks;
    let unit = UNIT_POS as usize;
    let step = blocks * cube_size;
    let beta = scalar_param::<F>(param, term);

    let mut sum = Vector::<A, N>::new(A::new(0.0));
    let mut j = (CUBE_POS % blocks) * cube_size + unit;
    while j < per_channel {
        let pos = (j / inner * channels + channel) * inner + j % inner;
        let value = evaluate::<F, N>(input.read(pos), grad.read(pos), beta, term);
        sum += Vector::cast_from(value);
        j += step;
    }

    let mut total = sum.extract(0usize);
    #[unroll]
    for lane in 1..N::value() {
        total += sum.extract(lane);
    }

    let mut shared = Shared::<[A]>::new_slice(cube_size);
    shared[unit] = total;
    sync_cube();
    let mut stride = CUBE_DIM as usize / 2;
    while stride > 0 {
        if unit < stride {
            let other = shared[unit + stride];
            shared[unit] += other;
        }
        sync_cube();
        stride /= 2;
    }

    if unit == 0 {
        output[CUBE_POS] = O::cast_from(shared[0]);
    }
}

/// `output[b, w] = sum of term(x, grad)` at `[r, w]` for the rows `r = b, b + blocks, ...`,
/// one unit per `(b, w)`, `w` a vector of the `[outer, channels * inner]` rows.
#[cube(launch_unchecked, address_type = "dynamic")]
fn column_sum_kernel<F: Float, A: Float, N: Size>(
    input: LinearView<'_, Vector<F, N>>,
    grad: LinearView<'_, Vector<F, N>>,
    param: &Tensor<F>,
    output: &mut Tensor<Vector<A, N>>,
    rows: usize,
    columns: usize,
    blocks: usize,
    #[comptime] term: Term,
    #[define(F)] _input_dtype: ElemType,
    #[define(A)] _accumulator_dtype: ElemType,
) {
    if ABSOLUTE_POS >= columns * blocks {
        terminate!();
    }
    let column = ABSOLUTE_POS % columns;
    let beta = scalar_param::<F>(param, term);

    let mut sum = Vector::<A, N>::new(A::new(0.0));
    let mut row = ABSOLUTE_POS / columns;
    while row < rows {
        let pos = row * columns + column;
        let value = evaluate::<F, N>(input.read(pos), grad.read(pos), beta, term);
        sum += Vector::cast_from(value);
        row += blocks;
    }
    output[ABSOLUTE_POS] = sum;
}

/// The dtype sums are accumulated in.
fn accumulator(dtype: DType) -> DType {
    match dtype {
        DType::F64 => DType::F64,
        _ => DType::F32,
    }
}

/// The widest vector both tensors can be read with that stays inside one step of `inner`.
fn split_vector_size(input: &CubeTensor, grad: &CubeTensor, split: Split) -> usize {
    let mut size = vector_size(&[input, grad]);
    while size > 1 && !split.inner.is_multiple_of(size) {
        size /= 2;
    }
    size
}

/// The sum of `term(input, grad)` over `outer` and `inner` for each channel of `split`, as a
/// tensor of `shape` (holding `split.channels` elements) in the dtype of `input`.
pub(crate) fn channel_sum(
    input: CubeTensor,
    grad: CubeTensor,
    param: CubeTensor,
    term: Term,
    split: Split,
    shape: burn::tensor::Shape,
) -> CubeTensor {
    let dtype = input.dtype;
    if input.meta.num_elements() == 0 {
        return zeros_client(input.client.clone(), input.device.clone(), shape, dtype);
    }

    let vector_size = split_vector_size(&input, &grad, split);
    let short_inner = split.inner / vector_size < MIN_CONTIGUOUS_VECTORS;
    if split.channels > 1 && short_inner && split.outer >= 2 * MIN_WORK_PER_UNIT {
        let vector_size = vector_size_for_rows(&input, &grad, split);
        let (partials, blocks) = column_sum(input, grad, param, term, split, vector_size);
        let split = Split {
            outer: blocks,
            ..split
        };
        return row_sum(
            partials.clone(),
            partials.clone(),
            partials,
            Term::Partial,
            split,
            shape,
            dtype,
        );
    }
    row_sum(input, grad, param, term, split, shape, dtype)
}

/// The widest vector both tensors can be read with along their (contiguous) rows.
fn vector_size_for_rows(input: &CubeTensor, grad: &CubeTensor, split: Split) -> usize {
    let mut size = vector_size(&[input, grad]);
    while size > 1 && !(split.channels * split.inner).is_multiple_of(size) {
        size /= 2;
    }
    size
}

/// The column pass: partial sums `[blocks, channels * inner]` in the accumulator dtype.
fn column_sum(
    input: CubeTensor,
    grad: CubeTensor,
    param: CubeTensor,
    term: Term,
    split: Split,
    vector_size: usize,
) -> (CubeTensor, usize) {
    let client = input.client.clone();
    let columns = split.channels * split.inner / vector_size;
    let blocks = split
        .outer
        .div_ceil(MIN_WORK_PER_UNIT)
        .min(TARGET_UNITS.div_ceil(columns))
        .max(1);
    let acc = accumulator(input.dtype);
    let partials = empty_like(&input, [blocks, split.channels * split.inner].into(), acc);

    let units = blocks * columns;
    let cube_dim = CubeDim::new(&client, units);
    let cube_count = calculate_cube_count_elemwise(&client, units, cube_dim);
    let address = address_type(&[&input, &grad, &partials]);
    let elem = float_elem(input.dtype).expect("a float dtype the kernels take");
    let acc_elem = float_elem(acc).expect("a float accumulator");
    unsafe {
        column_sum_kernel::launch_unchecked(
            &client,
            cube_count,
            cube_dim,
            address,
            vector_size,
            input.into_linear_view(),
            grad.into_linear_view(),
            param.into_tensor_arg(),
            partials.clone().into_tensor_arg(),
            split.outer,
            columns,
            blocks,
            term,
            elem,
            acc_elem,
        );
    }
    (partials, blocks)
}

/// The row pass, repeated on its own partial sums until one remains per channel.
fn row_sum(
    input: CubeTensor,
    grad: CubeTensor,
    param: CubeTensor,
    term: Term,
    split: Split,
    shape: burn::tensor::Shape,
    dtype: DType,
) -> CubeTensor {
    let client = input.client.clone();
    let vector_size = split_vector_size(&input, &grad, split);
    let inner = split.inner / vector_size;
    let per_channel = split.outer * inner;

    let cube_size = cube_size(&client, per_channel);
    let blocks = per_channel
        .div_ceil(cube_size * MIN_WORK_PER_UNIT)
        .min(TARGET_UNITS.div_ceil(cube_size * split.channels))
        .max(1);
    let acc = accumulator(input.dtype);
    let output = match blocks {
        1 => empty_like(&input, shape.clone(), dtype),
        _ => empty_like(&input, [split.channels * blocks].into(), acc),
    };

    let cubes = CubeCountSelection::new(&client, (split.channels * blocks) as u32);
    let address = address_type(&[&input, &grad, &output]);
    let elem = float_elem(input.dtype).expect("a float dtype the kernels take");
    unsafe {
        row_sum_kernel::launch_unchecked(
            &client,
            CubeCount::from(cubes),
            CubeDim::new_1d(cube_size as u32),
            address,
            vector_size,
            input.into_linear_view(),
            grad.into_linear_view(),
            param.into_tensor_arg(),
            output.clone().into_tensor_arg(),
            split.channels,
            inner,
            per_channel,
            blocks,
            term,
            cube_size,
            elem,
            float_elem(acc).expect("a float accumulator"),
            float_elem(output.dtype).expect("a float output"),
        );
    }

    if blocks == 1 {
        return output;
    }
    let split = Split {
        outer: 1,
        channels: split.channels,
        inner: blocks,
    };
    row_sum(
        output.clone(),
        output.clone(),
        output,
        Term::Partial,
        split,
        shape,
        dtype,
    )
}

/// A power of two: at most 256 units, the device's limit, and the work there is.
fn cube_size(client: &cubecl::client::Client, work: usize) -> usize {
    let limit = (client.properties().hardware.max_units_per_cube as usize).clamp(1, 256);
    let limit = if limit.is_power_of_two() {
        limit
    } else {
        limit.next_power_of_two() / 2
    };
    work.next_power_of_two().min(limit)
}
