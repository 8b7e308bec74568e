//! Speed of the fused activations against Burn's own formulations, Burn's ReLU and a copy.
//!
//! For each activation (leaky ReLU6, Hard-Sigmoid, Hard-Swish, PReLU with 64 channels, Swish
//! with beta fixed at 1 and with a learnable beta), at 2^16, 2^20 and 2^24 float32 elements
//! drawn from `N(0, 4^2)`, in the NCHW shape `[n / (64 * 16 * 16), 64, 16, 16]`, one run
//! times four contenders on the same tensor:
//!
//! - `fused`: this crate's op;
//! - `composite`: the same function written with Burn's public API (`leaky_relu` then
//!   `clamp_max(6)`, `hard_sigmoid`, `hard_swish`, `prelu`, `silu`, `x * sigmoid(beta * x)`);
//!   on Flex some of these are single kernels in the forward pass, but under autodiff all but
//!   `silu`'s sigmoid are recorded as chains of primitive ops;
//! - `relu`: Burn's ReLU, the floor any activation is held to;
//! - `copy`: `neg()`, Burn's cheapest op that reads and writes every element once. Burn has no
//!   copy op of its own (`clone()` only shares the buffer, `from_data` converts), and `neg()`
//!   runs through Flex's generic unary kernel, so it costs what a copy through Burn costs: in
//!   place when its input is unique, a new buffer otherwise.
//!
//! Groups are named `{backend}/forward/2^{k}/{activation}` and
//! `{backend}/fwd+bwd/2^{k}/{activation}`. In a forward group each contender runs twice:
//! `(in place)` takes a fresh tensor that nothing else holds, so a backend may write its
//! output over its input (Flex does), and `(allocating)` takes a tensor that the benchmark
//! keeps alive, so the op must allocate its output. Fresh inputs are made outside the timed
//! region; outputs, gradients and graphs are freed inside it, as in a training step (kept
//! alive until criterion drops them, each new buffer would be fresh pages and the figures
//! would time page faults). A fwd+bwd group times `op(x).sum().backward()` and the lookup of
//! `x`'s gradient (and the parameter's, for PReLU and learnable Swish) on the autodiff device. The
//! `reference/2^{k}` groups time a plain `memcpy` of the same bytes, outside Burn, for scale.
//!
//! Run with `cargo bench --bench activations` (about 8 minutes on 2 cores), or quickly, each
//! benchmark once, with `cargo bench --bench activations -- --test`. With `--features ndarray`
//! the NdArray backend is timed too, and with `--features wgpu` (or `wgpu,fusion`) the wgpu
//! backend; a filter narrows a run, as in `cargo bench --bench activations --features wgpu --
//! 'wgpu/.*2\^20'`. `cargo run --release --example bench_report` turns the results in
//! `target/criterion` into the report.

use std::hint::black_box;
use std::time::Duration;

#[cfg(feature = "wgpu")]
use burn::tensor::DeviceKind;
use burn::tensor::{Device, Distribution, Tensor, TensorData, activation};
use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

/// The sizes, as powers of two of the element count.
const SIZES: [u32; 3] = [16, 20, 24];
/// PReLU's channels, at axis 1.
const CHANNELS: usize = 64;
/// The height and width of the NCHW inputs.
const SPATIAL: usize = 16;
/// The negative slope of leaky ReLU6, PyTorch's default for `leaky_relu`.
const SLOPE: f64 = 0.01;

/// The parameter tensors some activations take.
#[derive(Clone)]
struct Params {
    /// PReLU's slopes, one per channel.
    alpha: Tensor<1>,
    /// Learnable Swish's beta.
    beta: Tensor<1>,
}

impl Params {
    fn new(device: &Device) -> Self {
        Self {
            alpha: Tensor::full([CHANNELS], 0.25, device),
            beta: Tensor::full([1], 1.0, device),
        }
    }

    /// The same values as new leaves of the autodiff graph.
    fn require_grad(&self) -> Self {
        Self {
            alpha: self.alpha.clone().require_grad(),
            beta: self.beta.clone().require_grad(),
        }
    }
}

