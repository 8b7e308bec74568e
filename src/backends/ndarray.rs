//! NdArray, the older CPU backend: the composite defaults.

#![allow(deprecated)] // NdArray is deprecated upstream; supported here until Burn drops it.

use burn::backend::NdArray;

use crate::ActivationExtOps;

impl ActivationExtOps for NdArray {}
