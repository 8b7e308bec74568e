use core::fmt;
use core::str::FromStr;

use burn::config::Config;
use burn::module::Module;
use burn::nn;
use burn::tensor::{Device, Tensor};

use crate::{
    HardSigmoid, HardSigmoidConfig, HardSwish, HardSwishConfig, LeakyRelu6, LeakyRelu6Config,
    PRelu, PReluConfig, Swish, SwishConfig,
};

/// Declares [`ActivationConfig`] and [`Activation`] from one table, with their `From` impls,
/// `init` and `forward`. A row is `Variant(Config) => Module: init` for an activation with
/// hyperparameters, or `Variant => Module: constructor` for one without.
macro_rules! activations {
    ($(
        $(#[$doc:meta])*
        $variant:ident $(($config:ty))? => $module:ty : $init:expr;
    )*) => {
        /// The configuration of any activation of this crate or of Burn, for choosing one by
        /// configuration or by name.
        ///
        /// Serializable like every Burn config. Build one from a config
        /// (`LeakyRelu6Config::new().into()`), a variant (`ActivationConfig::Relu`) or a name
        /// (`"leaky_relu6".parse()`, see [`ActivationConfig::NAMES`]).
        #[derive(Config, Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum ActivationConfig {
            $($(#[$doc])* $variant $(($config))?,)*
        }

        /// Any activation of this crate or of Burn, as one Burn module.
        ///
        /// Built with [`ActivationConfig::init`]; a model with an `Activation` field swaps its
        /// activation by changing the config alone.
        #[derive(Module, Debug)]
        #[allow(clippy::large_enum_variant)]
        pub enum Activation {
            $($(#[$doc])* $variant($module),)*
        }

        $(activations!(@from_config $variant $(($config))?);)*

        $(
            impl From<$module> for Activation {
                fn from(module: $module) -> Self {
                    Self::$variant(module)
                }
            }
        )*

        impl ActivationConfig {
            /// Creates the activation module.
            ///
            /// # Panics
            ///
            /// If the configuration is invalid, as the activation's own `init` says.
            #[allow(unused_variables)]
            pub fn init(&self, device: &Device) -> Activation {
                match self {
                    $(activations!(@pattern $variant $(($config))? , config) => {
                        let init = $init;
                        Activation::$variant(activations!(@call init, config, device $(, $config)?))
                    })*
                }
            }
        }

        impl Activation {
            /// Applies the activation.
            ///
            /// # Shapes
            ///
            /// - input: `[...]`
            /// - output: `[...]`, the input's shape
            pub fn forward<const D: usize>(&self, input: Tensor<D>) -> Tensor<D> {
                match self {
                    $(Self::$variant(module) => module.forward(input),)*
                }
            }
        }
    };
    (@from_config $variant:ident) => {};
    (@from_config $variant:ident ($config:ty)) => {
        impl From<$config> for ActivationConfig {
            fn from(config: $config) -> Self {
                Self::$variant(config)
            }
        }
    };
    (@pattern $variant:ident, $binding:ident) => { ActivationConfig::$variant };
    (@pattern $variant:ident ($config:ty), $binding:ident) => { ActivationConfig::$variant($binding) };
    (@call $init:ident, $config:ident, $device:ident) => { $init($device) };
    (@call $init:ident, $config:ident, $device:ident, $ty:ty) => { $init($config, $device) };
}

activations! {
    /// Leaky ReLU6, [`LeakyRelu6`].
    LeakyRelu6(LeakyRelu6Config) => LeakyRelu6: |c: &LeakyRelu6Config, d| c.init(d);
    /// Hard-Sigmoid, [`HardSigmoid`] (PyTorch's form by default).
    HardSigmoid(HardSigmoidConfig) => HardSigmoid: |c: &HardSigmoidConfig, d| c.init(d);
    /// Hard-Swish, [`HardSwish`].
    HardSwish(HardSwishConfig) => HardSwish: |c: &HardSwishConfig, d| c.init(d);
    /// PReLU with slopes on any channel axis, [`PRelu`].
    PRelu(PReluConfig) => PRelu: |c: &PReluConfig, d| c.init(d);
    /// Swish with a fixed or learnable beta, [`Swish`].
    Swish(SwishConfig) => Swish: |c: &SwishConfig, d| c.init(d);
    /// Burn's ReLU.
    Relu => nn::Relu: |_: &Device| nn::Relu::new();
    /// Burn's ReLU6.
    Relu6 => nn::activation::Relu6: |_: &Device| nn::activation::Relu6::new();
    /// Burn's Leaky ReLU.
    LeakyRelu(nn::LeakyReluConfig) => nn::LeakyRelu: |c: &nn::LeakyReluConfig, _| c.init();
    /// Burn's sigmoid.
    Sigmoid => nn::Sigmoid: |_: &Device| nn::Sigmoid::new();
    /// Burn's tanh.
    Tanh => nn::Tanh: |_: &Device| nn::Tanh::new();
    /// Burn's SiLU (Swish with beta 1, without a parameter).
    Silu => nn::activation::SiLU: |_: &Device| nn::activation::SiLU::new();
    /// Burn's GELU (exact).
    Gelu => nn::Gelu: |_: &Device| nn::Gelu::new();
    /// Burn's Mish.
    Mish => nn::activation::Mish: |_: &Device| nn::activation::Mish::new();
    /// Burn's ELU.
    Elu(nn::EluConfig) => nn::Elu: |c: &nn::EluConfig, _| c.init();
    /// Burn's softplus.
    Softplus(nn::SoftplusConfig) => nn::Softplus: |c: &nn::SoftplusConfig, _| c.init();
    /// The identity, for a model without an activation.
    Identity => nn::Identity: |_: &Device| nn::Identity::new();
}

impl ActivationConfig {
    /// Every name [`FromStr`] accepts, each with the configuration it gives: snake_case names,
    /// plus the spellings of PyTorch's functions (`hardswish`, `hardsigmoid`, `silu`).
    pub const NAMES: &'static [ActivationName] = &[
        ("leaky_relu6", || LeakyRelu6Config::new().into()),
        ("hard_sigmoid", || HardSigmoidConfig::new().into()),
        ("hardsigmoid", || HardSigmoidConfig::new().into()),
        ("hard_swish", || HardSwishConfig::new().into()),
        ("hardswish", || HardSwishConfig::new().into()),
        ("prelu", || PReluConfig::new().into()),
        ("swish", || SwishConfig::new().into()),
        ("learnable_swish", || {
            SwishConfig::new().with_learnable(true).into()
        }),
        ("relu", || ActivationConfig::Relu),
        ("relu6", || ActivationConfig::Relu6),
        ("leaky_relu", || nn::LeakyReluConfig::new().into()),
        ("sigmoid", || ActivationConfig::Sigmoid),
        ("tanh", || ActivationConfig::Tanh),
        ("silu", || ActivationConfig::Silu),
        ("gelu", || ActivationConfig::Gelu),
        ("mish", || ActivationConfig::Mish),
        ("elu", || nn::EluConfig::new().into()),
        ("softplus", || nn::SoftplusConfig::new().into()),
        ("identity", || ActivationConfig::Identity),
    ];
}

/// A name that [`ActivationConfig`] parses, with the configuration it gives.
pub type ActivationName = (&'static str, fn() -> ActivationConfig);

/// The error of parsing an unknown activation name; its message lists the known names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownActivation {
    /// The name that was asked for.
    pub name: String,
}

impl fmt::Display for UnknownActivation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = ActivationConfig::NAMES
            .iter()
            .map(|(name, _)| *name)
            .collect();
        write!(
            f,
            "unknown activation {:?}; known names: {}",
            self.name,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownActivation {}

impl FromStr for ActivationConfig {
    type Err = UnknownActivation;

    /// Parses a name of [`ActivationConfig::NAMES`] (surrounding spaces and case ignored)
    /// into that activation's default configuration.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_ascii_lowercase();
        ActivationConfig::NAMES
            .iter()
            .find(|(known, _)| *known == wanted)
            .map(|(_, config)| config())
            .ok_or_else(|| UnknownActivation {
                name: name.to_string(),
            })
    }
}
