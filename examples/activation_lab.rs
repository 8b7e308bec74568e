//! Activation lab: one small network, trained on real data once per activation, side by side.
//!
//! The lab trains the same multilayer perceptron on the UCI optical handwritten digits (1,797
//! grayscale 8x8 images of the digits 0 to 9, shipped inside the `smartcore` crate, so it runs
//! offline) with each activation in turn and several seeds, then prints one table comparing
//! them.
//!
//! # Setup
//!
//! - Data: a fixed stratified split. Within each class, in the dataset's order, every fifth
//!   sample is a test sample and the other four are training samples (80/20 per class, the
//!   same split on every run). Pixel values 0..=16 are scaled to [0, 1].
//! - Model: `64 -> 64 -> 64 -> 10`, each hidden layer `Linear -> BatchNorm -> activation`; the
//!   activation is picked by an [`ActivationConfig`] in the model's config.
//! - Training: Adam, learning rate 1e-2, mini-batches of 64 reshuffled every epoch by an RNG
//!   seeded with the run's seed. The backend is seeded with the same seed before the model is
//!   built, so for one seed every activation starts from the same linear weights.
//!
//! # What it measures
//!
//! For each activation, over the seeds:
//!
//! - **test accuracy**: mean ± sample standard deviation, in percent, with the model in
//!   evaluation mode (BatchNorm uses its running statistics) on the device without autodiff;
//! - **final training loss**: the mean batch cross-entropy of the last epoch, averaged over
//!   seeds;
//! - **dead units**: the share of the 64 units of the first hidden layer whose activation output
//!   is `<= 0` on every test sample, averaged over seeds. This is the classic dead-ReLU test
//!   applied to every activation alike: a leaky (or tanh) unit whose pre-activation is negative
//!   on every sample counts as dead too, even though it still passes a gradient, while a
//!   sigmoid unit is never dead, its output being positive everywhere (a hard-sigmoid unit is
//!   dead only when every input is at or below -3);
//! - **ms/epoch**: the mean wall time of one training epoch.
//!
//! The table goes to stdout, a progress bar over the whole sweep to stderr, and the same table
//! is written as `results.csv` and `results.md` under the output directory.
//!
//! # Running
//!
//! ```text
//! cargo run --release --example activation_lab
//! cargo run --release --example activation_lab -- --activations relu,leaky_relu6 --epochs 5
//! cargo run --release --example activation_lab --features wgpu -- --device wgpu
//! ```
//!
//! Run with `-- --help` for every option. Activation names are those of
//! [`ActivationConfig::NAMES`]; each table row is labelled with the name given.

use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::{Duration, Instant};
use std::{fs, io};

use burn::config::Config;
use burn::module::Module;
use burn::nn::loss::{CrossEntropyLoss, CrossEntropyLossConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Linear, LinearConfig};
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData};
use burn_activations::{Activation, ActivationConfig};
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// The activations compared when `--activations` is not given.
const DEFAULT_ACTIVATIONS: &[&str] = &[
    "relu",
    "leaky_relu",
    "relu6",
    "leaky_relu6",
    "hard_sigmoid",
    "hard_swish",
    "swish",
    "learnable_swish",
    "prelu",
    "sigmoid",
    "tanh",
];
/// Sized so that the default sweep takes about two minutes on two CPU cores with Flex.
const DEFAULT_EPOCHS: usize = 400;
const DEFAULT_SEEDS: usize = 3;
const DEFAULT_OUT: &str = "target/activation_lab";

