//! The kernels against the composite reference on the default wgpu device: awkward sizes,
//! ranks 1 to 5, permuted, sliced, strided and broadcast views, owned inputs (written in place)
//! and shared ones, and the special values (NaN, infinities, the kinks).

use burn::{
    backend::{TensorMetadata, ops::FloatTensorOps},
    tensor::{DType, Device, DeviceKind, Shape, Slice, Tensor, TensorData},
};
use burn_cubecl::{CubeBackend, CubeDevice, ops::into_data_sync, tensor::CubeTensor};

use crate::{ActivationExtOps, composite};

type B = CubeBackend;

fn device() -> CubeDevice {
    Tensor::<1>::zeros([1], &Device::wgpu(DeviceKind::DefaultDevice))
        .try_into_primitive::<B>()
        .expect("a CubeCL tensor")
        .device
}

/// Sizes that are 0, 1, odd, prime, just off a power of two, and a multiple of every vector.
const SIZES: [usize; 10] = [0, 1, 3, 4, 5, 7, 8, 17, 1023, 4097];

fn shapes() -> Vec<Vec<usize>> {
    let mut shapes: Vec<Vec<usize>> = SIZES.iter().map(|&n| vec![n]).collect();
    shapes.extend(
        [
            &[3, 5][..],
            &[4, 8],
            &[17, 4],
            &[1, 1023],
            &[4097, 1],
            &[0, 3],
            &[2, 3, 4],
            &[5, 1, 7],
            &[8, 17, 3],
            &[2, 3, 4, 5],
            &[1, 8, 4, 4],
            &[3, 16, 1, 8],
            &[2, 3, 1, 4, 5],
            &[2, 2, 2, 2, 17],
        ]
        .map(<[usize]>::to_vec),
    );
    shapes
}

/// The shapes to run in `dtype`: all of them in f32, a few in the other dtypes.
fn shapes_in(dtype: DType) -> Vec<Vec<usize>> {
    match dtype {
        DType::F32 => shapes(),
        _ => [&[4097][..], &[17, 4], &[2, 3, 4, 5]]
            .map(<[usize]>::to_vec)
            .to_vec(),
    }
}

/// Shapes large enough for the sums to take several blocks and both passes: all of them in
/// f32, two in the other dtypes.
fn large_shapes(dtype: DType) -> Vec<Vec<usize>> {
    if dtype != DType::F32 {
        return [&[64, 256][..], &[1, 300_001]]
            .map(<[usize]>::to_vec)
            .to_vec();
    }
    [
        &[64, 256][..],
        &[512, 3, 1],
        &[2, 64, 33, 33],
        &[1, 300_001],
        &[16, 4096],
        &[40, 7, 5],
        &[2, 100_003],
    ]
    .map(<[usize]>::to_vec)
    .to_vec()
}

/// How a tensor of a given logical shape lies in memory.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Layout {
    Contiguous,
    /// Every axis reversed in memory.
    Permuted,
    /// A window inside a larger tensor, offset along every axis.
    Sliced,
    /// Every other element along the last axis.
    Strided,
    /// The first axis broadcast from size 1 (elements share memory): inputs only.
    Broadcast,
}

const LAYOUTS: [Layout; 5] = [
    Layout::Contiguous,
    Layout::Permuted,
    Layout::Sliced,
    Layout::Strided,
    Layout::Broadcast,
];

/// A small deterministic generator (SplitMix64).
struct Values(u64);

