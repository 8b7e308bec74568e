//! One implementation of [`ActivationExtOps`](crate::ActivationExtOps) per backend.
//!
//! Flex, NdArray and the CubeCL backend run fused kernels (`crate::kernels`); Burn's fusion
//! over CubeCL runs the composite defaults; autodiff is hand-written so that each op keeps only
//! its input alive and calls the trait's backward methods.

#[cfg(feature = "autodiff")]
mod autodiff;
#[cfg(any(feature = "flex", feature = "ndarray"))]
mod cpu;
#[cfg(cube_runtime)]
mod cube;
#[cfg(feature = "flex")]
mod flex;
#[cfg(cube_runtime)]
mod fusion;
#[cfg(feature = "ndarray")]
mod ndarray;