const HIDDEN_UNITS: usize = 64;
const BATCH_SIZE: usize = 64;
const LEARNING_RATE: f64 = 1e-2;
/// Every `TEST_EVERY`-th sample of a class is a test sample: a 80/20 split.
const TEST_EVERY: usize = 5;
/// The digits dataset stores pixel intensities as 0..=16.
const MAX_PIXEL: f32 = 16.0;
const CLASSES: usize = 10;

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(args)) => args,
        Ok(Command::Help) => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("activation_lab: {message}\nRun with --help for the options.");
            return ExitCode::from(2);
        }
    };

    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("activation_lab: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Trains every activation for every seed, then prints and writes the table.
fn run(args: &Args) -> Result<(), String> {
    let device = args.backend.device()?;
    fs::create_dir_all(&args.out)
        .map_err(|err| format!("cannot create {}: {err}", args.out.display()))?;
    let lab = Lab::new(load_digits(), device, args.epochs)?;
    let progress = progress_bar(args);
    let summaries = sweep(args, &lab, &progress);
    progress.finish_and_clear();

    let caption = caption(args, &lab.data);
    print!("{}", text_table(&caption, &summaries));
    write_results(args, &caption, &summaries)
}

/// Trains and evaluates every activation with every seed.
fn sweep(args: &Args, lab: &Lab, progress: &ProgressBar) -> Vec<Summary> {
    let mut summaries = Vec::with_capacity(args.activations.len());
    for activation in &args.activations {
        let mut runs = Vec::with_capacity(args.seeds);
        for seed in 0..args.seeds {
            let name = &activation.name;
            progress.set_message(format!("{name} (seed {}/{})", seed + 1, args.seeds));
            runs.push(lab.train_and_evaluate(&activation.config, seed as u64, progress));
        }
        summaries.push(Summary::new(&activation.name, &runs));
    }
    summaries
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

/// What the command line asks for.
enum Command {
    Run(Args),
    Help,
}

/// The options of a sweep.
struct Args {
    activations: Vec<NamedActivation>,
    epochs: usize,
    seeds: usize,
    backend: Backend,
    out: PathBuf,
}

/// An activation with the name it was asked for by, which labels its row.
struct NamedActivation {
    name: String,
    config: ActivationConfig,
}

impl Default for Args {
    fn default() -> Self {
        Self {
            activations: parse_activations(&DEFAULT_ACTIVATIONS.join(","))
                .expect("the default activations are known names"),
            epochs: DEFAULT_EPOCHS,
            seeds: DEFAULT_SEEDS,
            backend: Backend::Flex,
            out: PathBuf::from(DEFAULT_OUT),
        }
    }
}

fn usage() -> String {
    format!(
        "\
Trains a 64-64-64-10 MLP (Linear -> BatchNorm -> activation) on the UCI digits once per
activation and seed, and compares test accuracy, training loss, dead units and speed.

Usage: cargo run --release --example activation_lab -- [OPTIONS]

Options:
  --activations A,B,..   activations to compare, by name [default: the list below]
  --epochs N             training epochs per run [default: {DEFAULT_EPOCHS}]
  --seeds N              runs per activation, with seeds 0 to N-1 [default: {DEFAULT_SEEDS}]
  --device D             flex, ndarray or wgpu; ndarray and wgpu need the crate feature
                         of that name [default: flex]
  --out DIR              where results.csv and results.md go [default: {DEFAULT_OUT}]
  -h, --help             print this help

Compared by default:
{defaults}
All known names:
{known}
",
        defaults = wrapped_list(DEFAULT_ACTIVATIONS),
        known = wrapped_list(&known_names()),
    )
}

/// The names, comma-separated and indented, in lines of at most 90 columns.
fn wrapped_list(names: &[&str]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in names.join(", ").split(' ') {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= 90 => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(format!("  {word}")),
        }
    }
    lines.join("\n") + "\n"
}

fn known_names() -> Vec<&'static str> {
    ActivationConfig::NAMES
        .iter()
        .map(|(name, _)| *name)
        .collect()
}

/// Parses the arguments after the program name; accepts `--flag value` and `--flag=value`.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let mut parsed = Args::default();

    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(Command::Help);
        }

        let mut value = || {
            inline_value
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--activations" => parsed.activations = parse_activations(&value()?)?,
            "--epochs" => parsed.epochs = parse_count(&flag, &value()?)?,
            "--seeds" => parsed.seeds = parse_count(&flag, &value()?)?,
            "--device" => parsed.backend = value()?.parse()?,
            "--out" => parsed.out = PathBuf::from(value()?),
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    Ok(Command::Run(parsed))
}

