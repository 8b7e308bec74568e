use burn::config::Config;
use burn::module::{Content, DisplaySettings, Module, ModuleDisplay, Param};
use burn::tensor::{Device, Tensor};

use crate::functions::check_finite;

/// Configuration of a [`PRelu`] layer.
#[derive(Config, Debug)]
pub struct PReluConfig {
    /// The number of slopes: 1 for one shared slope, or the number of channels. Default 1.
    #[config(default = "1")]
    pub num_parameters: usize,
    /// The initial value of every slope, finite. Default 0.25.
    #[config(default = "0.25")]
    pub alpha: f64,
    /// The axis of the channels in the input: 1 for `[batch, channels, ...]` (NCHW), the last
    /// axis for channels-last tensors (`[batch, time, channels]`, NHWC). Default 1.
    #[config(default = "1")]
    pub channel_axis: usize,
}

impl PReluConfig {
    /// Creates the layer, its slopes all set to `alpha`.
    ///
    /// # Panics
    ///
    /// If `num_parameters` is 0 or `alpha` is NaN or infinite.
    pub fn init(&self, device: &Device) -> PRelu {
        assert!(
            self.num_parameters > 0,
            "PReluConfig: num_parameters must be at least 1, got {}",
            self.num_parameters
        );
        check_finite("PReluConfig", "alpha", self.alpha);
        let alpha = Tensor::full([self.num_parameters], self.alpha, device);
        PRelu {
            alpha: Param::from_tensor(alpha),
            channel_axis: self.channel_axis,
        }
    }
}

/// PReLU layer: a leaky ReLU with learned slopes, one per channel or one for all.
///
/// See [`prelu`](crate::prelu) for the definition and the gradients. Create it with
/// [`PReluConfig`].
#[derive(Module, Debug)]
#[module(custom_display)]
pub struct PRelu {
    /// The slopes, shape `[num_parameters]`, trained by the optimizer.
    pub alpha: Param<Tensor<1>>,
    /// The axis of the channels in the input.
    pub channel_axis: usize,
}

impl PRelu {
    /// Applies the activation.
    ///
    /// # Shapes
    ///
    /// - input: `[...]`, with `num_parameters` entries along `channel_axis` unless there is
    ///   one slope
    /// - output: `[...]`, the input's shape
    ///
    /// # Panics
    ///
    /// As [`prelu`](crate::prelu) does, when the input does not fit the slopes.
    pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
        crate::prelu(input, self.alpha.val(), self.channel_axis)
    }
}

impl ModuleDisplay for PRelu {
    fn custom_settings(&self) -> Option<DisplaySettings> {
        DisplaySettings::new()
            .with_new_line_after_attribute(false)
            .optional()
    }

    fn custom_content(&self, content: Content) -> Option<Content> {
        let [num_parameters] = self.alpha.shape().dims();
        content
            .add("num_parameters", &num_parameters)
            .add("channel_axis", &self.channel_axis)
            .optional()
    }
}
