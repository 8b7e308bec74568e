//! Memory that the autodiff graph keeps alive between the forward and the backward pass.
//!
//! A 20-layer MLP (`Linear` 256 to 256, then the activation, on a batch of 256) runs forward on
//! Flex with autodiff, once per activation: this crate's fused activations, the same functions
//! written with Burn's public API for contrast, and Burn's ReLU as the yardstick. A counting
//! global allocator tracks the bytes live on the heap; the figure is the live bytes after the
//! forward pass (graph built, before the backward) minus the live bytes before it (model and
//! input already allocated). The output itself is included, the same for every activation.
//! Each forward is measured three times, with a backward pass in between to free the graph,
//! and the largest of the three is kept (they normally agree to the byte).
//!
//! Prints a table and writes `target/bench-results/memory.json`: for each activation, the
//! retained bytes and their ratio to ReLU's.
//!
//! Run with `cargo bench --bench memory`. With `-- --test` it runs a narrower MLP (width 64,
//! batch 32), prints the table and writes `memory-test.json` instead, in a second or two.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, Ordering};

use burn::nn::{Linear, LinearConfig};
use burn::tensor::{Device, Distribution, Tensor, activation};
use burn_activations::{
    ActivationConfig, HardSigmoidConfig, HardSwishConfig, LeakyRelu6Config, PReluConfig,
    SwishConfig,
};

/// The system allocator, counting the bytes currently allocated through it.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; the counter only observes sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout`, through this allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is valid by the caller's contract.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> isize {
    LIVE.load(Ordering::SeqCst)
}

/// The MLP's dimensions.
#[derive(Clone, Copy)]
struct Dims {
    layers: usize,
    width: usize,
    batch: usize,
}

/// An activation applied after every linear layer, by layer index.
type Apply = Box<dyn Fn(usize, Tensor<2>) -> Tensor<2>>;

/// One MLP variant: a name, whether it is this crate's op, and its activation.
struct Variant {
    name: &'static str,
    fused: bool,
    apply: Apply,
}

/// A variant that applies one module of this crate (or Burn's ReLU) per layer.
fn module(name: &'static str, config: ActivationConfig, dims: Dims, device: &Device) -> Variant {
    let modules: Vec<_> = (0..dims.layers).map(|_| config.init(device)).collect();
    Variant {
        name,
        fused: !matches!(config, ActivationConfig::Relu),
        apply: Box::new(move |layer, x| modules[layer].forward(x)),
    }
}

/// A variant written with Burn's public API, with one learnable parameter per layer.
fn composite(
    name: &'static str,
    param: (usize, f64),
    dims: Dims,
    device: &Device,
    f: fn(Tensor<2>, Tensor<1>) -> Tensor<2>,
) -> Variant {
    let (len, value) = param;
    let params: Vec<Tensor<1>> = (0..dims.layers)
        .map(|_| Tensor::full([len], value, device).require_grad())
        .collect();
    Variant {
        name,
        fused: false,
        apply: Box::new(move |layer, x| f(x, params[layer].clone())),
    }
}

fn variants(dims: Dims, device: &Device) -> Vec<Variant> {
    let prelu = PReluConfig::new().with_num_parameters(dims.width);
    let learnable = SwishConfig::new().with_learnable(true);
    vec![
        module("relu", ActivationConfig::Relu, dims, device),
        module("leaky_relu6", LeakyRelu6Config::new().into(), dims, device),
        module(
            "hard_sigmoid",
            HardSigmoidConfig::new().into(),
            dims,
            device,
        ),
        module("hard_swish", HardSwishConfig::new().into(), dims, device),
        module("prelu", prelu.into(), dims, device),
        module("swish", SwishConfig::new().into(), dims, device),
        module("swish_learnable", learnable.into(), dims, device),
        composite("leaky_relu6 (composite)", (1, 0.0), dims, device, |x, _| {
            activation::leaky_relu(x, 0.01).clamp_max(6.0)
        }),
        composite(
            "hard_sigmoid (composite)",
            (1, 0.0),
            dims,
            device,
            |x, _| activation::hard_sigmoid(x, 1.0 / 6.0, 0.5),
        ),
        composite("hard_swish (composite)", (1, 0.0), dims, device, |x, _| {
            activation::hard_swish(x)
        }),
        composite(
            "prelu (composite)",
            (dims.width, 0.25),
            dims,
            device,
            activation::prelu,
        ),
        composite("silu (composite)", (1, 0.0), dims, device, |x, _| {
            activation::silu(x)
        }),
        composite(
            "swish_learnable (composite)",
            (1, 1.0),
            dims,
            device,
            |x, b| x.clone() * activation::sigmoid(x * b.unsqueeze()),
        ),
    ]
}

