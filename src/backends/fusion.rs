//! Burn's lazy fusion over the CubeCL backend: the composite defaults.
//!
//! The composites are recorded as ordinary tensor operations, so Burn's fusion compiles each
//! op's elementwise chain, forward and backward, into its own kernels and merges it with the
//! operations around it (a bias add or BatchNorm's affine before the activation), which a
//! custom operation running this crate's kernel would cut off.
//!
//! The decision, measured with `benches/activations.rs` on the only GPU device available
//! where this crate is built, Mesa's software Vulkan (lavapipe) on 2 cores, kernels time over
//! fusion time at 2^16 and 2^20 elements: the kernels are 2 to 4.5 times faster forward for
//! PReLU and Swish (fusion's composite runs several kernels there), within the device's
//! noise (0.7 to 1.5) for leaky ReLU6, Hard-Sigmoid and Hard-Swish, and forward+backward
//! ranges from 0.56 to 1.8 with no op consistently ahead. Software Vulkan runs on the CPU's
//! caches, not a GPU's memory, so these figures do not settle the question for GPUs: every op
//! keeps the composite under fusion until a GPU measurement shows a custom operation winning,
//! PReLU and Swish being the candidates.

use burn_fusion::{Fusion, FusionBackend};

use crate::ActivationExtOps;

impl<B: FusionBackend> ActivationExtOps for Fusion<B> {}
