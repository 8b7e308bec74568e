//! Burn's lazy fusion over the CubeCL backend.
//!
//! The composite defaults are recorded as ordinary tensor operations, so fusion merges each
//! op's elementwise chain into one kernel by itself.

use burn_fusion::{Fusion, FusionBackend};

use crate::ActivationExtOps;

impl<B: FusionBackend> ActivationExtOps for Fusion<B> {}
