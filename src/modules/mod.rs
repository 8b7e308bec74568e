//! Burn modules and configs for every activation, and the [`Activation`] enum that swaps them.

mod activation;
mod hard_sigmoid;
mod hard_swish;
mod leaky_relu6;
mod prelu;
mod swish;

pub use activation::*;
pub use hard_sigmoid::*;
pub use hard_swish::*;
pub use leaky_relu6::*;
pub use prelu::*;
pub use swish::*;
