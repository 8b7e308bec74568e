//! Values and gradients against PyTorch 2.15 (`tests/data/activations.json`), at the kinks,
//! one ULP either side, ±0, subnormals, large magnitudes, ±inf, NaN and random points.

mod common;

use burn::tensor::{DType, Tensor};
use common::{TestDevice, Tolerance, assert_close, devices, tensor, values};
use serde_json::Value;

struct Case {
    id: String,
    name: String,
    dtype: DType,
    params: Value,
    shape: Vec<usize>,
    input: Vec<f64>,
    output: Vec<f64>,
    grad_input: Vec<f64>,
    grad_params: Value,
}

fn number(value: &Value) -> f64 {
    match value {
        Value::String(text) => match text.as_str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => panic!("unknown number {other}"),
        },
        other => other.as_f64().expect("a number"),
    }
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(number)
        .collect()
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/activations.json");
    let root: Value = serde_json::from_str(text).expect("valid JSON");
    root["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| {
            assert_eq!(case["grad_output"], "ones");
            Case {
                id: case["id"].as_str().unwrap().to_string(),
                name: case["name"].as_str().unwrap().to_string(),
                dtype: match case["dtype"].as_str().unwrap() {
                    "float32" => DType::F32,
                    _ => DType::F64,
                },
                params: case["params"].clone(),
                shape: case["shape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|dim| dim.as_u64().unwrap() as usize)
                    .collect(),
                input: numbers(&case["input"]),
                output: numbers(&case["output"]),
                grad_input: numbers(&case["grad_input"]),
                grad_params: case["grad_params"].clone(),
            }
        })
        .collect()
}

/// The tolerance of a sum over a case's elements (parameter gradients).
fn reduction_tolerance(dtype: DType) -> Tolerance {
    match dtype {
        DType::F64 => Tolerance::new(1e-9, 1e-10),
        _ => Tolerance::new(1e-3, 1e-4),
    }
}

/// Applies the case's activation; `param` is PReLU's slopes or Swish's beta.
fn apply<const D: usize>(case: &Case, input: Tensor<D>, param: Option<Tensor<1>>) -> Tensor<D> {
    match case.name.as_str() {
        "leaky_relu6" => {
            let slope = case.params["negative_slope"].as_f64().unwrap();
            let cap = case.params["cap"].as_f64().unwrap();
            if cap == 6.0 {
                burn_activations::leaky_relu6(input, slope)
            } else {
                burn_activations::capped_leaky_relu(input, slope, cap)
            }
        }
        "hardswish" => burn_activations::hard_swish(input),
        "hardsigmoid" => burn_activations::hard_sigmoid(input, 1.0 / 6.0, 0.5),
        "prelu" => burn_activations::prelu(input, param.unwrap(), 1),
        "swish" => match param {
            Some(beta) => burn_activations::swish_learnable(input, beta),
            None => burn_activations::swish(input, case.params["beta"].as_f64().unwrap()),
        },
        other => panic!("no activation for case {other}"),
    }
}

fn param_values(case: &Case) -> Option<Vec<f64>> {
    match case.name.as_str() {
        "prelu" => Some(numbers(&case.params["weight"])),
        "swish" => Some(vec![case.params["beta"].as_f64().unwrap()]),
        _ => None,
    }
}

fn input_tolerance(case: &Case, device: &TestDevice) -> Tolerance {
    let mut tolerance = Tolerance::elementwise(case.dtype, device.gpu);
    if case.name == "hardsigmoid" && case.dtype == DType::F64 {
        // PyTorch's float64 Hard-Sigmoid gradient is float32's 1/6.
        tolerance.rel = 1e-7;
    }
    tolerance
}

/// Checks that zeros carry the reference's sign (`-0.0` stays negative).
fn assert_zero_signs(actual: &[f64], expected: &[f64], context: &str) {
    for (index, (a, e)) in actual.iter().zip(expected).enumerate() {
        if *e == 0.0 && *a == 0.0 {
            assert_eq!(
                a.is_sign_negative(),
                e.is_sign_negative(),
                "{context}: element {index} is {a:?}, expected {e:?}"
            );
        }
    }
}

