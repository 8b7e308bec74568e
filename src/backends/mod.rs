//! One implementation of [`ActivationExtOps`](crate::ActivationExtOps) per backend.
//!
//! The CPU and CubeCL backends run the trait's composite defaults; autodiff is hand-written so
//! that each op keeps only its input alive and calls the trait's backward methods.

#[cfg(feature = "autodiff")]
mod autodiff;
#[cfg(all(cube_runtime, not(feature = "fusion")))]
mod cube;
#[cfg(feature = "flex")]
mod flex;
#[cfg(feature = "fusion")]
mod fusion;
#[cfg(feature = "ndarray")]
mod ndarray;