type Op = fn(Tensor<4>, &Params) -> Tensor<4>;

/// One activation: this crate's op and its formulation with Burn's public API.
struct Activation {
    name: &'static str,
    fused: Op,
    composite: Op,
}

const ACTIVATIONS: [Activation; 6] = [
    Activation {
        name: "leaky_relu6",
        fused: |x, _| burn_activations::leaky_relu6(x, SLOPE),
        composite: |x, _| activation::leaky_relu(x, SLOPE).clamp_max(6.0),
    },
    Activation {
        name: "hard_sigmoid",
        fused: |x, _| burn_activations::hard_sigmoid(x, 1.0 / 6.0, 0.5),
        composite: |x, _| activation::hard_sigmoid(x, 1.0 / 6.0, 0.5),
    },
    Activation {
        name: "hard_swish",
        fused: |x, _| burn_activations::hard_swish(x),
        composite: |x, _| activation::hard_swish(x),
    },
    Activation {
        name: "prelu",
        fused: |x, p| burn_activations::prelu(x, p.alpha.clone(), 1),
        composite: |x, p| activation::prelu(x, p.alpha.clone()),
    },
    Activation {
        name: "swish",
        fused: |x, _| burn_activations::swish(x, 1.0),
        composite: |x, _| activation::silu(x),
    },
    Activation {
        name: "swish_learnable",
        fused: |x, p| burn_activations::swish_learnable(x, p.beta.clone()),
        composite: |x, p| {
            let beta = p.beta.clone().reshape([1, 1, 1, 1]);
            x.clone() * activation::sigmoid(x * beta)
        },
    },
];

/// The contenders of every group, after the activation's own two.
const BASELINES: [(&str, Op); 2] = [
    ("relu", |x, _| activation::relu(x)),
    ("copy", |x, _| x.neg()),
];

/// The backends this build times, each as its plain device.
///
/// With `--features wgpu` the wgpu backend is timed too, named `wgpu` when it runs this
/// crate's CubeCL kernels and `wgpu+fusion` under `--features wgpu,fusion`, where it runs the
/// composite fused by Burn; the two runs compare the kernels with Burn's own fusion.
#[allow(deprecated)] // NdArray is deprecated upstream and still supported here.
fn backends() -> Vec<(&'static str, Device)> {
    vec![
        ("flex", Device::flex()),
        #[cfg(feature = "ndarray")]
        ("ndarray", Device::ndarray()),
        #[cfg(all(feature = "wgpu", not(feature = "fusion")))]
        ("wgpu", Device::wgpu(DeviceKind::DefaultDevice)),
        #[cfg(all(feature = "wgpu", feature = "fusion"))]
        ("wgpu+fusion", Device::wgpu(DeviceKind::DefaultDevice)),
    ]
}

/// Waits for the work queued on `device`: GPU backends run asynchronously, so a timed routine
/// ends with this to time the kernels rather than their submission.
fn sync(device: &Device) {
    device.sync().expect("the device finishes its work");
}

/// The input of one size on one device, plain and on the autodiff device.
struct Input {
    data: TensorData,
    device: Device,
    plain: Tensor<4>,
    params: Params,
    autodiff: Tensor<4>,
    autodiff_params: Params,
}

impl Input {
    fn new(data: &TensorData, device: &Device) -> Self {
        let autodiff_device = device.clone().autodiff();
        Self {
            data: data.clone(),
            device: device.clone(),
            plain: Tensor::from_data(data.clone(), device),
            params: Params::new(device),
            autodiff: Tensor::from_data(data.clone(), &autodiff_device),
            autodiff_params: Params::new(&autodiff_device),
        }
    }

    /// A new tensor holding the input, owned by nobody else.
    fn fresh(&self) -> Tensor<4> {
        Tensor::from_data(self.data.clone(), &self.device)
    }
}

