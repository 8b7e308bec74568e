//! Cases from faults reported against other frameworks, on every device.

mod common;

use burn::tensor::{DType, Tensor};
use burn_activations::{capped_leaky_relu, hard_sigmoid, hard_swish, leaky_relu6, prelu};
use common::{Tolerance, assert_close, autodiff_devices, devices, tensor, values};

const EXACT_F32: Tolerance = Tolerance::new(1e-6, 1e-6);

/// Three channels of `[-1, -2, -3]` each, slopes `[0.1, 0.2, 0.3]`, as NCHW `[1, 3, 1, 3]`.
fn prelu_input() -> Vec<f64> {
    [-1.0, -2.0, -3.0].repeat(3)
}

#[test]
fn prelu_per_channel_slopes_and_their_gradient() {
    let expected = [-0.1, -0.2, -0.3, -0.2, -0.4, -0.6, -0.3, -0.6, -0.9];
    for device in devices() {
        let context = format!("prelu on {}", device.name);
        let x = tensor::<4>(&prelu_input(), [1, 3, 1, 3], &device.device, DType::F32);
        let alpha = tensor::<1>(&[0.1, 0.2, 0.3], [3], &device.device, DType::F32);
        let alpha = if device.autodiff {
            alpha.require_grad()
        } else {
            alpha
        };

        let y = prelu(x.clone(), alpha.clone(), 1);
        assert_eq!(y.dims(), [1, 3, 1, 3]);
        assert_close(&values(y.clone()), &expected, EXACT_F32, &context);

        // Channels last: [1, 1, 3, 3] with the channels on axis 3.
        let x_last = x.permute([0, 2, 3, 1]);
        let y_last = prelu(x_last, alpha.clone(), 3);
        let expected_last = values(y.clone().permute([0, 2, 3, 1]));
        assert_close(&values(y_last.clone()), &expected_last, EXACT_F32, &context);

        if device.autodiff {
            for output in [y, y_last] {
                let grads = output.sum().backward();
                let grad = alpha.grad(&grads).expect("slope gradient");
                assert_eq!(grad.dims(), [3]);
                assert_close(&values(grad), &[-6.0, -6.0, -6.0], EXACT_F32, &context);
            }
        }
    }
}

#[test]
fn hard_swish_gradient_at_and_between_the_kinks() {
    let x = [-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0];
    let expected = [
        0.0,
        0.0,
        -1.0 / 6.0,
        1.0 / 6.0,
        0.5,
        5.0 / 6.0,
        7.0 / 6.0,
        1.0,
        1.0,
    ];
    for device in autodiff_devices() {
        let input = tensor::<1>(&x, [9], &device.device, DType::F32).require_grad();
        let grads = hard_swish(input.clone()).sum().backward();
        let grad = values(input.grad(&grads).unwrap());
        assert_close(&grad, &expected, EXACT_F32, &device.name);
    }
}

#[test]
fn leaky_relu6_values_and_gradient() {
    let x = [-10.0, -1.0, 0.0, 1.0, 5.9, 6.0, 7.0];
    let expected = [-1.0, -0.1, 0.0, 1.0, 5.9, 6.0, 6.0];
    let expected_grad = [0.1, 0.1, 0.1, 1.0, 1.0, 0.0, 0.0];
    for device in devices() {
        let input = tensor::<1>(&x, [7], &device.device, DType::F32);
        let input = if device.autodiff {
            input.require_grad()
        } else {
            input
        };
        let y = leaky_relu6(input.clone(), 0.1);
        assert_close(&values(y.clone()), &expected, EXACT_F32, &device.name);
        if device.autodiff {
            let grads = y.sum().backward();
            let grad = values(input.grad(&grads).unwrap());
            assert_close(&grad, &expected_grad, EXACT_F32, &device.name);
        }
    }
}

#[test]
fn slope_above_one_keeps_the_branches_by_sign() {
    for device in devices() {
        let input = tensor::<1>(&[-1.0, 1.0], [2], &device.device, DType::F32);
        let y = capped_leaky_relu(input, 2.0, f64::INFINITY);
        assert_close(&values(y), &[-2.0, 1.0], EXACT_F32, &device.name);
    }
}

#[test]
fn hard_sigmoid_in_both_forms() {
    let x = [-3.0, -2.5, -1.0, 0.0, 1.0, 2.5, 3.0];
    let pytorch = [0.0, 1.0 / 12.0, 1.0 / 3.0, 0.5, 2.0 / 3.0, 11.0 / 12.0, 1.0];
    let onnx = [0.0, 0.0, 0.3, 0.5, 0.7, 1.0, 1.0];
    for device in devices() {
        for (alpha, expected, saturated) in [
            (1.0 / 6.0, pytorch, [0usize, 6].as_slice()),
            (0.2, onnx, [0usize, 1, 5, 6].as_slice()),
        ] {
            let context = format!("hard_sigmoid({alpha}) on {}", device.name);
            let input = tensor::<1>(&x, [7], &device.device, DType::F32);
            let input = if device.autodiff {
                input.require_grad()
            } else {
                input
            };
            let y: Tensor<1> = hard_sigmoid(input.clone(), alpha, 0.5);
            assert_close(&values(y.clone()), &expected, EXACT_F32, &context);
            if device.autodiff {
                let grads = y.sum().backward();
                let grad = values(input.grad(&grads).unwrap());
                for (index, g) in grad.iter().enumerate() {
                    let want = if saturated.contains(&index) {
                        0.0
                    } else {
                        alpha
                    };
                    assert!(
                        (g - want).abs() < 1e-6,
                        "{context}: gradient {index} is {g}"
                    );
                }
            }
        }
    }
}
