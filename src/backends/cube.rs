//! The CubeCL backend (wgpu, CUDA, Metal, Vulkan) without fusion: the composite defaults.

use burn::backend::Cube;

use crate::ActivationExtOps;

impl ActivationExtOps for Cube {}