/// `2^log2` elements from `N(0, 4^2)`, in the NCHW shape.
fn sample(log2: u32) -> TensorData {
    let n = 1usize << log2;
    let shape = [
        n / (CHANNELS * SPATIAL * SPATIAL),
        CHANNELS,
        SPATIAL,
        SPATIAL,
    ];
    let normal = Distribution::Normal(0.0, 4.0);
    Tensor::<4>::random(shape, normal, &Device::flex()).into_data()
}

/// Flat sampling (ten runs of equal length) at the largest size, where one iteration takes
/// tens of milliseconds, so that the suite stays short.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, log2: u32) {
    if log2 >= 24 {
        group.sampling_mode(SamplingMode::Flat);
    }
}

fn forward(group: &mut BenchmarkGroup<'_, WallTime>, input: &Input, name: &str, op: Op) {
    let params = &input.params;
    let device = &input.device;
    // The output is dropped inside the timed region, as a model's forward pass frees what it
    // no longer needs: kept alive, every new buffer would come from fresh pages of the system
    // and the benchmark would time page faults.
    let run = |x| {
        let output = op(x, params);
        sync(device);
        drop(output);
    };
    group.bench_function(format!("{name} (in place)"), |b| {
        let fresh = || {
            let x = input.fresh();
            sync(device);
            x
        };
        b.iter_batched(fresh, run, BatchSize::PerIteration)
    });
    group.bench_function(format!("{name} (allocating)"), |b| {
        let shared = &input.plain;
        b.iter_batched(|| shared.clone(), run, BatchSize::PerIteration)
    });
}

fn forward_backward(group: &mut BenchmarkGroup<'_, WallTime>, input: &Input, name: &str, op: Op) {
    group.bench_function(name, |b| {
        let setup = || {
            let x = input.autodiff.clone().require_grad();
            (x, input.autodiff_params.require_grad())
        };
        let routine = |(x, params): (Tensor<4>, Params)| {
            let grads = op(x.clone(), &params).sum().backward();
            black_box((
                x.grad(&grads),
                params.alpha.grad(&grads),
                params.beta.grad(&grads),
            ));
            sync(&input.device);
        };
        b.iter_batched(setup, routine, BatchSize::PerIteration)
    });
}

fn contenders(activation: &Activation) -> [(&'static str, Op); 4] {
    [
        ("fused", activation.fused),
        ("composite", activation.composite),
        BASELINES[0],
        BASELINES[1],
    ]
}

fn memcpy(c: &mut Criterion, log2: u32) {
    let n = 1usize << log2;
    let source = vec![1.0f32; n];
    let mut group = c.benchmark_group(format!("reference/2^{log2}"));
    configure(&mut group, log2);
    group.throughput(Throughput::Bytes(2 * 4 * n as u64));
    group.bench_function("memcpy (into existing buffer)", |b| {
        let mut target = vec![0.0f32; n];
        b.iter(|| target.copy_from_slice(black_box(&source)))
    });
    group.bench_function("memcpy (allocating)", |b| {
        b.iter(|| black_box(&source).to_vec())
    });
    group.finish();
}

fn activations(c: &mut Criterion) {
    for log2 in SIZES {
        let data = sample(log2);
        let n = 1u64 << log2;
        memcpy(c, log2);
        for (backend, device) in backends() {
            let input = Input::new(&data, &device);
            for activation in &ACTIVATIONS {
                let name = activation.name;
                let mut group = c.benchmark_group(format!("{backend}/forward/2^{log2}/{name}"));
                configure(&mut group, log2);
                // One read and one write of every element.
                group.throughput(Throughput::Bytes(2 * 4 * n));
                for (contender, op) in contenders(activation) {
                    forward(&mut group, &input, contender, op);
                }
                group.finish();

                let mut group = c.benchmark_group(format!("{backend}/fwd+bwd/2^{log2}/{name}"));
                configure(&mut group, log2);
                for (contender, op) in contenders(activation) {
                    forward_backward(&mut group, &input, contender, op);
                }
                group.finish();
            }
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    targets = activations
}
criterion_main!(benches);