fn forward(layers: &[Linear], variant: &Variant, input: Tensor<2>) -> Tensor<2> {
    layers.iter().enumerate().fold(input, |x, (index, layer)| {
        (variant.apply)(index, layer.forward(x))
    })
}

/// The bytes the graph of one forward pass keeps alive, the largest of three measurements.
fn retained(layers: &[Linear], variant: &Variant, input: &Tensor<2>) -> isize {
    // One untimed pass first, so that lazily built state (thread pools, caches) is not counted.
    let passes = (0..4).map(|_| {
        let before = live_bytes();
        let output = forward(layers, variant, input.clone());
        let kept = live_bytes() - before;
        drop(output.sum().backward());
        kept
    });
    passes.skip(1).max().unwrap_or(0)
}

fn main() {
    // Cargo passes `--bench`; only `--test` changes anything.
    let test = std::env::args().any(|arg| arg == "--test");
    let dims = if test {
        Dims {
            layers: 20,
            width: 64,
            batch: 32,
        }
    } else {
        Dims {
            layers: 20,
            width: 256,
            batch: 256,
        }
    };

    let device = Device::flex().autodiff();
    let layers: Vec<Linear> = (0..dims.layers)
        .map(|_| LinearConfig::new(dims.width, dims.width).init(&device))
        .collect();
    let input = Tensor::<2>::random(
        [dims.batch, dims.width],
        Distribution::Normal(0.0, 1.0),
        &device,
    );

    let variants = variants(dims, &device);
    let results: Vec<(&Variant, isize)> = variants
        .iter()
        .map(|variant| (variant, retained(&layers, variant, &input)))
        .collect();
    let relu = results[0].1 as f64;
    let tensor_bytes = (dims.batch * dims.width * 4) as f64;

    println!(
        "Autodiff memory of a {}-layer MLP (width {}, batch {}) on Flex, f32",
        dims.layers, dims.width, dims.batch
    );
    println!("one activation tensor = {} KiB\n", tensor_bytes / 1024.0);
    println!("| activation | retained KiB | / ReLU | extra tensors per layer |");
    println!("|---|---|---|---|");
    let mut entries = Vec::new();
    for (variant, bytes) in &results {
        let ratio = *bytes as f64 / relu;
        let extra = (*bytes as f64 - relu) / tensor_bytes / dims.layers as f64;
        println!(
            "| {} | {:.0} | {ratio:.3} | {extra:+.2} |",
            variant.name,
            *bytes as f64 / 1024.0
        );
        entries.push(serde_json::json!({
            "activation": variant.name,
            "fused": variant.fused,
            "bytes": bytes,
            "ratio_to_relu": ratio,
        }));
    }

    let report = serde_json::json!({
        "layers": dims.layers,
        "width": dims.width,
        "batch": dims.batch,
        "backend": "flex+autodiff",
        "activations": entries,
    });
    let dir = target_dir().join("bench-results");
    let file = dir.join(if test {
        "memory-test.json"
    } else {
        "memory.json"
    });
    std::fs::create_dir_all(&dir).expect("create target/bench-results");
    let text = serde_json::to_string_pretty(&report).expect("serialize the report");
    std::fs::write(&file, text).expect("write the memory report");
    println!("\nwrote {}", file.display());
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, else `target` in the package.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}
