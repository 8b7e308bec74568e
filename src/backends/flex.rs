//! Flex, Burn's pure-Rust CPU backend: the composite defaults.

use burn::backend::Flex;

use crate::ActivationExtOps;

impl ActivationExtOps for Flex {}
