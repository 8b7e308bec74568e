//! Every gradient, of the input and of the parameters, against central finite differences on
//! random float64 inputs away from the kinks, with a random upstream gradient.

mod common;

use burn::tensor::{DType, Tensor};
use common::ops::Op;
use common::{Rng, Tolerance, assert_close, autodiff_devices, tensor, values};

const STEP: f64 = 1e-6;
/// Central differences with a step of 1e-6 are good to about 1e-8 on these smooth pieces.
const TOLERANCE: Tolerance = Tolerance::new(1e-7, 1e-6);
const SHAPE: [usize; 3] = [2, 3, 5];
const LEN: usize = 30;

/// Random inputs in [-8, 8], at least 1e-3 from every kink of `op`.
fn inputs(op: &Op, rng: &mut Rng) -> Vec<f64> {
    let kinks = op.kinks();
    let mut inputs = Vec::with_capacity(LEN);
    while inputs.len() < LEN {
        let x = rng.uniform(-8.0, 8.0);
        if kinks.iter().all(|k| (x - k).abs() > 1e-3) {
            inputs.push(x);
        }
    }
    inputs
}

/// `sum(weights * op(x))`, evaluated without autodiff.
fn objective(
    op: &Op,
    x: &[f64],
    param: Option<&[f64]>,
    weights: &[f64],
    device: &common::TestDevice,
) -> f64 {
    let plain = device.device.clone().inner();
    let input = tensor::<3>(x, SHAPE, &plain, DType::F64);
    let param = param.map(|p| tensor::<1>(p, [p.len()], &plain, DType::F64));
    let weights = tensor::<3>(weights, SHAPE, &plain, DType::F64);
    let output: Tensor<3> = op.apply(input, param);
    values((output * weights).sum())[0]
}

#[test]
fn gradients_match_finite_differences() {
    let mut rng = Rng::new(7);
    for device in autodiff_devices().into_iter().filter(|d| d.float64) {
        for op in Op::catalog(SHAPE[1], 1) {
            let context = format!("{op:?} on {}", device.name);
            let x = inputs(&op, &mut rng);
            let weights: Vec<f64> = (0..LEN).map(|_| rng.uniform(-2.0, 2.0)).collect();
            let param = op.param();

            let input = tensor::<3>(&x, SHAPE, &device.device, DType::F64).require_grad();
            let param_tensor = param
                .as_ref()
                .map(|p| tensor::<1>(p, [p.len()], &device.device, DType::F64).require_grad());
            let upstream = tensor::<3>(&weights, SHAPE, &device.device, DType::F64);
            let output = op.apply(input.clone(), param_tensor.clone());
            let grads = (output * upstream).sum().backward();

            // The op is elementwise: perturbing every input at once gives each derivative.
            let plus: Vec<f64> = x.iter().map(|v| v + STEP).collect();
            let minus: Vec<f64> = x.iter().map(|v| v - STEP).collect();
            let numeric: Vec<f64> = (0..LEN)
                .map(|i| {
                    let mut w = vec![0.0; LEN];
                    w[i] = weights[i];
                    let p = param.as_deref();
                    let plus = objective(&op, &plus, p, &w, &device);
                    let minus = objective(&op, &minus, p, &w, &device);
                    (plus - minus) / (2.0 * STEP)
                })
                .collect();
            let analytic = values(input.grad(&grads).expect("input gradient"));
            assert_close(&analytic, &numeric, TOLERANCE, &format!("{context}: input"));

            if let (Some(param), Some(param_tensor)) = (param, param_tensor) {
                let numeric: Vec<f64> = (0..param.len())
                    .map(|j| {
                        let mut plus = param.clone();
                        let mut minus = param.clone();
                        plus[j] += STEP;
                        minus[j] -= STEP;
                        let plus = objective(&op, &x, Some(&plus), &weights, &device);
                        let minus = objective(&op, &x, Some(&minus), &weights, &device);
                        (plus - minus) / (2.0 * STEP)
                    })
                    .collect();
                let analytic = values(param_tensor.grad(&grads).expect("parameter gradient"));
                assert_close(
                    &analytic,
                    &numeric,
                    TOLERANCE,
                    &format!("{context}: parameter"),
                );
            }
        }
    }
}
