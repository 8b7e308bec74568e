//! Swapping activations into an existing Burn model: every activation fits, records save and
//! load, and weights trained with ReLU carry over to learnable activations.

mod common;

use std::path::PathBuf;

use burn::config::Config;
use burn::module::Module;
use burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig};
use burn::optim::{AdamConfig, GradientsParams};
use burn::store::ModuleRecord;
use burn::tensor::{DType, Device, Tensor};
use burn_activations::{
    Activation, ActivationConfig, HardSwishConfig, LeakyRelu6Config, PReluConfig, SwishConfig,
    load_record_swapping_activations,
};
use common::{Rng, TestDevice, Tolerance, assert_close, autodiff_devices, devices, tensor, values};

const FEATURES: usize = 6;
const HIDDEN: usize = 5;
const BATCH: usize = 4;

/// A model in the usual Burn style: Linear, BatchNorm before the activation, Linear.
#[derive(Module, Debug)]
struct Net {
    input: Linear,
    norm: BatchNorm,
    activation: Activation,
    output: Linear,
}

#[derive(Config, Debug)]
struct NetConfig {
    activation: ActivationConfig,
}

impl NetConfig {
    fn init(&self, device: &Device) -> Net {
        Net {
            input: LinearConfig::new(FEATURES, HIDDEN).init(device),
            norm: BatchNormConfig::new(HIDDEN).init(device),
            activation: self.activation.init(device),
            output: LinearConfig::new(HIDDEN, 2).init(device),
        }
    }
}

impl Net {
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let x = self.norm.forward(self.input.forward(x));
        self.output.forward(self.activation.forward(x))
    }
}

/// Every activation by name, PReLU with one slope per hidden unit.
fn activation_configs() -> Vec<(&'static str, ActivationConfig)> {
    ActivationConfig::NAMES
        .iter()
        .map(|(name, config)| match config() {
            ActivationConfig::PRelu(prelu) => (*name, prelu.with_num_parameters(HIDDEN).into()),
            other => (*name, other),
        })
        .collect()
}

fn batch(device: &Device, rng: &mut Rng) -> Tensor<2> {
    let x: Vec<f64> = (0..BATCH * FEATURES)
        .map(|_| rng.uniform(-2.0, 2.0))
        .collect();
    tensor::<2>(&x, [BATCH, FEATURES], device, DType::F32)
}

fn record_file(name: &str, device: &TestDevice) -> PathBuf {
    let file = format!(
        "burn-activations-{}-{name}-{}.bpk",
        std::process::id(),
        device.name
    );
    std::env::temp_dir().join(file.replace('+', "-"))
}

/// One Adam step on a regression loss.
fn train_step(net: Net, x: Tensor<2>, optim: &mut burn::optim::ModuleOptimizer) -> Net {
    let loss = net.forward(x).powf_scalar(2.0).mean();
    let grads = GradientsParams::from_grads(loss.backward(), &net);
    optim.step(1e-2, net, grads)
}

const SAME: Tolerance = Tolerance::new(0.0, 0.0);

#[test]
fn every_activation_fits_and_its_record_round_trips() {
    let mut rng = Rng::new(3);
    for device in devices() {
        for (name, config) in activation_configs() {
            let context = format!("{name} on {}", device.name);
            let net = NetConfig::new(config.clone()).init(&device.device).valid();
            let x = batch(&device.device, &mut rng);
            let expected = values(net.forward(x.clone()));

            let path = record_file(name, &device);
            net.into_record().save(&path).unwrap();
            let fresh = NetConfig::new(config).init(&device.device).valid();
            let loaded = fresh.load_record(ModuleRecord::load(&path).unwrap());
            assert_close(&values(loaded.forward(x)), &expected, SAME, &context);
            // The record reads the file lazily: remove it only once the model is used.
            drop(loaded);
            std::fs::remove_file(&path).unwrap();
        }
    }
}