/// Parses a comma-separated list of activation names.
fn parse_activations(list: &str) -> Result<Vec<NamedActivation>, String> {
    let names: Vec<&str> = list.split(',').map(str::trim).collect();
    if names.iter().any(|name| name.is_empty()) {
        return Err(format!("--activations: empty name in {list:?}"));
    }

    names
        .into_iter()
        .map(|name| {
            let config = name
                .parse::<ActivationConfig>()
                .map_err(|err| err.to_string())?;
            Ok(NamedActivation {
                name: name.to_string(),
                config,
            })
        })
        .collect()
}

/// Parses a count of at least 1.
fn parse_count(flag: &str, value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(count) if count > 0 => Ok(count),
        _ => Err(format!(
            "{flag} must be a whole number of at least 1, got {value:?}"
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------------------------

/// The backend to train on.
#[derive(Clone, Copy, Debug)]
enum Backend {
    Flex,
    NdArray,
    Wgpu,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Self::Flex => "flex",
            Self::NdArray => "ndarray",
            Self::Wgpu => "wgpu",
        }
    }

    /// The plain (non-autodiff) device, or an error when the build lacks the backend.
    fn device(self) -> Result<Device, String> {
        match self {
            #[cfg(feature = "flex")]
            Self::Flex => Ok(Device::flex()),
            // NdArray is deprecated upstream in favour of Flex, and kept here for comparison.
            #[cfg(feature = "ndarray")]
            #[allow(deprecated)]
            Self::NdArray => Ok(Device::ndarray()),
            #[cfg(feature = "wgpu")]
            Self::Wgpu => Ok(Device::wgpu(burn::tensor::DeviceKind::DefaultDevice)),
            #[allow(unreachable_patterns)]
            other => Err(format!(
                "--device {name} needs the `{name}` feature: \
                 cargo run --release --example activation_lab --features {name} -- --device {name}",
                name = other.name()
            )),
        }
    }
}

impl FromStr for Backend {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "flex" => Ok(Self::Flex),
            "ndarray" => Ok(Self::NdArray),
            "wgpu" => Ok(Self::Wgpu),
            _ => Err(format!(
                "--device must be flex, ndarray or wgpu, got {name:?}"
            )),
        }
    }
}

/// The device with autodiff, for training.
#[cfg(feature = "autodiff")]
fn autodiff_device(device: &Device) -> Result<Device, String> {
    Ok(device.clone().autodiff())
}

#[cfg(not(feature = "autodiff"))]
fn autodiff_device(_device: &Device) -> Result<Device, String> {
    Err("training needs the `autodiff` feature, which is on by default".to_string())
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// Labelled samples, features row-major with values in [0, 1].
struct Samples {
    features: Vec<f32>,
    labels: Vec<i64>,
    num_features: usize,
}

impl Samples {
    fn new(num_features: usize) -> Self {
        Self {
            features: Vec::new(),
            labels: Vec::new(),
            num_features,
        }
    }

    fn len(&self) -> usize {
        self.labels.len()
    }

    fn features(&self, device: &Device) -> Tensor<2> {
        let data = TensorData::new(self.features.clone(), [self.len(), self.num_features]);
        Tensor::from_data(data, device)
    }

    fn labels(&self, device: &Device) -> Tensor<1, Int> {
        Tensor::from_data(TensorData::new(self.labels.clone(), [self.len()]), device)
    }
}

/// The digits, split into training and test samples.
struct Digits {
    train: Samples,
    test: Samples,
}

/// Loads the digits and splits them: every fifth sample of each class is a test sample.
fn load_digits() -> Digits {
    let dataset = smartcore::dataset::digits::load_dataset();
    let num_features = dataset.num_features;
    let mut train = Samples::new(num_features);
    let mut test = Samples::new(num_features);

    let mut seen_per_class = [0usize; CLASSES];
    let rows = dataset.data.chunks_exact(num_features);
    for (row, &label) in rows.zip(&dataset.target) {
        let class = label as usize;
        let is_test = seen_per_class[class] % TEST_EVERY == TEST_EVERY - 1;
        let samples = if is_test { &mut test } else { &mut train };
        seen_per_class[class] += 1;
        samples
            .features
            .extend(row.iter().map(|pixel| pixel / MAX_PIXEL));
        samples.labels.push(class as i64);
    }
    Digits { train, test }
}

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/// Configuration of [`Mlp`].
#[derive(Config, Debug)]
struct MlpConfig {
    /// The number of input features.
    inputs: usize,
    /// The activation after each hidden layer's BatchNorm.
    activation: ActivationConfig,
    /// The width of both hidden layers.
    #[config(default = "HIDDEN_UNITS")]
    hidden: usize,
    #[config(default = "CLASSES")]
    classes: usize,
}

impl MlpConfig {
    fn init(&self, device: &Device) -> Mlp {
        Mlp {
            first: self.hidden_layer(self.inputs, device),
            second: self.hidden_layer(self.hidden, device),
            output: LinearConfig::new(self.hidden, self.classes).init(device),
        }
    }

    fn hidden_layer(&self, inputs: usize, device: &Device) -> HiddenLayer {
        HiddenLayer {
            // BatchNorm's shift makes a bias here redundant.
            linear: LinearConfig::new(inputs, self.hidden)
                .with_bias(false)
                .init(device),
            norm: BatchNormConfig::new(self.hidden).init(device),
            activation: self.activation.init(device),
        }
    }
}

/// `Linear -> BatchNorm -> activation`.
#[derive(Module, Debug)]
struct HiddenLayer {
    linear: Linear,
    norm: BatchNorm,
    activation: Activation,
}

impl HiddenLayer {
    fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        let x = self.linear.forward(input);
        let x = self.norm.forward(x);
        self.activation.forward(x)
    }
}

