//! Non-contiguous views, zero-size tensors and ranks 1 to 5 give what contiguous ones give.

mod common;

use burn::tensor::{DType, Tensor};
use common::ops::Op;
use common::{Rng, TestDevice, Tolerance, assert_close, devices, tensor, values};

/// The same inputs through the same op: only the layout differs, so the results agree to
/// rounding (a backend may vectorize the two layouts differently).
const SAME: Tolerance = Tolerance::new(1e-6, 1e-6);

fn random_values(len: usize, rng: &mut Rng) -> Vec<f64> {
    (0..len).map(|_| rng.uniform(-8.0, 8.0)).collect()
}

/// A contiguous copy of `view`, made from its data.
fn contiguous<const D: usize>(view: &Tensor<D>, device: &TestDevice, dtype: DType) -> Tensor<D> {
    Tensor::from_data(view.to_data(), (&device.device, dtype))
}

/// Runs every op on `view` and on a contiguous copy of it, the slopes on `axis`, and compares
/// the outputs and, under autodiff, the gradients.
fn compare<const D: usize>(
    view: Tensor<D>,
    axis: usize,
    device: &TestDevice,
    dtype: DType,
    what: &str,
) {
    let copy = contiguous(&view, device, dtype);
    let channels = view.dims()[axis];
    for op in Op::catalog(channels, axis) {
        let context = format!("{op:?} on a {what} {:?} view, {}", view.dims(), device.name);
        let param = |device: &TestDevice| {
            op.param()
                .map(|p| tensor::<1>(&p, [p.len()], &device.device, dtype))
        };
        let (view, copy) = if device.autodiff {
            (view.clone().require_grad(), copy.clone().require_grad())
        } else {
            (view.clone(), copy.clone())
        };
        let from_view = op.apply(view.clone(), param(device));
        let from_copy = op.apply(copy.clone(), param(device));
        assert_eq!(from_view.dims(), view.dims(), "{context}");
        assert_close(
            &values(from_view.clone()),
            &values(from_copy.clone()),
            SAME,
            &context,
        );

        if device.autodiff {
            let grad_view = view.grad(&from_view.sum().backward()).unwrap();
            let grad_copy = copy.grad(&from_copy.sum().backward()).unwrap();
            assert_close(&values(grad_view), &values(grad_copy), SAME, &context);
        }
    }
}

fn check_rank<const D: usize>(device: &TestDevice, dtype: DType, rng: &mut Rng) {
    let dims: [usize; D] = core::array::from_fn(|_| 2 + rng.below(3));
    let len = dims.iter().product();
    let x = tensor::<D>(&random_values(len, rng), dims, &device.device, dtype);

    compare(x.clone(), D - 1, device, dtype, "contiguous");
    compare(
        x.clone().narrow(0, 1, dims[0] - 1),
        0,
        device,
        dtype,
        "sliced",
    );
    if D >= 2 {
        compare(
            x.clone().swap_dims(0, D - 1),
            D - 1,
            device,
            dtype,
            "transposed",
        );
        let reversed: [usize; D] = core::array::from_fn(|i| D - 1 - i);
        compare(x.clone().permute(reversed), 1, device, dtype, "permuted");
        compare(
            x.narrow(D - 1, 1, dims[D - 1] - 1),
            D - 1,
            device,
            dtype,
            "inner-sliced",
        );
    }
}

#[test]
fn views_and_ranks_one_to_five_match_contiguous() {
    let mut rng = Rng::new(11);
    for device in devices() {
        for dtype in device.dtypes() {
            check_rank::<1>(&device, dtype, &mut rng);
            check_rank::<2>(&device, dtype, &mut rng);
            check_rank::<3>(&device, dtype, &mut rng);
            check_rank::<4>(&device, dtype, &mut rng);
            check_rank::<5>(&device, dtype, &mut rng);
        }
    }
}

#[test]
fn zero_size_tensors_keep_their_shape() {
    for device in devices() {
        for op in Op::catalog(3, 2) {
            let context = format!("{op:?} on {}", device.name);
            let x = tensor::<3>(&[], [2, 0, 3], &device.device, DType::F32);
            let param = op
                .param()
                .map(|p| tensor::<1>(&p, [p.len()], &device.device, DType::F32));
            let param = match (param, device.autodiff) {
                (Some(p), true) => Some(p.require_grad()),
                (p, _) => p,
            };
            let x = if device.autodiff { x.require_grad() } else { x };
            let y = op.apply(x.clone(), param.clone());
            assert_eq!(y.dims(), [2, 0, 3], "{context}");
            assert!(values(y.clone()).is_empty(), "{context}");

            if device.autodiff {
                let grads = y.sum().backward();
                if let Some(grad) = x.grad(&grads) {
                    assert_eq!(grad.dims(), [2, 0, 3], "{context}");
                }
                if let Some(param) = param {
                    let grad = param.grad(&grads).expect("parameter gradient");
                    let zeros = vec![0.0; param.dims()[0]];
                    assert_close(&values(grad), &zeros, SAME, &context);
                }
            }
        }
    }
}
