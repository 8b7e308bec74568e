use burn::config::Config;
use burn::module::{Content, DisplaySettings, Module, ModuleDisplay};
use burn::tensor::{Device, Tensor};

use crate::functions::check_finite;

/// Configuration of a [`LeakyRelu6`] layer.
#[derive(Config, Debug)]
pub struct LeakyRelu6Config {
    /// The slope for `x <= 0`, finite. Default 0.01.
    #[config(default = "0.01")]
    pub negative_slope: f64,
    /// The upper bound, positive. Default 6.
    #[config(default = "6.0")]
    pub cap: f64,
}

impl LeakyRelu6Config {
    /// Creates the layer.
    ///
    /// # Panics
    ///
    /// If `negative_slope` is NaN or infinite, or `cap` is not positive.
    pub fn init(&self, _device: &Device) -> LeakyRelu6 {
        check_finite("LeakyRelu6Config", "negative_slope", self.negative_slope);
        assert!(
            self.cap > 0.0,
            "LeakyRelu6Config: cap must be positive, got {}",
            self.cap
        );
        LeakyRelu6 {
            negative_slope: self.negative_slope,
            cap: self.cap,
        }
    }
}

/// Leaky ReLU6 layer: `min(x > 0 ? x : negative_slope * x, cap)`.
///
/// See [`capped_leaky_relu`](crate::capped_leaky_relu) for the definition and the gradient at
/// the kinks. Create it with [`LeakyRelu6Config`].
#[derive(Module, Debug)]
#[module(custom_display)]
pub struct LeakyRelu6 {
    /// The slope for `x <= 0`.
    pub negative_slope: f64,
    /// The upper bound.
    pub cap: f64,
}

impl LeakyRelu6 {
    /// Applies the activation.
    ///
    /// # Shapes
    ///
    /// - input: `[...]`
    /// - output: `[...]`, the input's shape
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        crate::capped_leaky_relu(input, self.negative_slope, self.cap)
    }
}

impl ModuleDisplay for LeakyRelu6 {
    fn custom_settings(&self) -> Option<DisplaySettings> {
        DisplaySettings::new()
            .with_new_line_after_attribute(false)
            .optional()
    }

    fn custom_content(&self, content: Content) -> Option<Content> {
        content
            .add("negative_slope", &self.negative_slope)
            .add("cap", &self.cap)
            .optional()
    }
}