/// A classifier with two hidden layers.
#[derive(Module, Debug)]
struct Mlp {
    first: HiddenLayer,
    second: HiddenLayer,
    output: Linear,
}

impl Mlp {
    /// The logits, `[batch, classes]`.
    fn forward(&self, input: Tensor<2>) -> Tensor<2> {
        self.head(self.first.forward(input))
    }

    /// The logits from the first hidden layer's output.
    fn head(&self, first_hidden: Tensor<2>) -> Tensor<2> {
        self.output.forward(self.second.forward(first_hidden))
    }
}

// ---------------------------------------------------------------------------------------------
// Training and evaluation
// ---------------------------------------------------------------------------------------------

/// The data on the devices, shared by every run.
struct Lab {
    data: Digits,
    train_device: Device,
    train_features: Tensor<2>,
    train_labels: Tensor<1, Int>,
    test_features: Tensor<2>,
    test_labels: Tensor<1, Int>,
    epochs: usize,
}

/// The outcome of one run.
struct RunResult {
    accuracy: f64,
    final_loss: f64,
    dead_fraction: f64,
    epoch_time: Duration,
}

impl Lab {
    fn new(data: Digits, device: Device, epochs: usize) -> Result<Self, String> {
        let train_device = autodiff_device(&device)?;
        Ok(Self {
            train_features: data.train.features(&train_device),
            train_labels: data.train.labels(&train_device),
            test_features: data.test.features(&device),
            test_labels: data.test.labels(&device),
            train_device,
            data,
            epochs,
        })
    }

    /// Trains a fresh model with `activation`, seeded by `seed`, and evaluates it.
    fn train_and_evaluate(
        &self,
        activation: &ActivationConfig,
        seed: u64,
        progress: &ProgressBar,
    ) -> RunResult {
        self.train_device.seed(seed);
        let mut model = MlpConfig::new(self.data.train.num_features, activation.clone())
            .init(&self.train_device);
        let mut optimizer = AdamConfig::new().init();
        let loss = CrossEntropyLossConfig::new().init(&self.train_device);
        let mut rng = StdRng::seed_from_u64(seed);

        let mut final_loss = f64::NAN;
        let mut training_time = Duration::ZERO;
        for _ in 0..self.epochs {
            let start = Instant::now();
            (model, final_loss) = self.train_epoch(model, &mut optimizer, &loss, &mut rng);
            training_time += start.elapsed();
            progress.inc(1);
        }

        let (accuracy, dead_fraction) = self.evaluate(&model.valid());
        RunResult {
            accuracy,
            final_loss,
            dead_fraction,
            epoch_time: training_time / self.epochs as u32,
        }
    }

