use burn::config::Config;
use burn::module::{Content, DisplaySettings, Module, ModuleDisplay};
use burn::tensor::{Device, Tensor};

use crate::functions::check_finite;

/// Configuration of a [`HardSigmoid`] layer.
///
/// The defaults are PyTorch's (`relu6(x + 3) / 6`). Burn's own `HardSigmoidConfig` defaults
/// to the older Keras and ONNX form, `alpha = 0.2`: set it with `.with_alpha(0.2)`.
#[derive(Config, Debug)]
pub struct HardSigmoidConfig {
    /// The slope, finite. Default 1/6.
    #[config(default = "1.0 / 6.0")]
    pub alpha: f64,
    /// The offset, finite. Default 0.5.
    #[config(default = "0.5")]
    pub beta: f64,
}

impl HardSigmoidConfig {
    /// Creates the layer.
    ///
    /// # Panics
    ///
    /// If `alpha` or `beta` is NaN or infinite.
    pub fn init(&self, _device: &Device) -> HardSigmoid {
        check_finite("HardSigmoidConfig", "alpha", self.alpha);
        check_finite("HardSigmoidConfig", "beta", self.beta);
        HardSigmoid {
            alpha: self.alpha,
            beta: self.beta,
        }
    }
}

/// Hard-Sigmoid layer: `clamp(alpha * x + beta, 0, 1)`.
///
/// See [`hard_sigmoid`](crate::hard_sigmoid) for the gradient at the kinks. Create it with
/// [`HardSigmoidConfig`].
#[derive(Module, Debug)]
#[module(custom_display)]
pub struct HardSigmoid {
    /// The slope.
    pub alpha: f64,
    /// The offset.
    pub beta: f64,
}

impl HardSigmoid {
    /// Applies the activation.
    ///
    /// # Shapes
    ///
    /// - input: `[...]`
    /// - output: `[...]`, the input's shape
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        crate::hard_sigmoid(input, self.alpha, self.beta)
    }
}

impl ModuleDisplay for HardSigmoid {
    fn custom_settings(&self) -> Option<DisplaySettings> {
        DisplaySettings::new()
            .with_new_line_after_attribute(false)
            .optional()
    }

    fn custom_content(&self, content: Content) -> Option<Content> {
        content
            .add("alpha", &self.alpha)
            .add("beta", &self.beta)
            .optional()
    }
}
