//! The benchmark report: ratios from the last benchmark run, and whether the targets are met.
//!
//! Reads what `cargo bench --bench activations` left in `target/criterion` (the median of each
//! benchmark, from `new/estimates.json`, found by the id in `new/benchmark.json`) and what
//! `cargo bench --bench memory` left in `target/bench-results/memory.json`, and prints, in
//! markdown:
//!
//! 1. per backend, one table of ratios of this crate's fused ops to Burn's composite, Burn's
//!    ReLU and a copy, forward and forward+backward at each size, and the autodiff memory
//!    retained relative to ReLU's;
//! 2. the same activations as ratios to ReLU next to PyTorch's on the CPU;
//! 3. each performance target, met or missed, and by how much.
//!
//! Ratios are time over time, so below 1 means the fused op is faster. Forward figures read
//! "in place (allocating)": the first with an input nothing else holds, which the op may
//! overwrite, the second with an input kept alive elsewhere.
//!
//! ```text
//! cargo bench --bench activations
//! cargo bench --bench memory
//! cargo run --release --example bench_report
//! ```
//!
//! An argument reads the timings from another directory instead of `target/criterion`, for a
//! run made with `CRITERION_HOME` set (say, one with `RAYON_NUM_THREADS=1`).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The activations, by the names the benchmarks give them.
const OPS: [&str; 6] = [
    "leaky_relu6",
    "hard_sigmoid",
    "hard_swish",
    "prelu",
    "swish",
    "swish_learnable",
];
/// The sizes, as powers of two of the element count.
const SIZES: [u32; 3] = [16, 20, 24];
const BACKENDS: [&str; 4] = ["flex", "ndarray", "wgpu", "wgpu+fusion"];

/// PyTorch 2.15 CPU medians (of three runs) measured on this class of machine (2 cores), one
/// thread, float32, in milliseconds: `(op, [2^20 fwd, 2^20 fwd+bwd, 2^24 fwd, 2^24 fwd+bwd])`.
/// Forward allocates its output; fwd+bwd is `f(x).sum().backward()`. The copy rows are
/// `y.copy_(x)` into an existing buffer and `x.clone()`, forward only. PyTorch has no leaky
/// ReLU6, so that row is `clamp(leaky_relu(x, 0.01), max = 6)`; it has no learnable Swish.
const PYTORCH: [(&str, [f64; 4]); 8] = [
    ("relu", [0.094, 0.338, 39.227, 78.360]),
    ("leaky_relu6", [0.228, 2.478, 93.000, 208.380]),
    ("hard_sigmoid", [0.131, 0.467, 40.831, 85.209]),
    ("hard_swish", [0.143, 0.445, 52.478, 98.347]),
    ("prelu", [0.098, 6.415, 37.894, 218.987]),
    ("swish", [0.439, 1.098, 44.477, 120.090]),
    (
        "copy (into existing buffer)",
        [0.089, f64::NAN, 7.061, f64::NAN],
    ),
    ("clone", [0.098, f64::NAN, 37.467, f64::NAN]),
];

/// The targets' limits.
const COPY_LIMIT: f64 = 1.25;
const RELU_LIMIT: f64 = 1.5;
const COMPOSITE_SPEEDUP: f64 = 3.0;
const MEMORY_LIMIT: f64 = 1.05;
const SILU_LIMIT: f64 = 1.5;

/// Benchmark medians in nanoseconds, by criterion's full id.
struct Timings(HashMap<String, f64>);

impl Timings {
    fn load(criterion: &Path) -> Self {
        let mut medians = HashMap::new();
        let mut pending = vec![criterion.to_path_buf()];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.ends_with("new/benchmark.json") {
                    let id = read_json(&path).and_then(|b| b["full_id"].as_str().map(String::from));
                    let median = read_json(&path.with_file_name("estimates.json"))
                        .and_then(|e| e["median"]["point_estimate"].as_f64());
                    if let (Some(id), Some(median)) = (id, median) {
                        medians.insert(id, median);
                    }
                }
            }
        }
        Self(medians)
    }

    /// The median of `{backend}/{pass}/2^{log2}/{op}/{contender}`.
    fn get(&self, backend: &str, pass: &str, log2: u32, op: &str, contender: &str) -> Option<f64> {
        let id = format!("{backend}/{pass}/2^{log2}/{op}/{contender}");
        self.0.get(&id).copied()
    }

    /// Forward time ratio of two contenders, in place or allocating.
    fn forward(&self, at: At, a: &str, b: &str, mode: &str) -> Option<f64> {
        let a = self.get(
            at.backend,
            "forward",
            at.log2,
            at.op,
            &format!("{a} ({mode})"),
        )?;
        let b = self.get(
            at.backend,
            "forward",
            at.log2,
            at.op,
            &format!("{b} ({mode})"),
        )?;
        Some(a / b)
    }

    /// Forward+backward time ratio of two contenders.
    fn backward(&self, at: At, a: &str, b: &str) -> Option<f64> {
        let a = self.get(at.backend, "fwd+bwd", at.log2, at.op, a)?;
        let b = self.get(at.backend, "fwd+bwd", at.log2, at.op, b)?;
        Some(a / b)
    }
}