#[test]
fn relu_weights_carry_over_to_other_activations() {
    let mut rng = Rng::new(5);
    for device in autodiff_devices() {
        // Train with ReLU, then save.
        let mut net = NetConfig::new(ActivationConfig::Relu).init(&device.device);
        let mut optim = AdamConfig::new().init();
        for _ in 0..3 {
            net = train_step(net, batch(&device.device, &mut rng), &mut optim);
        }
        let trained_weight = values(net.input.weight.val());
        let path = record_file("relu", &device);
        net.into_record().save(&path).unwrap();

        let swaps: [ActivationConfig; 4] = [
            LeakyRelu6Config::new().into(),
            HardSwishConfig::new().into(),
            PReluConfig::new().with_num_parameters(HIDDEN).into(),
            SwishConfig::new().with_learnable(true).into(),
        ];
        for config in swaps {
            let context = format!("{config} on {}", device.name);
            let swapped = NetConfig::new(config).init(&device.device);
            let record = ModuleRecord::load(&path).unwrap();
            let swapped = load_record_swapping_activations(swapped, record).expect(&context);
            assert_close(
                &values(swapped.input.weight.val()),
                &trained_weight,
                SAME,
                &context,
            );

            // Learnable activations start from their init, and training moves them.
            let before = activation_params(&swapped.activation);
            if let Some(initial) = &before {
                let expected_init = match &swapped.activation {
                    Activation::PRelu(_) => vec![0.25; HIDDEN],
                    _ => vec![1.0],
                };
                assert_close(initial, &expected_init, SAME, &context);
            }
            let mut optim = AdamConfig::new().init();
            let swapped = train_step(swapped, batch(&device.device, &mut rng), &mut optim);
            if let Some(before) = before {
                let after = activation_params(&swapped.activation).unwrap();
                assert!(
                    before != after,
                    "{context}: the optimizer left {before:?} unchanged"
                );
            }
            assert!(
                values(swapped.input.weight.val()) != trained_weight,
                "{context}"
            );
        }
        std::fs::remove_file(&path).unwrap();
    }
}

fn activation_params(activation: &Activation) -> Option<Vec<f64>> {
    match activation {
        Activation::PRelu(prelu) => Some(values(prelu.alpha.val())),
        Activation::Swish(swish) => Some(values(swish.beta.val())),
        _ => None,
    }
}

#[test]
fn burn_refuses_the_missing_slopes_and_the_helper_checks_the_rest() {
    let device = Device::default();
    let relu = NetConfig::new(ActivationConfig::Relu).init(&device);
    let record = relu.into_record();
    let prelu = || NetConfig::new(PReluConfig::new().into()).init(&device);

    let refused = prelu().try_load_record(record.clone());
    assert!(
        refused.is_err(),
        "Burn's own loading accepted missing parameters"
    );
    assert!(load_record_swapping_activations(prelu(), record).is_ok());

    // A record of another model is still refused: its parameters are not an activation's.
    let other = LinearConfig::new(3, 3).init(&device).into_record();
    let error = load_record_swapping_activations(prelu(), other).unwrap_err();
    assert!(
        error.to_string().contains("missing: [\"input.bias\""),
        "{error}"
    );
}

#[test]
fn learnable_slopes_trained_then_dropped_for_relu() {
    let device = Device::default().autodiff();
    let prelu = NetConfig::new(PReluConfig::new().into()).init(&device);
    let record = prelu.into_record();
    let relu = NetConfig::new(ActivationConfig::Relu).init(&device);
    assert!(load_record_swapping_activations(relu, record).is_ok());
}

#[test]
fn swish_beta_trains_only_when_learnable_and_is_saved_either_way() {
    let mut rng = Rng::new(9);
    for device in autodiff_devices() {
        for learnable in [false, true] {
            let context = format!("learnable {learnable} on {}", device.name);
            let config = SwishConfig::new().with_beta(1.5).with_learnable(learnable);
            let mut net = NetConfig::new(config.clone().into()).init(&device.device);
            let mut optim = AdamConfig::new().init();
            for _ in 0..2 {
                net = train_step(net, batch(&device.device, &mut rng), &mut optim);
            }
            let beta = activation_params(&net.activation).unwrap();
            assert_eq!(beta[0] != 1.5, learnable, "{context}: beta is {beta:?}");

            let record = net.into_record();
            assert_eq!(
                record.len(),
                9,
                "{context}: 2 linears, 4 batch-norm tensors, beta"
            );
            let loaded = NetConfig::new(config.into())
                .init(&device.device)
                .load_record(record);
            assert_eq!(
                activation_params(&loaded.activation).unwrap(),
                beta,
                "{context}"
            );
        }
    }
}