impl Values {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn uniform(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in `[-bound, bound]`, with one value in `special_every` drawn from `specials`.
    fn fill(&mut self, len: usize, bound: f32, specials: &[f32], special_every: u64) -> Vec<f32> {
        (0..len)
            .map(|_| match self.next() % special_every {
                0 if !specials.is_empty() => specials[self.next() as usize % specials.len()],
                _ => self.uniform(-bound, bound),
            })
            .collect()
    }
}

/// The inputs' special values: NaN, the infinities, signed zeros and the kinks of every op.
const SPECIALS: [f32; 12] = [
    f32::NAN,
    f32::INFINITY,
    f32::NEG_INFINITY,
    0.0,
    -0.0,
    -3.0,
    3.0,
    6.0,
    60.0,
    -60.0,
    2.5,
    -2.5,
];

/// A tensor of logical `shape` holding `values` in logical order, laid out as `layout`.
fn tensor(values: &[f32], shape: &[usize], layout: Layout, dtype: DType) -> CubeTensor {
    let device = device();
    let rank = shape.len();
    let from = |values: Vec<f32>, shape: Vec<usize>| {
        let data = TensorData::new(values, shape).convert_dtype(dtype);
        B::float_from_data(data, &device)
    };
    let data = values.to_vec();
    match layout {
        Layout::Contiguous => from(data, shape.to_vec()),
        Layout::Permuted => {
            let axes: Vec<usize> = (0..rank).rev().collect();
            let stored: Vec<usize> = axes.iter().map(|&axis| shape[axis]).collect();
            // Store the transpose, so that the permuted view reads `values` in logical order.
            let transposed = transpose(&data, shape);
            B::float_permute(from(transposed, stored), &axes)
        }
        Layout::Sliced => {
            let outer: Vec<usize> = shape.iter().map(|&n| n + 2).collect();
            let mut padded = vec![f32::NAN; outer.iter().product()];
            for (index, &value) in data.iter().enumerate() {
                padded[offset(index, shape, &outer, 1, 1)] = value;
            }
            let slices: Vec<Slice> = shape
                .iter()
                .map(|&n| Slice::new(1, Some(n as isize + 1), 1))
                .collect();
            B::float_slice(from(padded, outer), &slices)
        }
        Layout::Strided => {
            let mut outer = shape.to_vec();
            outer[rank - 1] = 2 * shape[rank - 1];
            let mut spread = vec![f32::NAN; outer.iter().product()];
            for (index, &value) in data.iter().enumerate() {
                spread[offset(index, shape, &outer, 0, 2)] = value;
            }
            let mut slices: Vec<Slice> = outer.iter().map(|_| Slice::new(0, None, 1)).collect();
            slices[rank - 1] = Slice::new(0, None, 2);
            B::float_slice(from(spread, outer), &slices)
        }
        Layout::Broadcast => {
            // Only the first row of `values` survives: broadcast rows are equal.
            let row: Vec<usize> = std::iter::once(1)
                .chain(shape[1..].iter().copied())
                .collect();
            let len = row.iter().product();
            B::float_expand(from(data[..len].to_vec(), row), Shape::from(shape.to_vec()))
        }
    }
}

/// The position of logical element `index` of `shape` inside a contiguous `outer` tensor, each
/// coordinate shifted by `shift` (and the last one scaled by `last_step`).
fn offset(index: usize, shape: &[usize], outer: &[usize], shift: usize, last_step: usize) -> usize {
    let rank = shape.len();
    let mut rest = index;
    let mut position = 0;
    let mut stride = 1;
    for axis in (0..rank).rev() {
        let mut coordinate = rest % shape[axis] + shift;
        rest /= shape[axis];
        if axis == rank - 1 {
            coordinate = (coordinate - shift) * last_step + shift;
        }
        position += coordinate * stride;
        stride *= outer[axis];
    }
    position
}

/// `values` (logical order of `shape`) in the order of the reversed shape.
fn transpose(values: &[f32], shape: &[usize]) -> Vec<f32> {
    let rank = shape.len();
    let reversed: Vec<usize> = shape.iter().rev().copied().collect();
    let mut out = vec![0.0; values.len()];
    for (index, &value) in values.iter().enumerate() {
        let mut rest = index;
        let mut coordinates = vec![0; rank];
        for axis in (0..rank).rev() {
            coordinates[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        let mut position = 0;
        for axis in 0..rank {
            position = position * reversed[axis] + coordinates[rank - 1 - axis];
        }
        out[position] = value;
    }
    out
}

fn read(tensor: CubeTensor) -> (Vec<usize>, Vec<f32>) {
    let shape = tensor.shape().to_vec();
    let data = into_data_sync(tensor).convert::<f32>();
    (shape, data.try_to_vec::<f32>().expect("f32 data"))
}

/// How far apart the kernel and the composite may land.
#[derive(Clone, Copy)]
struct Tolerance {
    /// Relative to `max(1, |expected|)`.
    relative: f32,
}

impl Tolerance {
    /// Elementwise: the same operations in the same order, up to contraction into FMAs.
    fn elementwise(dtype: DType) -> Self {
        let relative = match dtype {
            DType::F16 | DType::BF16 => 1e-2,
            _ => 4e-6,
        };
        Self { relative }
    }
}

fn assert_close(name: &str, actual: CubeTensor, expected: CubeTensor, tolerance: Tolerance) {
    let (actual_shape, actual) = read(actual);
    let (expected_shape, expected) = read(expected);
    assert_eq!(actual_shape, expected_shape, "{name}: shape");
    for (index, (&a, &e)) in actual.iter().zip(&expected).enumerate() {
        let close = if e.is_nan() || e.is_infinite() {
            a.is_nan() == e.is_nan() && (e.is_nan() || a == e)
        } else {
            (a - e).abs() <= tolerance.relative * e.abs().max(1.0)
        };
        assert!(
            close,
            "{name}: element {index} is {a}, the composite gives {e}"
        );
    }
}

/// Burn's own primitives panic on some empty tensors (an overflow in `is_nonoverlapping` for a
/// zero-sized axis), so an empty result is checked by its shape alone.
fn assert_empty(name: &str, output: CubeTensor, shape: &[usize]) {
    assert_eq!(output.shape().to_vec(), shape, "{name}: shape");
    assert_eq!(output.meta.num_elements(), 0, "{name}: elements");
}

/// Runs `kernel` on an owned input (the in-place path) and on a shared one, and `reference` on a
/// third copy; every result must agree with the reference.
fn check_forward(
    name: &str,
    values: &[f32],
    shape: &[usize],
    dtype: DType,
    kernel: impl Fn(CubeTensor) -> CubeTensor,
    reference: impl Fn(CubeTensor) -> CubeTensor,
) {
    for layout in LAYOUTS {
        if layout == Layout::Broadcast && shape.first().is_none_or(|&n| n < 2) {
            continue;
        }
        let name = format!("{name} {shape:?} {layout:?} {dtype:?}");
        let make = || tensor(values, shape, layout, dtype);
        if values.is_empty() {
            assert_empty(&name, kernel(make()), shape);
            continue;
        }
        let expected = reference(make());
        let tolerance = Tolerance::elementwise(dtype);

        let owned = make();
        // An empty input comes back as it is.
        let in_place =
            owned.meta.num_elements() == 0 || owned.can_mut() && owned.is_nonoverlapping();
        let memory = owned.handle.memory.clone().binding().id();
        let output = kernel(owned);
        assert_eq!(
            in_place,
            output.handle.memory.clone().binding().id() == memory,
            "{name}: written in place"
        );
        assert_close(
            &format!("{name} owned"),
            output,
            expected.clone(),
            tolerance,
        );

        let shared = make();
        let keep = shared.clone();
        assert_close(
            &format!("{name} shared"),
            kernel(shared),
            expected,
            tolerance,
        );
        drop(keep);
    }
}

/// As [`check_forward`] for a backward op of `(input, grad)`, writing into `grad` when owned.
fn check_backward(
    name: &str,
    values: &[f32],
    grads: &[f32],
    shape: &[usize],
    dtype: DType,
    kernel: impl Fn(CubeTensor, CubeTensor) -> CubeTensor,
    reference: impl Fn(CubeTensor, CubeTensor) -> CubeTensor,
) {
    for (layout, grad_layout) in LAYOUTS.iter().zip(LAYOUTS.iter().rev()) {
        if shape.first().is_none_or(|&n| n < 2)
            && (*layout == Layout::Broadcast || *grad_layout == Layout::Broadcast)
        {
            continue;
        }
        let name = format!("{name} {shape:?} {layout:?}/{grad_layout:?} {dtype:?}");
        let make = || {
            (
                tensor(values, shape, *layout, dtype),
                tensor(grads, shape, *grad_layout, dtype),
            )
        };
        if values.is_empty() {
            let (input, grad) = make();
            assert_empty(&name, kernel(input, grad), shape);
            continue;
        }
        let (input, grad) = make();
        let expected = reference(input, grad);

        let (input, grad) = make();
        let output = kernel(input, grad);
        assert_close(
            &format!("{name} owned"),
            output,
            expected.clone(),
            Tolerance::elementwise(dtype),
        );

        let (input, grad) = make();
        let keep = (input.clone(), grad.clone());
        assert_close(
            &format!("{name} shared"),
            kernel(input, grad),
            expected,
            Tolerance::elementwise(dtype),
        );
        drop(keep);
    }
}

/// The float dtypes the device computes in, besides f32.
fn dtypes() -> Vec<DType> {
    let device = device();
    let mut dtypes = vec![DType::F32];
    for dtype in [DType::F16, DType::F64] {
        if <B as burn::backend::Backend>::supports_dtype(&device, dtype) {
            dtypes.push(dtype);
        }
    }
    dtypes
}

/// [`dtypes`] but f64, whose `exp` is 0 everywhere on wgpu's WGSL (lavapipe), in Burn's own
/// `float_exp` as well as here: the Swish kernels and composite would agree on a wrong value.
fn exp_dtypes() -> Vec<DType> {
    let mut dtypes = dtypes();
    dtypes.retain(|&dtype| dtype != DType::F64);
    dtypes
}

#[test]
fn capped_leaky_relu_matches_the_composite() {
    let mut values = Values(1);
    for dtype in dtypes() {
        for shape in shapes_in(dtype) {
            let len = shape.iter().product();
            let x = values.fill(len, 8.0, &SPECIALS, 5);
            let grad = values.fill(len, 2.0, &[f32::NAN, f32::INFINITY], 50);
            for (slope, cap) in [(0.1, 6.0), (-0.5, 6.0), (2.0, 0.5)] {
                check_forward(
                    "capped_leaky_relu",
                    &x,
                    &shape,
                    dtype,
                    |x| B::capped_leaky_relu(x, slope, cap),
                    |x| composite::capped_leaky_relu::<B>(x, slope, cap),
                );
                check_backward(
                    "capped_leaky_relu_backward",
                    &x,
                    &grad,
                    &shape,
                    dtype,
                    |x, g| B::capped_leaky_relu_backward(x, g, slope, cap),
                    |x, g| composite::capped_leaky_relu_backward::<B>(x, g, slope, cap),
                );
            }
        }
    }
}

#[test]
fn hard_sigmoid_matches_the_composite() {
    let mut values = Values(2);
    for dtype in dtypes() {
        for shape in shapes_in(dtype) {
            let len = shape.iter().product();
            let x = values.fill(len, 8.0, &SPECIALS, 5);
            let grad = values.fill(len, 2.0, &[f32::NAN, f32::INFINITY], 50);
            for (alpha, beta) in [
                (1.0 / 6.0, 0.5),
                (0.2, 0.5),
                (-0.25, 0.5),
                (0.0, 0.3),
                (0.0, 1.7),
            ] {
                check_forward(
                    "hard_sigmoid",
                    &x,
                    &shape,
                    dtype,
                    |x| B::hard_sigmoid(x, alpha, beta),
                    |x| composite::hard_sigmoid::<B>(x, alpha, beta),
                );
                check_backward(
                    "hard_sigmoid_backward",
                    &x,
                    &grad,
                    &shape,
                    dtype,
                    |x, g| B::hard_sigmoid_backward(x, g, alpha, beta),
                    |x, g| composite::hard_sigmoid_backward::<B>(x, g, alpha, beta),
                );
            }
        }
    }
}

#[test]
fn hard_swish_matches_the_composite() {
    let mut values = Values(3);
    for dtype in dtypes() {
        for shape in shapes_in(dtype) {
            let len = shape.iter().product();
            let x = values.fill(len, 8.0, &SPECIALS, 5);
            let grad = values.fill(len, 2.0, &[f32::NAN, f32::INFINITY], 50);
            check_forward(
                "hard_swish",
                &x,
                &shape,
                dtype,
                B::hard_swish,
                composite::hard_swish::<B>,
            );
            check_backward(
                "hard_swish_backward",
                &x,
                &grad,
                &shape,
                dtype,
                B::hard_swish_backward,
                composite::hard_swish_backward::<B>,
            );
        }
    }
}

fn parameter(values: &[f32], dtype: DType) -> CubeTensor {
    tensor(values, &[values.len()], Layout::Contiguous, dtype)
}

#[test]
fn prelu_matches_the_composite() {
    let mut values = Values(4);
    for dtype in dtypes() {
        for shape in shapes_in(dtype) {
            let len = shape.iter().product();
            let x = values.fill(len, 8.0, &SPECIALS, 5);
            let grad = values.fill(len, 2.0, &[f32::NAN, f32::INFINITY], 50);
            for axis in 0..shape.len() {
                let channels = shape[axis];
                for alpha in [vec![0.25], values.fill(channels, 1.0, &[], 1)] {
                    if alpha.is_empty() {
                        continue;
                    }
                    check_forward(
                        "prelu",
                        &x,
                        &shape,
                        dtype,
                        |x| B::prelu(x, parameter(&alpha, dtype), axis),
                        |x| composite::prelu::<B>(x, parameter(&alpha, dtype), axis),
                    );
                    check_backward(
                        "prelu_backward",
                        &x,
                        &grad,
                        &shape,
                        dtype,
                        |x, g| B::prelu_backward(x, parameter(&alpha, dtype), g, axis),
                        |x, g| composite::prelu_backward::<B>(x, parameter(&alpha, dtype), g, axis),
                    );
                }
            }
        }
    }
}

#[test]
fn swish_matches_the_composite() {
    let mut values = Values(5);
    for dtype in exp_dtypes() {
        for shape in shapes_in(dtype) {
            let len = shape.iter().product();
            let x = values.fill(len, 8.0, &SPECIALS, 5);
            let grad = values.fill(len, 2.0, &[f32::NAN, f32::INFINITY], 50);
            for beta in [1.0, 0.5, -2.0, 0.0] {
                check_forward(
                    "swish",
                    &x,
                    &shape,
                    dtype,
                    |x| B::swish(x, parameter(&[beta], dtype)),
                    |x| composite::swish::<B>(x, parameter(&[beta], dtype)),
                );
                check_backward(
                    "swish_backward",
                    &x,
                    &grad,
                    &shape,
                    dtype,
                    |x, g| B::swish_backward(x, parameter(&[beta], dtype), g),
                    |x, g| composite::swish_backward::<B>(x, parameter(&[beta], dtype), g),
                );
            }
        }
    }
}

/// `term(x, grad)` summed on the host in f64 for each channel of `[outer, channels, inner]`,
/// with the sum of the terms' magnitudes (what the rounding error scales with).
fn host_sums(
    x: &[f32],
    grad: &[f32],
    channels: usize,
    inner: usize,
    term: impl Fn(f64, f64) -> f64,
) -> Vec<(f64, f64)> {
    let mut sums = vec![(0.0, 0.0); channels];
    for (index, (&x, &grad)) in x.iter().zip(grad).enumerate() {
        let value = term(x as f64, grad as f64);
        let sum = &mut sums[(index / inner) % channels];
        sum.0 += value;
        sum.1 += value.abs();
    }
    sums
}

fn assert_sums(name: &str, actual: CubeTensor, expected: &[(f64, f64)], dtype: DType) {
    // The terms are rounded to the dtype before they are summed.
    let relative = match dtype {
        DType::F16 | DType::BF16 => 4e-3,
        _ => 1e-5,
    };
    let (shape, actual) = read(actual);
    assert_eq!(shape, [expected.len()], "{name}: shape");
    for (channel, (&a, &(sum, magnitude))) in actual.iter().zip(expected).enumerate() {
        let close = (a as f64 - sum).abs() <= relative * magnitude + 1e-6;
        assert!(
            close,
            "{name}: channel {channel} sums to {a}, the host gives {sum}"
        );
    }
}

/// The parameter gradients on every shape, the small and the large (several blocks, both
/// passes), against sums taken on the host, with finite inputs (a NaN makes its whole sum NaN,
/// which [`sums_keep_nan`] checks on its own).
///
/// The host is the reference here rather than the composite: on this backend Burn 0.22.1's
/// `float_sum_dims` gets some permuted layouts wrong (shape `[2, 2, 2, 2, 17]` with strides
/// `[1, 2, 4, 8, 16]` summed over axes `[0, 1, 3, 4]`), and its f64 `float_sum` of 300,001
/// elements is wrong on lavapipe.
#[test]
fn parameter_gradients_match_host_sums() {
    let mut values = Values(6);
    for dtype in dtypes() {
        for shape in shapes_in(dtype).into_iter().chain(large_shapes(dtype)) {
            let len: usize = shape.iter().product();
            let x = values.fill(len, 8.0, &[0.0, -0.0, 60.0, -60.0], 20);
            let grad = values.fill(len, 2.0, &[], 1);
            let (_, grad_held) = read(tensor(&grad, &shape, Layout::Contiguous, dtype));

            for layout in LAYOUTS {
                if layout == Layout::Broadcast && shape.first().is_none_or(|&n| n < 2) {
                    continue;
                }
                // The values as the tensor holds them (rounded, broadcast rows repeated).
                let (_, x_held) = read(tensor(&x, &shape, layout, dtype));
                let make = || {
                    (
                        tensor(&x, &shape, layout, dtype),
                        tensor(&grad, &shape, Layout::Contiguous, dtype),
                    )
                };
                for axis in 0..shape.len() {
                    let channels = shape[axis];
                    let inner = shape[axis + 1..].iter().product();
                    for alpha in [vec![0.25], values.fill(channels, 1.0, &[], 1)] {
                        if alpha.is_empty() {
                            continue;
                        }
                        let (channels, inner) = match alpha.len() {
                            1 => (1, 1),
                            _ => (channels, inner),
                        };
                        let expected = host_sums(&x_held, &grad_held, channels, inner, |x, g| {
                            if x > 0.0 { 0.0 } else { x * g }
                        });
                        let (input, g) = make();
                        let actual =
                            B::prelu_alpha_backward(input, parameter(&alpha, dtype), g, axis);
                        let name = format!(
                            "prelu_alpha_backward {shape:?} axis {axis} {layout:?} {dtype:?}"
                        );
                        assert_sums(&name, actual, &expected, dtype);
                    }
                }
                for beta in [1.0, -0.75] {
                    if !exp_dtypes().contains(&dtype) {
                        continue;
                    }
                    let expected = host_sums(&x_held, &grad_held, 1, 1, |x, g| {
                        let sigmoid = 1.0 / (1.0 + (-beta * x).exp());
                        x * sigmoid * (x * (1.0 - sigmoid)) * g
                    });
                    let (input, g) = make();
                    let actual = B::swish_beta_backward(input, parameter(&[beta as f32], dtype), g);
                    let name = format!("swish_beta_backward {shape:?} {layout:?} {dtype:?}");
                    assert_sums(&name, actual, &expected, dtype);
                }
            }
        }
    }
}

/// A NaN input makes its channel's sum NaN and leaves the others finite.
#[test]
fn sums_keep_nan() {
    let shape = [4, 3, 5];
    let mut x = Values(7).fill(60, 4.0, &[], 1);
    x[5] = f32::NAN; // channel 1
    let grad = vec![1.0; 60];
    let input = tensor(&x, &shape, Layout::Contiguous, DType::F32);
    let g = tensor(&grad, &shape, Layout::Contiguous, DType::F32);
    let alpha = parameter(&[0.1, 0.2, 0.3], DType::F32);
    let (_, sums) = read(B::prelu_alpha_backward(input.clone(), alpha, g.clone(), 1));
    assert!(
        sums[0].is_finite() && sums[1].is_nan() && sums[2].is_finite(),
        "{sums:?}"
    );

    let beta = parameter(&[1.0], DType::F32);
    let (_, sum) = read(B::swish_beta_backward(input, beta, g));
    assert!(sum[0].is_nan(), "{sum:?}");
}
