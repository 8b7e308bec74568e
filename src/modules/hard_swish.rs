use burn::config::Config;
use burn::module::Module;
use burn::tensor::{Device, Tensor};

/// Configuration of a [`HardSwish`] layer. Hard-Swish has no hyperparameters.
#[derive(Config, Debug)]
pub struct HardSwishConfig {}

impl HardSwishConfig {
    /// Creates the layer.
    pub fn init(&self, _device: &Device) -> HardSwish {
        HardSwish
    }
}

/// Hard-Swish layer: `x * relu6(x + 3) / 6`.
///
/// See [`hard_swish`](crate::hard_swish) for the gradient at the kinks. Create it with
/// [`HardSwishConfig`].
#[derive(Module, Debug, Default)]
pub struct HardSwish;

impl HardSwish {
    /// Applies the activation.
    ///
    /// # Shapes
    ///
    /// - input: `[...]`
    /// - output: `[...]`, the input's shape
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        crate::hard_swish(input)
    }
}