fn run_case<const D: usize>(case: &Case, device: &TestDevice) {
    let context = format!("{} on {}", case.id, device.name);
    let shape: [usize; D] = case.shape.clone().try_into().unwrap();
    let input = tensor::<D>(&case.input, shape, &device.device, case.dtype);
    let tolerance = Tolerance::elementwise(case.dtype, device.gpu);

    // The plain function (Swish with a scalar beta).
    let param = match case.name.as_str() {
        "swish" => None,
        _ => param_values(case).map(|p| tensor::<1>(&p, [p.len()], &device.device, case.dtype)),
    };
    let output = values(apply(case, input.clone(), param));
    assert_close(
        &output,
        &case.output,
        tolerance,
        &format!("{context}: value"),
    );
    if !device.gpu {
        assert_zero_signs(&output, &case.output, &format!("{context}: value"));
    }

    if !device.autodiff {
        return;
    }
    let input = input.require_grad();
    let param = param_values(case)
        .map(|p| tensor::<1>(&p, [p.len()], &device.device, case.dtype).require_grad());
    let output = apply(case, input.clone(), param.clone());
    let grads = output.sum().backward();

    let grad_input = values(input.grad(&grads).expect("input gradient"));
    let tolerance = input_tolerance(case, device);
    assert_close(
        &grad_input,
        &case.grad_input,
        tolerance,
        &format!("{context}: gradient"),
    );

    if let Some(param) = param {
        let grad = values(param.grad(&grads).expect("parameter gradient"));
        let expected = match case.name.as_str() {
            "prelu" => numbers(&case.grad_params["weight"]),
            // d/d beta of the sum: the sum of the per-element derivatives.
            _ => vec![numbers(&case.grad_params["beta_per_element"]).iter().sum()],
        };
        let context = format!("{context}: parameter gradient");
        assert_close(&grad, &expected, reduction_tolerance(case.dtype), &context);
        check_finite_param_gradient(case, device);
    }
}

/// The per-element parameter gradients summed over the finite inputs only: the full set holds
/// NaN, which makes a single-parameter gradient NaN and would hide every other value.
fn check_finite_param_gradient(case: &Case, device: &TestDevice) {
    let per_element = match case.name.as_str() {
        "swish" => numbers(&case.grad_params["beta_per_element"]),
        "prelu" if case.grad_params.get("weight_per_element").is_some() => {
            numbers(&case.grad_params["weight_per_element"])
        }
        _ => return,
    };
    let finite: Vec<usize> = (0..case.input.len())
        .filter(|&i| case.input[i].is_finite())
        .collect();
    let inputs: Vec<f64> = finite.iter().map(|&i| case.input[i]).collect();
    let expected: f64 = finite.iter().map(|&i| per_element[i]).sum();

    let input = tensor::<1>(&inputs, [inputs.len()], &device.device, case.dtype);
    let param = param_values(case).unwrap();
    let param = tensor::<1>(&param, [param.len()], &device.device, case.dtype).require_grad();
    let grads = apply(case, input, Some(param.clone())).sum().backward();
    let grad = values(param.grad(&grads).unwrap());
    let context = format!(
        "{} on {}: finite-input parameter gradient",
        case.id, device.name
    );
    assert_close(
        &grad,
        &[expected],
        reduction_tolerance(case.dtype),
        &context,
    );
}

#[test]
fn matches_pytorch_on_every_device() {
    let cases = cases();
    assert_eq!(cases.len(), 20, "every case of the reference file is run");
    for device in devices() {
        for case in cases
            .iter()
            .filter(|case| device.dtypes().contains(&case.dtype))
        {
            match case.shape.len() {
                1 => run_case::<1>(case, &device),
                3 => run_case::<3>(case, &device),
                rank => panic!("{}: no test for rank {rank}", case.id),
            }
        }
    }
}
