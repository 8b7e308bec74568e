//! Bad configuration or input fails at once, naming the parameter and the value.

mod common;

use burn::tensor::{DType, Device, Tensor};
use burn_activations::*;
use common::{panics_on_every_device, tensor};

fn input(device: &Device) -> Tensor<3> {
    tensor::<3>(&[1.0; 12], [2, 3, 2], device, DType::F32)
}

#[test]
#[should_panic(expected = "leaky_relu6: negative_slope must be finite, got NaN")]
fn leaky_relu6_nan_slope() {
    panics_on_every_device(|device| {
        leaky_relu6(input(device), f64::NAN);
    });
}

#[test]
#[should_panic(expected = "capped_leaky_relu: negative_slope must be finite, got inf")]
fn capped_leaky_relu_infinite_slope() {
    panics_on_every_device(|device| {
        capped_leaky_relu(input(device), f64::INFINITY, 6.0);
    });
}

#[test]
#[should_panic(expected = "capped_leaky_relu: cap must be positive, got 0")]
fn capped_leaky_relu_zero_cap() {
    panics_on_every_device(|device| {
        capped_leaky_relu(input(device), 0.1, 0.0);
    });
}

#[test]
#[should_panic(expected = "capped_leaky_relu: cap must be positive, got NaN")]
fn capped_leaky_relu_nan_cap() {
    panics_on_every_device(|device| {
        capped_leaky_relu(input(device), 0.1, f64::NAN);
    });
}

#[test]
#[should_panic(expected = "hard_sigmoid: alpha must be finite, got -inf")]
fn hard_sigmoid_infinite_alpha() {
    panics_on_every_device(|device| {
        hard_sigmoid(input(device), f64::NEG_INFINITY, 0.5);
    });
}

#[test]
#[should_panic(expected = "hard_sigmoid: beta must be finite, got NaN")]
fn hard_sigmoid_nan_beta() {
    panics_on_every_device(|device| {
        hard_sigmoid(input(device), 0.2, f64::NAN);
    });
}

#[test]
#[should_panic(expected = "swish: beta must be finite, got inf")]
fn swish_infinite_beta() {
    panics_on_every_device(|device| {
        swish(input(device), f64::INFINITY);
    });
}

#[test]
#[should_panic(expected = "swish_learnable: beta must have 1 element, got 2")]
fn swish_learnable_two_betas() {
    panics_on_every_device(|device| {
        let beta = tensor::<1>(&[1.0, 2.0], [2], device, DType::F32);
        swish_learnable(input(device), beta);
    });
}

#[test]
#[should_panic(
    expected = "prelu: alpha must have 1 element or 3 (the size of channel axis 1), got 2"
)]
fn prelu_alpha_of_the_wrong_length() {
    panics_on_every_device(|device| {
        let alpha = tensor::<1>(&[0.1, 0.2], [2], device, DType::F32);
        prelu(input(device), alpha, 1);
    });
}

#[test]
#[should_panic(expected = "prelu: channel_axis must be less than the input's rank 3, got 3")]
fn prelu_channel_axis_beyond_the_rank() {
    panics_on_every_device(|device| {
        let alpha = tensor::<1>(&[0.1, 0.2], [2], device, DType::F32);
        prelu(input(device), alpha, 3);
    });
}

#[test]
#[should_panic(expected = "PReluConfig: num_parameters must be at least 1, got 0")]
fn prelu_config_without_parameters() {
    panics_on_every_device(|device| {
        PReluConfig::new().with_num_parameters(0).init(device);
    });
}

#[test]
#[should_panic(expected = "PReluConfig: alpha must be finite, got NaN")]
fn prelu_config_nan_alpha() {
    panics_on_every_device(|device| {
        PReluConfig::new().with_alpha(f64::NAN).init(device);
    });
}

#[test]
#[should_panic(expected = "LeakyRelu6Config: negative_slope must be finite, got inf")]
fn leaky_relu6_config_infinite_slope() {
    panics_on_every_device(|device| {
        LeakyRelu6Config::new()
            .with_negative_slope(f64::INFINITY)
            .init(device);
    });
}

#[test]
#[should_panic(expected = "LeakyRelu6Config: cap must be positive, got -1")]
fn leaky_relu6_config_negative_cap() {
    panics_on_every_device(|device| {
        LeakyRelu6Config::new().with_cap(-1.0).init(device);
    });
}

#[test]
#[should_panic(expected = "HardSigmoidConfig: alpha must be finite, got NaN")]
fn hard_sigmoid_config_nan_alpha() {
    panics_on_every_device(|device| {
        HardSigmoidConfig::new().with_alpha(f64::NAN).init(device);
    });
}

#[test]
#[should_panic(expected = "HardSigmoidConfig: beta must be finite, got inf")]
fn hard_sigmoid_config_infinite_beta() {
    panics_on_every_device(|device| {
        HardSigmoidConfig::new()
            .with_beta(f64::INFINITY)
            .init(device);
    });
}

#[test]
#[should_panic(expected = "SwishConfig: beta must be finite, got NaN")]
fn swish_config_nan_beta() {
    panics_on_every_device(|device| {
        SwishConfig::new().with_beta(f64::NAN).init(device);
    });
}
