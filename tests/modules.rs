//! Configs, modules, their display, and choosing an activation by name.

mod common;

use burn::config::Config;
use burn::tensor::{DType, Device};
use burn_activations::*;
use common::{Tolerance, assert_close, devices, tensor, values};

#[test]
fn configs_default_to_the_documented_values() {
    let leaky = LeakyRelu6Config::new();
    assert_eq!((leaky.negative_slope, leaky.cap), (0.01, 6.0));
    let hard_sigmoid = HardSigmoidConfig::new();
    assert_eq!((hard_sigmoid.alpha, hard_sigmoid.beta), (1.0 / 6.0, 0.5));
    let prelu = PReluConfig::new();
    assert_eq!(
        (prelu.num_parameters, prelu.alpha, prelu.channel_axis),
        (1, 0.25, 1)
    );
    let swish = SwishConfig::new();
    assert_eq!((swish.beta, swish.learnable), (1.0, false));
}

#[test]
fn modules_display_their_hyperparameters() {
    for device in devices() {
        let device = &device.device;
        let leaky = LeakyRelu6Config::new()
            .with_negative_slope(0.1)
            .init(device);
        assert_eq!(
            format!("{leaky}"),
            "LeakyRelu6 {negative_slope: 0.1, cap: 6}"
        );
        let hard_sigmoid = HardSigmoidConfig::new().with_alpha(0.2).init(device);
        assert_eq!(
            format!("{hard_sigmoid}"),
            "HardSigmoid {alpha: 0.2, beta: 0.5}"
        );
        let hard_swish = HardSwishConfig::new().init(device);
        assert_eq!(format!("{hard_swish}"), "HardSwish");
        let prelu = PReluConfig::new()
            .with_num_parameters(8)
            .with_channel_axis(2)
            .init(device);
        assert_eq!(
            format!("{prelu}"),
            "PRelu {num_parameters: 8, channel_axis: 2, params: 8}"
        );
        let swish = SwishConfig::new().with_beta(1.5).init(device);
        assert_eq!(format!("{swish}"), "Swish {beta: 1.5, params: 1}");
    }
}

#[test]
fn modules_apply_their_function() {
    let x = [-8.0, -3.0, -0.5, 0.0, 0.5, 3.0, 8.0];
    let tolerance = Tolerance::new(1e-6, 1e-6);
    for device in devices() {
        let d = &device.device;
        let input = || tensor::<2>(&x, [1, 7], d, DType::F32);
        let pairs = [
            (
                LeakyRelu6Config::new().init(d).forward(input()),
                leaky_relu6(input(), 0.01),
            ),
            (
                HardSigmoidConfig::new().init(d).forward(input()),
                hard_sigmoid(input(), 1.0 / 6.0, 0.5),
            ),
            (
                HardSwishConfig::new().init(d).forward(input()),
                hard_swish(input()),
            ),
            (
                PReluConfig::new().with_alpha(0.1).init(d).forward(input()),
                prelu(input(), tensor::<1>(&[0.1], [1], d, DType::F32), 1),
            ),
            (
                SwishConfig::new().with_beta(2.0).init(d).forward(input()),
                swish(input(), 2.0),
            ),
        ];
        for (module, function) in pairs {
            assert_close(&values(module), &values(function), tolerance, &device.name);
        }
    }
}

#[test]
fn every_name_parses_and_runs() {
    for device in devices() {
        for (name, _) in ActivationConfig::NAMES {
            let config: ActivationConfig = name.parse().unwrap();
            let activation = config.init(&device.device);
            let x = tensor::<3>(
                &[-1.0, 0.5, 2.0, -4.0],
                [1, 2, 2],
                &device.device,
                DType::F32,
            );
            let y = activation.forward(x);
            assert_eq!(y.dims(), [1, 2, 2], "{name} on {}", device.name);
            assert!(
                values(y).iter().all(|v| v.is_finite()),
                "{name} on {}",
                device.name
            );
        }
    }
}

#[test]
fn names_choose_the_activation_and_its_defaults() {
    let device = Device::default();
    let parsed: ActivationConfig = "leaky_relu6".parse().unwrap();
    let y = parsed
        .init(&device)
        .forward(tensor::<1>(&[-10.0, 1.0, 8.0], [3], &device, DType::F32));
    assert_close(
        &values(y),
        &[-0.1, 1.0, 6.0],
        Tolerance::new(1e-6, 1e-6),
        "leaky_relu6",
    );

    for (alias, canonical) in [("hardswish", "hard_swish"), ("hardsigmoid", "hard_sigmoid")] {
        let a: ActivationConfig = alias.parse().unwrap();
        let b: ActivationConfig = canonical.parse().unwrap();
        assert_eq!(a.to_string(), b.to_string());
    }
    assert!(matches!(" ReLU ".parse(), Ok(ActivationConfig::Relu)));
    let learnable: ActivationConfig = "learnable_swish".parse().unwrap();
    assert!(matches!(
        learnable,
        ActivationConfig::Swish(SwishConfig {
            learnable: true,
            ..
        })
    ));
}

#[test]
fn an_unknown_name_lists_the_known_ones() {
    let error = "leaky_relu7".parse::<ActivationConfig>().unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("unknown activation \"leaky_relu7\"; known names: "));
    for (name, _) in ActivationConfig::NAMES {
        assert!(message.contains(name), "{message} lacks {name}");
    }
}

#[test]
fn activation_configs_round_trip_through_json() {
    for (name, config) in ActivationConfig::NAMES {
        let config = config();
        let json = config.to_string();
        let back: ActivationConfig = ActivationConfig::load_binary(json.as_bytes())
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(back.to_string(), json, "{name}");
    }
    let config: ActivationConfig = LeakyRelu6Config::new().with_negative_slope(0.2).into();
    assert!(
        config.to_string().contains("\"negative_slope\": 0.2"),
        "{config}"
    );
}