    /// One pass over the shuffled training set; returns the model and its mean batch loss.
    fn train_epoch(
        &self,
        mut model: Mlp,
        optimizer: &mut ModuleOptimizer,
        loss: &CrossEntropyLoss,
        rng: &mut StdRng,
    ) -> (Mlp, f64) {
        let mut order: Vec<i64> = (0..self.data.train.len() as i64).collect();
        order.shuffle(rng);

        let mut batch_losses = Vec::new();
        for batch in order.chunks(BATCH_SIZE) {
            let indices = TensorData::new(batch.to_vec(), [batch.len()]);
            let indices = Tensor::<1, Int>::from_data(indices, &self.train_device);
            let features = self.train_features.clone().select(0, indices.clone());
            let labels = self.train_labels.clone().select(0, indices);

            let batch_loss = loss.forward(model.forward(features), labels);
            let grads = GradientsParams::from_grads(batch_loss.backward(), &model);
            model = optimizer.step(LEARNING_RATE, model, grads);
            batch_losses.push(batch_loss.detach());
        }

        // One read per epoch, so that devices that queue work are not synced every batch.
        let mean_loss = Tensor::cat(batch_losses, 0).mean().into_scalar::<f32>();
        (model, f64::from(mean_loss))
    }

    /// Test accuracy and the share of dead units in the first hidden layer, for a model in
    /// evaluation mode.
    fn evaluate(&self, model: &Mlp) -> (f64, f64) {
        let first_hidden = model.first.forward(self.test_features.clone());
        let [samples, units] = first_hidden.dims();

        let predictions = model
            .head(first_hidden.clone())
            .argmax(1)
            .squeeze_dim::<1>(1);
        let correct = predictions.equal(self.test_labels.clone()).int().sum();
        let correct = correct.into_scalar::<i64>();

        // A unit is alive when its output is positive on at least one test sample.
        let alive = first_hidden.greater_elem(0.0).any_dim(0).int().sum();
        let alive = alive.into_scalar::<i64>();

        let accuracy = correct as f64 / samples as f64;
        let dead_fraction = (units as i64 - alive) as f64 / units as f64;
        (accuracy, dead_fraction)
    }
}

fn progress_bar(args: &Args) -> ProgressBar {
    let epochs = args.activations.len() * args.seeds * args.epochs;
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{bar:30}] {pos}/{len} epochs, eta {eta} {msg}",
    )
    .expect("the progress template is valid")
    .progress_chars("=> ");
    ProgressBar::new(epochs as u64).with_style(style)
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/// One activation's results over its seeds.
struct Summary {
    name: String,
    accuracy_mean: f64,
    accuracy_std: f64,
    final_loss: f64,
    dead_fraction: f64,
    ms_per_epoch: f64,
}

impl Summary {
    fn new(name: &str, runs: &[RunResult]) -> Self {
        let (accuracy_mean, accuracy_std) = mean_and_std(runs.iter().map(|run| run.accuracy));
        let seconds_per_epoch = mean(runs.iter().map(|run| run.epoch_time.as_secs_f64()));
        Self {
            name: name.to_string(),
            accuracy_mean,
            accuracy_std,
            final_loss: mean(runs.iter().map(|run| run.final_loss)),
            dead_fraction: mean(runs.iter().map(|run| run.dead_fraction)),
            ms_per_epoch: 1e3 * seconds_per_epoch,
        }
    }

    /// The row as displayed in the text and markdown tables.
    fn cells(&self) -> [String; 5] {
        [
            self.name.clone(),
            format!(
                "{:.2} ± {:.2}",
                100.0 * self.accuracy_mean,
                100.0 * self.accuracy_std
            ),
            format!("{:.4}", self.final_loss),
            format!("{:.1}%", 100.0 * self.dead_fraction),
            format!("{:.1}", self.ms_per_epoch),
        ]
    }
}

const HEADERS: [&str; 5] = [
    "activation",
    "test accuracy (%)",
    "final train loss",
    "dead units",
    "ms/epoch",
];

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let values: Vec<f64> = values.collect();
    values.iter().sum::<f64>() / values.len() as f64
}

