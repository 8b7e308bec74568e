//! NdArray, the older CPU backend: the composite defaults.

use burn::backend::NdArray;

use crate::ActivationExtOps;

impl ActivationExtOps for NdArray {}
