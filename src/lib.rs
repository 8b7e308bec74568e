//! Activation functions for [Burn](https://burn.dev) that mainstream frameworks lack, and
//! leaner versions of the ones they have.
//!
//! The crate adds five activations, each as a function on `Tensor<D>`, a Burn module with its
//! config, and an op of the [`ActivationExtOps`] backend extension with a hand-written backward
//! pass:
//!
//! | activation | function | module |
//! |---|---|---|
//! | ReLU6 with a leaky negative side | [`leaky_relu6`], [`capped_leaky_relu`] | [`LeakyRelu6`] |
//! | Hard-Sigmoid (PyTorch's form by default) | [`hard_sigmoid`] | [`HardSigmoid`] |
//! | Hard-Swish (MobileNetV3) | [`hard_swish`] | [`HardSwish`] |
//! | PReLU on any channel axis | [`prelu`] | [`PRelu`] |
//! | Swish with a fixed or learnable beta | [`swish`], [`swish_learnable`] | [`Swish`] |
//!
//! [`ActivationConfig`] and [`Activation`] cover these and Burn's own activations, so a model
//! can pick its activation by configuration or by name (`"leaky_relu6".parse()`).
//!
//! # Conventions
//!
//! Values and gradients follow PyTorch, including at the kinks: a gradient at a kink is taken
//! from the side that is open there (the one-sided rule), and NaN in gives NaN out. Each
//! function documents its kinks.
//!
//! # Backends
//!
//! Every op has a composite default built from Burn's float primitives, so it runs on any
//! backend the build enables: Flex (default), NdArray, and the CubeCL runtimes (wgpu, CUDA,
//! Metal, Vulkan), with or without Burn's fusion. Under autodiff each op keeps only its input
//! alive for the backward pass and is recomputed, not stored, under gradient checkpointing.
//!
//! # Example
//!
//! ```
//! use burn::tensor::{Device, Tensor};
//! use burn_activations::{leaky_relu6, LeakyRelu6Config};
//!
//! let device = Device::default();
//! let x = Tensor::<1>::from_floats([-10.0, 0.5, 8.0], &device);
//!
//! let y = leaky_relu6(x.clone(), 0.1);
//! y.into_data().assert_approx_eq::<f32>(&[-1.0, 0.5, 6.0].into(), Default::default());
//!
//! let layer = LeakyRelu6Config::new().with_negative_slope(0.1).init(&device);
//! let z = layer.forward(x);
//! z.into_data().assert_approx_eq::<f32>(&[-1.0, 0.5, 6.0].into(), Default::default());
//! ```

mod backends;
mod composite;
mod functions;
mod kernels;
mod modules;
// NdArray is deprecated upstream in favour of Flex; it stays supported here.
#[cfg_attr(feature = "ndarray", allow(deprecated))]
mod ops;
pub mod reference;
mod swap;

pub use functions::*;
pub use modules::*;
pub use ops::ActivationExtOps;
pub use swap::load_record_swapping_activations;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