/// The mean and the sample standard deviation (0 for a single value).
fn mean_and_std(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let values: Vec<f64> = values.collect();
    let mean = mean(values.iter().copied());
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let squares = values
        .iter()
        .map(|value| (value - mean).powi(2))
        .sum::<f64>();
    (mean, (squares / (values.len() - 1) as f64).sqrt())
}

fn caption(args: &Args, data: &Digits) -> String {
    format!(
        "UCI digits ({} train / {} test samples), epochs {}, seeds {}, device {}",
        data.train.len(),
        data.test.len(),
        args.epochs,
        args.seeds,
        args.backend.name()
    )
}

fn footer() -> String {
    format!(
        "\
Accuracy: mean ± sample std over seeds, BatchNorm in eval mode.
Final train loss: mean batch loss of the last epoch, mean over seeds.
Dead units: share of the {HIDDEN_UNITS} first-hidden-layer units whose output is <= 0 on every
test sample, mean over seeds. Sigmoid units are never dead by this test; leaky (and tanh)
units whose inputs are all negative count as dead.
"
    )
}

/// The table for stdout: aligned columns, the name left, the numbers right.
fn text_table(caption: &str, summaries: &[Summary]) -> String {
    let headers = HEADERS.map(String::from);
    let rows: Vec<[String; 5]> = summaries.iter().map(Summary::cells).collect();
    let widths: Vec<usize> = (0..HEADERS.len())
        .map(|column| {
            let cells = rows.iter().chain([&headers]);
            cells
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let rule: Vec<String> = widths.iter().map(|&width| "-".repeat(width)).collect();

    let mut lines = vec![caption.to_string(), String::new()];
    lines.push(aligned(&headers, &widths));
    lines.push(rule.join("  "));
    lines.extend(rows.iter().map(|row| aligned(row, &widths)));
    format!("{}\n\n{}", lines.join("\n"), footer())
}

/// One line of the text table: the first cell padded on the right, the others on the left.
fn aligned(cells: &[String], widths: &[usize]) -> String {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(column, (cell, &width))| match column {
            0 => format!("{cell:<width$}"),
            _ => format!("{cell:>width$}"),
        })
        .collect();
    padded.join("  ").trim_end().to_string()
}

fn markdown_table(caption: &str, summaries: &[Summary]) -> String {
    let mut lines = vec![
        "# Activation lab".to_string(),
        String::new(),
        caption.to_string(),
        String::new(),
        format!("| {} |", HEADERS.join(" | ")),
        "|:---|---:|---:|---:|---:|".to_string(),
    ];
    lines.extend(
        summaries
            .iter()
            .map(|summary| format!("| {} |", summary.cells().join(" | "))),
    );
    format!("{}\n\n{}", lines.join("\n"), footer())
}

fn csv_table(args: &Args, summaries: &[Summary]) -> String {
    let header = "activation,accuracy_mean,accuracy_std,final_train_loss,dead_fraction,\
                  ms_per_epoch,epochs,seeds,device";
    let rows = summaries.iter().map(|s| {
        format!(
            "{},{:.6},{:.6},{:.6},{:.6},{:.3},{},{},{}",
            s.name,
            s.accuracy_mean,
            s.accuracy_std,
            s.final_loss,
            s.dead_fraction,
            s.ms_per_epoch,
            args.epochs,
            args.seeds,
            args.backend.name()
        )
    });
    let lines: Vec<String> = [header.to_string()].into_iter().chain(rows).collect();
    lines.join("\n") + "\n"
}

/// Writes `results.csv` and `results.md` into the output directory.
fn write_results(args: &Args, caption: &str, summaries: &[Summary]) -> Result<(), String> {
    let out = &args.out;
    let write = |name: &str, contents: String| -> io::Result<PathBuf> {
        let path = out.join(name);
        fs::write(&path, contents)?;
        Ok(path)
    };
    let report = |err: io::Error| format!("cannot write the results to {}: {err}", out.display());

    let csv = write("results.csv", csv_table(args, summaries)).map_err(report)?;
    let markdown = write("results.md", markdown_table(caption, summaries)).map_err(report)?;
    eprintln!("wrote {} and {}", csv.display(), markdown.display());
    Ok(())
}
