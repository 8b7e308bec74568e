//! The fused kernels, per backend family. The backends in `crate::backends` only adapt tensors
//! to them.

#[cfg(any(feature = "flex", feature = "ndarray"))]
pub(crate) mod cpu;
#[cfg(cube_runtime)]
pub(crate) mod cube;
