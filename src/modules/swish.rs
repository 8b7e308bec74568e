use burn::config::Config;
use burn::module::{Content, DisplaySettings, Module, ModuleDisplay, Param};
use burn::tensor::{Device, Tensor};

use crate::functions::check_finite;

/// Configuration of a [`Swish`] layer.
#[derive(Config, Debug)]
pub struct SwishConfig {
    /// The initial sharpness, finite. Default 1 (SiLU).
    #[config(default = "1.0")]
    pub beta: f64,
    /// Whether the optimizer trains `beta`. Default false.
    #[config(default = "false")]
    pub learnable: bool,
}

impl SwishConfig {
    /// Creates the layer.
    ///
    /// # Panics
    ///
    /// If `beta` is NaN or infinite.
    pub fn init(&self, device: &Device) -> Swish {
        check_finite("SwishConfig", "beta", self.beta);
        let beta = Param::from_tensor(Tensor::full([1], self.beta, device));
        Swish {
            beta: beta.set_require_grad(self.learnable),
        }
    }
}

/// Swish layer: `x * sigmoid(beta * x)`, with `beta` fixed or learned.
///
/// `beta` is a parameter either way, so it is saved and loaded with the record; it only
/// receives gradients, and so moves under an optimizer, when the config made it learnable.
/// See [`swish`](crate::swish) for the definition and the gradients. Create it with
/// [`SwishConfig`].
#[derive(Module, Debug)]
#[module(custom_display)]
pub struct Swish {
    /// The sharpness, shape `[1]`.
    pub beta: Param<Tensor<1>>,
}

impl Swish {
    /// Applies the activation.
    ///
    /// # Shapes
    ///
    /// - input: `[...]`
    /// - output: `[...]`, the input's shape
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        crate::swish_learnable(input, self.beta.val())
    }

    /// The current value of `beta` (read back from the device).
    pub fn beta_value(&self) -> f64 {
        let data = self.beta.val().into_data();
        data.iter::<f64>().next().unwrap_or(f64::NAN)
    }
}

impl ModuleDisplay for Swish {
    fn custom_settings(&self) -> Option<DisplaySettings> {
        DisplaySettings::new()
            .with_new_line_after_attribute(false)
            .optional()
    }

    fn custom_content(&self, content: Content) -> Option<Content> {
        content.add("beta", &self.beta_value()).optional()
    }
}
