//! The table of activations every behaviour test runs over.

use burn::tensor::Tensor;

/// One activation with its hyperparameters, as a test calls it.
#[derive(Clone, Debug)]
pub enum Op {
    LeakyRelu6 {
        slope: f64,
    },
    CappedLeakyRelu {
        slope: f64,
        cap: f64,
    },
    HardSigmoid {
        alpha: f64,
        beta: f64,
    },
    HardSwish,
    /// PReLU with these initial slopes along `axis`.
    PRelu {
        alpha: Vec<f64>,
        axis: usize,
    },
    /// Swish with a fixed beta (no parameter tensor).
    Swish {
        beta: f64,
    },
    /// Swish with beta as a parameter tensor of shape `[1]`.
    SwishLearnable {
        beta: f64,
    },
}

impl Op {
    /// Every activation, with hyperparameters that exercise unusual branches (slopes above
    /// 1 and negative, a non-default Hard-Sigmoid); PReLU has `channels` slopes on `axis`.
    pub fn catalog(channels: usize, axis: usize) -> Vec<Op> {
        let alpha = (0..channels).map(|c| 0.25 - 0.2 * c as f64).collect();
        vec![
            Op::LeakyRelu6 { slope: 0.01 },
            Op::CappedLeakyRelu {
                slope: 2.0,
                cap: 3.0,
            },
            Op::CappedLeakyRelu {
                slope: -0.5,
                cap: 1.5,
            },
            Op::HardSigmoid {
                alpha: 1.0 / 6.0,
                beta: 0.5,
            },
            Op::HardSigmoid {
                alpha: -0.2,
                beta: 0.4,
            },
            Op::HardSwish,
            Op::PRelu { alpha, axis },
            Op::PRelu {
                alpha: vec![0.3],
                axis,
            },
            Op::Swish { beta: 1.7 },
            Op::SwishLearnable { beta: 0.8 },
        ]
    }

    /// The initial values of the op's parameter tensor, if it has one.
    pub fn param(&self) -> Option<Vec<f64>> {
        match self {
            Op::PRelu { alpha, .. } => Some(alpha.clone()),
            Op::SwishLearnable { beta } => Some(vec![*beta]),
            _ => None,
        }
    }

    /// The inputs where the op or its gradient has a kink.
    pub fn kinks(&self) -> Vec<f64> {
        match self {
            Op::LeakyRelu6 { slope } => vec![0.0, 6.0, 6.0 / slope],
            Op::CappedLeakyRelu { slope, cap } => vec![0.0, *cap, cap / slope],
            Op::HardSigmoid { alpha, beta } => vec![-beta / alpha, (1.0 - beta) / alpha],
            Op::HardSwish => vec![-3.0, 3.0],
            Op::PRelu { .. } => vec![0.0],
            Op::Swish { .. } | Op::SwishLearnable { .. } => vec![],
        }
    }

    /// Applies the op; `param` is the tensor [`Op::param`] describes.
    pub fn apply<const D: usize>(&self, input: Tensor<D>, param: Option<Tensor<1>>) -> Tensor<D> {
        match self {
            Op::LeakyRelu6 { slope } => burn_activations::leaky_relu6(input, *slope),
            Op::CappedLeakyRelu { slope, cap } => {
                burn_activations::capped_leaky_relu(input, *slope, *cap)
            }
            Op::HardSigmoid { alpha, beta } => burn_activations::hard_sigmoid(input, *alpha, *beta),
            Op::HardSwish => burn_activations::hard_swish(input),
            Op::PRelu { axis, .. } => {
                burn_activations::prelu(input, param.expect("PReLU needs its slopes"), *axis)
            }
            Op::Swish { beta } => burn_activations::swish(input, *beta),
            Op::SwishLearnable { .. } => {
                burn_activations::swish_learnable(input, param.expect("Swish needs its beta"))
            }
        }
    }
}
