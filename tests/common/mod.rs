//! What every test shares: the devices this build enables, tensors from and to `f64`, and
//! comparisons with stated tolerances.
#![allow(dead_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use burn::tensor::{DType, Device, Tensor, TensorData};

/// One backend this build enables, plain or with autodiff.
#[derive(Clone)]
pub struct TestDevice {
    /// For failure messages: `flex`, `flex+autodiff`, `wgpu+autodiff+checkpointing`, ...
    pub name: String,
    pub device: Device,
    /// Whether the backend computes in float64.
    pub float64: bool,
    /// Whether gradients can be taken.
    pub autodiff: bool,
    /// Whether elementwise math runs on a GPU (looser `exp` accuracy there).
    pub gpu: bool,
}

impl TestDevice {
    /// The float dtypes to test on this device.
    pub fn dtypes(&self) -> Vec<DType> {
        if self.float64 {
            vec![DType::F32, DType::F64]
        } else {
            vec![DType::F32]
        }
    }
}

/// The backends this build enables: name, device, float64 support, whether it is a GPU.
#[allow(deprecated)] // NdArray is deprecated upstream and still supported here.
fn backends() -> Vec<(&'static str, Device, bool, bool)> {
    vec![
        #[cfg(feature = "flex")]
        ("flex", Device::flex(), true, false),
        #[cfg(feature = "ndarray")]
        ("ndarray", Device::ndarray(), true, false),
        #[cfg(feature = "wgpu")]
        (
            "wgpu",
            Device::wgpu(burn::tensor::DeviceKind::DefaultDevice),
            false,
            true,
        ),
    ]
}

/// Every enabled backend, plain and with autodiff (and, on the CPU backends, with gradient
/// checkpointing, which recomputes the ops' outputs in the backward pass).
pub fn devices() -> Vec<TestDevice> {
    let mut devices = Vec::new();
    for (name, device, float64, gpu) in backends() {
        devices.push(TestDevice {
            name: name.to_string(),
            device: device.clone(),
            float64,
            autodiff: false,
            gpu,
        });
        #[cfg(feature = "autodiff")]
        {
            devices.push(TestDevice {
                name: format!("{name}+autodiff"),
                device: device.clone().autodiff(),
                float64,
                autodiff: true,
                gpu,
            });
            if !gpu {
                devices.push(TestDevice {
                    name: format!("{name}+autodiff+checkpointing"),
                    device: device.autodiff().gradient_checkpointing(),
                    float64,
                    autodiff: true,
                    gpu,
                });
            }
        }
    }
    assert!(!devices.is_empty(), "the tests need a backend feature");
    devices
}

/// The devices that take gradients.
pub fn autodiff_devices() -> Vec<TestDevice> {
    devices().into_iter().filter(|d| d.autodiff).collect()
}

pub fn tensor<const D: usize>(
    values: &[f64],
    shape: [usize; D],
    device: &Device,
    dtype: DType,
) -> Tensor<D> {
    let data = TensorData::new(values.to_vec(), shape);
    Tensor::from_data(data, (device, dtype))
}

pub fn values<const D: usize>(tensor: Tensor<D>) -> Vec<f64> {
    tensor.into_data().iter::<f64>().collect()
}

/// A tolerance: `|actual - expected| <= abs + rel * |expected|`.
#[derive(Clone, Copy, Debug)]
pub struct Tolerance {
    pub abs: f64,
    pub rel: f64,
}

impl Tolerance {
    pub const fn new(abs: f64, rel: f64) -> Self {
        Self { abs, rel }
    }

    /// The tolerance of one elementwise evaluation in `dtype`: a few ULPs relative, and an
    /// absolute floor for values that cancel to near zero. A GPU's `exp` is allowed more.
    pub fn elementwise(dtype: DType, gpu: bool) -> Self {
        match (dtype, gpu) {
            (DType::F64, _) => Self::new(1e-300, 1e-12),
            (_, false) => Self::new(1e-6, 1e-5),
            (_, true) => Self::new(1e-5, 1e-4),
        }
    }
}

/// Asserts that `actual` matches `expected` element by element: NaN where NaN is expected,
/// the same infinity, equal within `tolerance` otherwise.
pub fn assert_close(actual: &[f64], expected: &[f64], tolerance: Tolerance, context: &str) {
    assert_eq!(actual.len(), expected.len(), "{context}: length differs");
    for (index, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        let ok = if e.is_nan() {
            a.is_nan()
        } else if e.is_infinite() {
            a == e
        } else {
            (a - e).abs() <= tolerance.abs + tolerance.rel * e.abs()
        };
        assert!(
            ok,
            "{context}: element {index} is {a:e}, expected {e:e} (tolerance {tolerance:?})"
        );
    }
}

/// Runs `body` on every device and expects each run to panic with the same message, then
/// panics with it, so that `#[should_panic(expected = ...)]` checks the message once for all.
pub fn panics_on_every_device(body: impl Fn(&Device)) {
    let mut message = None;
    for test_device in devices() {
        let payload = catch_unwind(AssertUnwindSafe(|| body(&test_device.device)))
            .expect_err(&format!("{}: no panic", test_device.name));
        let text = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        if let Some(previous) = &message {
            assert_eq!(previous, &text, "{}: another message", test_device.name);
        }
        message = Some(text);
    }
    panic!("{}", message.unwrap_or_default());
}

/// A deterministic generator of test inputs (SplitMix64), so failures reproduce.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        low + (high - low) * unit
    }

    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }
}

pub mod ops;
