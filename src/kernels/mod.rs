//! The fused kernels, per backend family. The backends in `crate::backends` only adapt tensors
//! to them.

#[cfg(any(feature = "flex", feature = "ndarray"))]
pub(crate) mod cpu;
// Gated like `crate::backends::cube`, the only user: under `fusion` the CubeCL backend is
// `Fusion<CubeBackend>`, which runs the composite.
#[cfg(all(cube_runtime, not(feature = "fusion")))]
pub(crate) mod cube;
