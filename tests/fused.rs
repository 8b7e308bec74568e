//! Every backend's ops against the composite reference (`burn_activations::reference`), on
//! random inputs: ranks 1 to 5, sizes around vector widths and thread splits, permuted and
//! sliced views, zero-size tensors; float32 and float64; values, and under autodiff the
//! input and parameter gradients against the composite backward.

mod common;

use burn::tensor::{DType, Tensor};
use burn_activations::reference;
use common::ops::Op;
use common::{Rng, TestDevice, Tolerance, assert_close, devices, tensor, values};

/// The same formulas evaluated by two implementations: a few ULPs apart at most.
fn elementwise(dtype: DType) -> Tolerance {
    match dtype {
        DType::F64 => Tolerance::new(1e-14, 1e-13),
        _ => Tolerance::new(1e-6, 1e-6),
    }
}

/// Sums over up to 10^5 terms in different orders.
fn reduction(dtype: DType) -> Tolerance {
    match dtype {
        DType::F64 => Tolerance::new(1e-9, 1e-11),
        _ => Tolerance::new(1e-2, 1e-4),
    }
}

fn reference_forward<const D: usize>(op: &Op, x: Tensor<D>, param: Option<Tensor<1>>) -> Tensor<D> {
    match op {
        Op::LeakyRelu6 { slope } => reference::capped_leaky_relu(x, *slope, 6.0),
        Op::CappedLeakyRelu { slope, cap } => reference::capped_leaky_relu(x, *slope, *cap),
        Op::HardSigmoid { alpha, beta } => reference::hard_sigmoid(x, *alpha, *beta),
        Op::HardSwish => reference::hard_swish(x),
        Op::PRelu { axis, .. } => reference::prelu(x, param.unwrap(), *axis),
        Op::Swish { beta } => {
            let beta = Tensor::<1>::full([1], *beta, (&x.device(), x.dtype()));
            reference::swish(x, beta)
        }
        Op::SwishLearnable { .. } => reference::swish(x, param.unwrap()),
    }
}

/// The input gradient and, for ops with a parameter, its gradient.
fn reference_backward<const D: usize>(
    op: &Op,
    x: Tensor<D>,
    param: Option<Tensor<1>>,
    grad: Tensor<D>,
) -> (Tensor<D>, Option<Tensor<1>>) {
    match op {
        Op::LeakyRelu6 { slope } => (
            reference::capped_leaky_relu_backward(x, grad, *slope, 6.0),
            None,
        ),
        Op::CappedLeakyRelu { slope, cap } => (
            reference::capped_leaky_relu_backward(x, grad, *slope, *cap),
            None,
        ),
        Op::HardSigmoid { alpha, beta } => (
            reference::hard_sigmoid_backward(x, grad, *alpha, *beta),
            None,
        ),
        Op::HardSwish => (reference::hard_swish_backward(x, grad), None),
        Op::PRelu { axis, .. } => {
            let alpha = param.unwrap();
            let input = reference::prelu_backward(x.clone(), alpha.clone(), grad.clone(), *axis);
            (
                input,
                Some(reference::prelu_alpha_backward(x, alpha, grad, *axis)),
            )
        }
        Op::Swish { beta } => {
            let beta = Tensor::<1>::full([1], *beta, (&x.device(), x.dtype()));
            (reference::swish_backward(x, beta, grad), None)
        }
        Op::SwishLearnable { .. } => {
            let beta = param.unwrap();
            let input = reference::swish_backward(x.clone(), beta.clone(), grad.clone());
            (input, Some(reference::swish_beta_backward(x, beta, grad)))
        }
    }
}

/// Compares the op on `x` (any layout) with the reference, with slopes on `axis`.
fn compare<const D: usize>(
    x: Tensor<D>,
    axis: usize,
    device: &TestDevice,
    dtype: DType,
    rng: &mut Rng,
) {
    let dims = x.dims();
    let len: usize = dims.iter().product();
    let grad_values: Vec<f64> = (0..len).map(|_| rng.uniform(-2.0, 2.0)).collect();
    let channels = if D == 0 { 1 } else { dims[axis] };
    compare_ops(x, &grad_values, device, dtype, Op::catalog(channels, axis));
}

/// Compares `ops` on `x` with the reference, with `grad_values` as the upstream gradient.
fn compare_ops<const D: usize>(
    x: Tensor<D>,
    grad_values: &[f64],
    device: &TestDevice,
    dtype: DType,
    ops: Vec<Op>,
) {
    let dims = x.dims();
    let len: usize = dims.iter().product();
    for op in ops {
        let context = format!("{op:?}, {dims:?}, {dtype:?} on {}", device.name);
        let param = op
            .param()
            .map(|p| tensor::<1>(&p, [p.len()], &device.device, dtype));

        let expected = values(reference_forward(&op, x.clone(), param.clone()));
        let actual = values(op.apply(x.clone(), param.clone()));
        assert_close(
            &actual,
            &expected,
            elementwise(dtype),
            &format!("{context}: value"),
        );

        if !device.autodiff {
            continue;
        }
        let grad = tensor::<D>(grad_values, dims, &device.device, dtype);
        let input = x.clone().require_grad();
        let tracked = param.clone().map(|p| p.require_grad());
        let grads = (op.apply(input.clone(), tracked.clone()) * grad.clone())
            .sum()
            .backward();
        let (expected_input, expected_param) = reference_backward(&op, x.clone(), param, grad);

        if len > 0 {
            let actual = values(input.grad(&grads).expect("input gradient"));
            let context = format!("{context}: input gradient");
            assert_close(
                &actual,
                &values(expected_input),
                elementwise(dtype),
                &context,
            );
        }
        if let (Some(tracked), Some(expected)) = (tracked, expected_param) {
            let expected = host_reduction(&op, &x, grad_values, expected);
            let actual = values(tracked.grad(&grads).expect("parameter gradient"));
            let context = format!("{context}: parameter gradient");
            assert_close(&actual, &expected, reduction(dtype), &context);
        }
    }
}