/// One activation at one size on one backend.
#[derive(Clone, Copy)]
struct At<'a> {
    backend: &'a str,
    log2: u32,
    op: &'a str,
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&fs::read_to_string(path).ok()?).ok()
}

/// Retained autodiff bytes relative to ReLU's, by activation name.
fn memory(path: &Path) -> HashMap<String, f64> {
    let Some(report) = read_json(path) else {
        return HashMap::new();
    };
    let entries = report["activations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    entries
        .iter()
        .filter_map(|entry| {
            let name = entry["activation"].as_str()?.to_string();
            Some((name, entry["ratio_to_relu"].as_f64()?))
        })
        .collect()
}

fn ratio(value: Option<f64>) -> String {
    match value {
        Some(value) if value.is_finite() => format!("{value:.2}"),
        _ => "–".to_string(),
    }
}

fn ms(value: Option<f64>) -> String {
    match value {
        Some(ns) if ns >= 1e8 => format!("{:.0}", ns / 1e6),
        Some(ns) if ns >= 1e7 => format!("{:.1}", ns / 1e6),
        Some(ns) => format!("{:.3}", ns / 1e6),
        None => "–".to_string(),
    }
}

/// `in place (allocating)`.
fn both(timings: &Timings, at: At, against: &str) -> String {
    let in_place = timings.forward(at, "fused", against, "in place");
    let allocating = timings.forward(at, "fused", against, "allocating");
    format!("{} ({})", ratio(in_place), ratio(allocating))
}

fn ratio_table(timings: &Timings, backend: &str, memory: &HashMap<String, f64>) {
    println!("## Fused ops on {backend}: time ratios (below 1: fused is faster)\n");
    println!(
        "| op | n | fwd fused ms | fwd / composite | fwd / relu | fwd / copy \
         | fwd+bwd fused ms | fwd+bwd / composite | fwd+bwd / relu | fwd+bwd / copy \
         | retained mem / ReLU |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for op in OPS {
        for log2 in SIZES {
            let at = At { backend, log2, op };
            let forward_ms = timings.get(backend, "forward", log2, op, "fused (in place)");
            let backward_ms = timings.get(backend, "fwd+bwd", log2, op, "fused");
            let mem = if backend == "flex" {
                ratio(memory.get(op).copied())
            } else {
                "–".to_string()
            };
            println!(
                "| {op} | 2^{log2} | {} | {} | {} | {} | {} | {} | {} | {} | {mem} |",
                ms(forward_ms),
                both(timings, at, "composite"),
                both(timings, at, "relu"),
                both(timings, at, "copy"),
                ms(backward_ms),
                ratio(timings.backward(at, "fused", "composite")),
                ratio(timings.backward(at, "fused", "relu")),
                ratio(timings.backward(at, "fused", "copy")),
            );
        }
    }
    println!(
        "\nForward cells: in place (allocating). Fused ms: forward in place, and fwd+bwd, \
         medians. Composite memory, for contrast, relative to ReLU's: {}.\n",
        [
            "leaky_relu6",
            "hard_sigmoid",
            "hard_swish",
            "prelu",
            "silu",
            "swish_learnable"
        ]
        .map(|op| {
            let key = format!("{op} (composite)");
            format!("{op} {}", ratio(memory.get(&key).copied()))
        })
        .join(", ")
    );
}

/// The median over the activations' groups of a baseline ratio, for the baseline rows.
fn baseline(timings: &Timings, log2: u32, ratio_of: impl Fn(&Timings, At) -> Option<f64>) -> f64 {
    let mut ratios: Vec<f64> = OPS
        .iter()
        .filter_map(|&op| {
            let at = At {
                backend: "flex",
                log2,
                op,
            };
            ratio_of(timings, at)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN)
}

fn pytorch_table(timings: &Timings) {
    println!("## Ratios to ReLU: PyTorch CPU (1 thread) and this crate on Flex\n");
    println!(
        "PyTorch forward allocates its output, so the matching column here is \
         \"ours fwd (allocating)\".\n"
    );
    println!(
        "| op | n | PyTorch fwd / relu | ours fwd (allocating) / relu | ours fwd (in place) / relu \
         | PyTorch fwd+bwd / relu | ours fwd+bwd / relu |"
    );
    println!("|---|---|---|---|---|---|---|");
    let relu = PYTORCH[0].1;
    for (name, figures) in PYTORCH {
        for (column, log2) in [20u32, 24].into_iter().enumerate() {
            let torch_forward = figures[2 * column] / relu[2 * column];
            let torch_backward = figures[2 * column + 1] / relu[2 * column + 1];
            let (allocating, in_place, backward) = match name {
                "copy (into existing buffer)" => (
                    f64::NAN,
                    baseline(timings, log2, |t, at| {
                        t.forward(at, "copy", "relu", "in place")
                    }),
                    f64::NAN,
                ),
                "clone" => (
                    baseline(timings, log2, |t, at| {
                        t.forward(at, "copy", "relu", "allocating")
                    }),
                    f64::NAN,
                    f64::NAN,
                ),
                "relu" => (1.0, 1.0, 1.0),
                _ => {
                    let at = At {
                        backend: "flex",
                        log2,
                        op: name,
                    };
                    let value = |v: Option<f64>| v.unwrap_or(f64::NAN);
                    (
                        value(timings.forward(at, "fused", "relu", "allocating")),
                        value(timings.forward(at, "fused", "relu", "in place")),
                        value(timings.backward(at, "fused", "relu")),
                    )
                }
            };
            println!(
                "| {name} | 2^{log2} | {} | {} | {} | {} | {} |",
                ratio(Some(torch_forward)),
                ratio(Some(allocating)),
                ratio(Some(in_place)),
                ratio(Some(torch_backward)),
                ratio(Some(backward)),
            );
        }
    }
    println!(
        "\nOur copy rows are `neg()` (in place, and allocating) over ReLU, the median over the \
         activations' groups. PyTorch's leaky_relu6 row is its two-op composition.\n"
    );
}

/// This crate's CubeCL kernels (`wgpu`) against the composite as Burn's fusion compiles it
/// (`wgpu+fusion`), when both runs left timings: the measurement behind running the composite
/// under `fusion`.
fn fusion_table(timings: &Timings) {
    let ran = |backend: &str| {
        let prefix = format!("{backend}/");
        timings.0.keys().any(|id| id.starts_with(&prefix))
    };
    if !ran("wgpu") || !ran("wgpu+fusion") {
        return;
    }
    println!("## CubeCL kernels against Burn's fusion of the composite, on wgpu\n");
    println!(
        "| op | n | fwd kernels ms | fwd fusion ms | kernels / fusion \
         | fwd+bwd kernels ms | fwd+bwd fusion ms | kernels / fusion |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for op in OPS {
        for log2 in SIZES {
            let time = |backend, pass, contender| timings.get(backend, pass, log2, op, contender);
            let forward = (
                time("wgpu", "forward", "fused (allocating)"),
                time("wgpu+fusion", "forward", "fused (allocating)"),
            );
            let backward = (
                time("wgpu", "fwd+bwd", "fused"),
                time("wgpu+fusion", "fwd+bwd", "fused"),
            );
            if forward.0.is_none() && backward.0.is_none() {
                continue;
            }
            let quotient = |(a, b): (Option<f64>, Option<f64>)| ratio(a.zip(b).map(|(a, b)| a / b));
            println!(
                "| {op} | 2^{log2} | {} | {} | {} | {} | {} | {} |",
                ms(forward.0),
                ms(forward.1),
                quotient(forward),
                ms(backward.0),
                ms(backward.1),
                quotient(backward),
            );
        }
    }
    println!(
        "\nBoth allocate their output. Under fusion, an op's composite is merged with its \
         neighbours into one kernel; a custom operation would run the kernel alone.\n"
    );
}

/// A target checked at one point: its measured value and whether it is met.
struct Check {
    measured: f64,
    met: bool,
    /// How far from the limit, in words, when missed.
    shortfall: String,
}

/// A ratio that must stay at or below `limit`.
fn at_most(measured: f64, limit: f64) -> Check {
    let over = (measured / limit - 1.0) * 100.0;
    Check {
        measured,
        met: measured <= limit,
        shortfall: format!("{measured:.2}x against {limit}x, {over:.0}% over"),
    }
}

/// A speedup that must reach `wanted`.
fn at_least(measured: f64, wanted: f64) -> Check {
    let short = (1.0 - measured / wanted) * 100.0;
    Check {
        measured,
        met: measured >= wanted,
        shortfall: format!("{measured:.2}x faster against {wanted}x, {short:.0}% short"),
    }
}

fn cell(check: &Option<Check>) -> String {
    match check {
        Some(check) if check.met => format!("{:.2} met", check.measured),
        Some(check) => format!("**{:.2} missed**", check.measured),
        None => "–".to_string(),
    }
}

/// One row of the targets table: a target, an op, a check per size.
type Row = (String, String, Vec<Option<Check>>);

fn targets(timings: &Timings, backend: &str, memory: &HashMap<String, f64>) -> Vec<String> {
    let mut rows: Vec<Row> = Vec::new();
    let per_size = |check: &dyn Fn(At) -> Option<Check>, op: &'static str| {
        SIZES
            .iter()
            .map(|&log2| check(At { backend, log2, op }))
            .collect::<Vec<_>>()
    };

    for op in OPS {
        let check = |at: At| {
            let in_place = timings.forward(at, "fused", "copy", "in place")?;
            Some(at_most(in_place, COPY_LIMIT))
        };
        let target = format!("fwd (in place) ≤ {COPY_LIMIT}x copy (in place)");
        rows.push((target, op.to_string(), per_size(&check, op)));
    }
    for op in ["leaky_relu6", "hard_sigmoid", "hard_swish", "prelu"] {
        let check = |at: At| Some(at_most(timings.backward(at, "fused", "relu")?, RELU_LIMIT));
        let target = format!("fwd+bwd ≤ {RELU_LIMIT}x relu");
        rows.push((target, op.to_string(), per_size(&check, op)));
        let check = |at: At| {
            let speedup = 1.0 / timings.backward(at, "fused", "composite")?;
            Some(at_least(speedup, COMPOSITE_SPEEDUP))
        };
        let target = format!("fwd+bwd ≥ {COMPOSITE_SPEEDUP}x faster than composite");
        rows.push((target, op.to_string(), per_size(&check, op)));
    }
    for op in ["swish", "swish_learnable"] {
        // Burn's silu is the composite of the `swish` groups.
        let silu = |at: At, pass: &str, contender: &str| {
            timings.get(backend, pass, at.log2, "swish", contender)
        };
        let check = |at: At| {
            let fused = timings.get(backend, "forward", at.log2, op, "fused (allocating)")?;
            let silu = silu(at, "forward", "composite (allocating)")?;
            Some(at_most(fused / silu, SILU_LIMIT))
        };
        let target = format!("fwd (allocating) ≤ {SILU_LIMIT}x Burn's silu");
        rows.push((target, op.to_string(), per_size(&check, op)));
        let check = |at: At| {
            let fused = timings.get(backend, "fwd+bwd", at.log2, op, "fused")?;
            Some(at_most(
                fused / silu(at, "fwd+bwd", "composite")?,
                SILU_LIMIT,
            ))
        };
        let target = format!("fwd+bwd ≤ {SILU_LIMIT}x Burn's silu");
        rows.push((target, op.to_string(), per_size(&check, op)));
    }

    println!("## Targets on {backend}\n");
    println!("| target | op | 2^16 | 2^20 | 2^24 |");
    println!("|---|---|---|---|---|");
    let mut missed = Vec::new();
    for (target, op, checks) in &rows {
        let cells: Vec<String> = checks.iter().map(cell).collect();
        println!("| {target} | {op} | {} |", cells.join(" | "));
        for (log2, check) in SIZES.iter().zip(checks) {
            match check {
                Some(check) if !check.met => {
                    missed.push(format!(
                        "{backend}, {target}: {op} at 2^{log2}: {}",
                        check.shortfall
                    ));
                }
                _ => {}
            }
        }
    }

    if backend == "flex" {
        println!();
        println!("| target | op | retained / ReLU's |");
        println!("|---|---|---|");
        for op in OPS {
            let check = memory.get(op).map(|&r| at_most(r, MEMORY_LIMIT));
            let target = format!("autodiff memory ≤ {MEMORY_LIMIT}x ReLU's");
            println!("| {target} | {op} | {} |", cell(&check));
            if let Some(check) = check.filter(|check| !check.met) {
                missed.push(format!("{backend}, {target}: {op}: {}", check.shortfall));
            }
        }
    }
    println!();
    missed
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, else `target` in the package.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn main() {
    let target = target_dir();
    // An optional argument names another criterion directory (a run under `CRITERION_HOME`).
    let criterion = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("criterion"));
    let timings = Timings::load(&criterion);
    let memory = memory(&target.join("bench-results").join("memory.json"));
    if timings.0.is_empty() {
        eprintln!(
            "no results in {}: run `cargo bench --bench activations` first",
            criterion.display()
        );
    }
    if memory.is_empty() {
        eprintln!("no target/bench-results/memory.json: run `cargo bench --bench memory` first");
    }

    let mut missed = Vec::new();
    fusion_table(&timings);
    for backend in BACKENDS {
        let ran = timings
            .0
            .keys()
            .any(|id| id.starts_with(&format!("{backend}/")));
        if ran {
            ratio_table(&timings, backend, &memory);
            if backend == "flex" {
                pytorch_table(&timings);
            }
            missed.extend(targets(&timings, backend, &memory));
        }
    }

    println!("## Missed targets\n");
    if missed.is_empty() {
        println!("None.");
    }
    for line in &missed {
        println!("- {line}");
    }
}