/// The composite's parameter gradient, evaluated on a CPU device when the build has one: Burn's
/// own `sum_dim` on wgpu over Mesa's software Vulkan returns wrong sums for rows longer than
/// 65,536 elements, which would make the reference, not the kernel, wrong.
fn host_reduction<const D: usize>(
    op: &Op,
    x: &Tensor<D>,
    grad: &[f64],
    on_device: Tensor<1>,
) -> Vec<f64> {
    #[cfg(feature = "flex")]
    {
        let device = burn::tensor::Device::flex();
        let dtype = x.dtype();
        let x = Tensor::<D>::from_data(x.to_data(), (&device, dtype));
        let grad = tensor::<D>(grad, x.dims(), &device, dtype);
        let param = op
            .param()
            .map(|p| tensor::<1>(&p, [p.len()], &device, dtype));
        let (_, expected) = reference_backward(op, x, param, grad);
        let _ = on_device;
        values(expected.expect("a parameter gradient"))
    }
    #[cfg(not(feature = "flex"))]
    {
        let _ = (op, x, grad);
        values(on_device)
    }
}

fn random<const D: usize>(
    dims: [usize; D],
    device: &TestDevice,
    dtype: DType,
    rng: &mut Rng,
) -> Tensor<D> {
    let len = dims.iter().product();
    let values: Vec<f64> = (0..len).map(|_| rng.uniform(-9.0, 9.0)).collect();
    tensor::<D>(&values, dims, &device.device, dtype)
}

fn random_dims<const D: usize>(rng: &mut Rng) -> [usize; D] {
    core::array::from_fn(|_| 1 + rng.below(6))
}

#[test]
fn sizes_around_vector_widths_and_thread_splits() {
    let mut rng = Rng::new(21);
    let sizes = [
        1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 65, 257, 1023, 32_768, 65_535, 65_536,
        65_537, 100_003,
    ];
    for device in devices() {
        for dtype in device.dtypes() {
            for size in sizes {
                // Two channels of `size` elements, and one channel over everything.
                let x = random([2, size], &device, dtype, &mut rng);
                compare(x, 0, &device, dtype, &mut rng);
                if size > 65_536 {
                    // Channels last, split across tasks by whole rows.
                    let x = random([size, 3], &device, dtype, &mut rng);
                    compare(x, 1, &device, dtype, &mut rng);
                }
            }
        }
    }
}

#[test]
fn ranks_one_to_five_with_views() {
    let mut rng = Rng::new(22);
    for device in devices() {
        for dtype in device.dtypes() {
            let x = random::<1>(random_dims(&mut rng), &device, dtype, &mut rng);
            compare(x, 0, &device, dtype, &mut rng);

            let x = random::<2>(random_dims(&mut rng), &device, dtype, &mut rng);
            compare(x.clone(), 1, &device, dtype, &mut rng);
            compare(x.transpose(), 1, &device, dtype, &mut rng);

            let x = random::<3>([3, 5, 4], &device, dtype, &mut rng);
            compare(x.clone(), 2, &device, dtype, &mut rng);
            compare(x.clone().permute([2, 0, 1]), 0, &device, dtype, &mut rng);
            compare(x.narrow(1, 1, 3), 1, &device, dtype, &mut rng);

            let x = random::<4>(random_dims(&mut rng), &device, dtype, &mut rng);
            compare(x.clone(), 1, &device, dtype, &mut rng);
            compare(x.permute([0, 2, 3, 1]), 3, &device, dtype, &mut rng);

            let x = random::<5>(random_dims(&mut rng), &device, dtype, &mut rng);
            compare(x.clone(), 4, &device, dtype, &mut rng);
            compare(x.swap_dims(1, 3), 2, &device, dtype, &mut rng);
        }
    }
}

#[test]
fn zero_size_tensors() {
    let mut rng = Rng::new(23);
    for device in devices() {
        for dtype in device.dtypes() {
            compare(
                random::<1>([0], &device, dtype, &mut rng),
                0,
                &device,
                dtype,
                &mut rng,
            );
            compare(
                random::<3>([2, 0, 3], &device, dtype, &mut rng),
                2,
                &device,
                dtype,
                &mut rng,
            );
        }
    }
}

/// NaN, infinities, signed zeros, the kinks and the far tails, each against every upstream
/// gradient among NaN, infinities, zero and ordinary values: the kernels keep the composite's
/// conventions wherever a product with 0 or infinity decides the result.
#[test]
fn special_values_and_special_gradients() {
    let grads = [1.5, -0.7, 0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let mut ops = Op::catalog(1, 0);
    ops.push(Op::HardSigmoid {
        alpha: 0.0,
        beta: 0.3,
    });
    for device in devices() {
        for dtype in device.dtypes() {
            for op in &ops {
                let mut inputs = vec![
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    0.0,
                    -0.0,
                    1e-3,
                    -1e-3,
                    -20.0,
                    -90.0,
                    -100.0,
                    -800.0,
                    40.0,
                    800.0,
                ];
                inputs.extend(op.kinks());
                let (x, grad): (Vec<f64>, Vec<f64>) = inputs
                    .iter()
                    .flat_map(|&x| grads.iter().map(move |&g| (x, g)))
                    .unzip();
                let x = tensor::<1>(&x, [x.len()], &device.device, dtype);
                compare_ops(x, &grad, &device, dtype, vec![op.clone()]);
            }
        }
    }
}
