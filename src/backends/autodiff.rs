//! Hand-written backward passes on Burn's autodiff backend.
//!
//! Every op is memory-bound: its state is the checkpointed input (and the parameter tensor
//! for PReLU and Swish), never an intermediate, and it registers a retro-forward so that
//! gradient checkpointing recomputes the output instead of storing it. The backward calls the
//! trait's backward methods, so a backend's fused backward is used under autodiff too.

use core::fmt;

use burn::backend::{
    Autodiff, Backend,
    autodiff::{
        NodeId,
        checkpoint::{
            base::Checkpointer, retro_forward::RetroForward, state::BackwardStates,
            strategy::CheckpointStrategy,
        },
        grads::Gradients,
        ops::{Backward, Ops, OpsKind, unary},
    },
    tensor::FloatTensor,
};

use crate::ActivationExtOps;

/// The scalar hyperparameters of a one-input op (unused slots are 0).
type Args = [f64; 2];
type Forward<B> = fn(FloatTensor<B>, Args) -> FloatTensor<B>;
type Gradient<B> = fn(FloatTensor<B>, FloatTensor<B>, Args) -> FloatTensor<B>;

/// A one-input op with scalar hyperparameters: its forward and input gradient.
struct ScalarOp<B: Backend> {
    forward: Forward<B>,
    backward: Gradient<B>,
    args: Args,
}

impl<B: Backend> Clone for ScalarOp<B> {
    fn clone(&self) -> Self {
        Self { ..*self }
    }
}

impl<B: Backend> fmt::Debug for ScalarOp<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScalarOp")
            .field("args", &self.args)
            .finish()
    }
}

/// Recomputes a [`ScalarOp`]'s output from its checkpointed input.
#[derive(Debug)]
struct RetroScalarOp<B: Backend> {
    op: ScalarOp<B>,
    input: NodeId,
}

impl<B: Backend> RetroForward for RetroScalarOp<B> {
    fn forward(&self, states: &mut BackwardStates, out_node: NodeId) {
        let input = states.get_state::<FloatTensor<B>>(&self.input);
        states.save(out_node, (self.op.forward)(input, self.op.args));
    }
}

impl<B: Backend> Backward<B, 1> for ScalarOp<B> {
    type State = NodeId;

    fn backward(self, ops: Ops<NodeId, 1>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
        let input = checkpointer.retrieve_node_output(ops.state);
        unary::<B, _>(ops.parents, ops.node, grads, |grad| {
            (self.backward)(input, grad, self.args)
        });
    }
}

fn apply_scalar_op<B: Backend, C: CheckpointStrategy>(
    input: FloatTensor<Autodiff<B, C>>,
    op: ScalarOp<B>,
) -> FloatTensor<Autodiff<B, C>> {
    let retro = RetroScalarOp {
        op: op.clone(),
        input: input.id(),
    };
    let (forward, args) = (op.forward, op.args);

    match op
        .prepare::<C>([input.node()])
        .memory_bound()
        .retro_forward(retro)
        .parents([&input])
        .stateful()
    {
        OpsKind::Tracked(mut prep) => {
            let state = prep.checkpoint(&input);
            prep.finish(state, forward(input.into_primitive(), args))
        }
        OpsKind::UnTracked(prep) => prep.finish(forward(input.into_primitive(), args)),
    }
}

/// The axis a parameter tensor broadcasts along (`channel_axis` for PReLU, unused by Swish).
type Axis = usize;
type ParamForward<B> = fn(FloatTensor<B>, FloatTensor<B>, Axis) -> FloatTensor<B>;
type ParamGradient<B> = fn(FloatTensor<B>, FloatTensor<B>, FloatTensor<B>, Axis) -> FloatTensor<B>;

/// A two-input op, an activation input and its learnable parameter: forward, input gradient
/// and parameter gradient.
struct ParamOp<B: Backend> {
    forward: ParamForward<B>,
    input_backward: ParamGradient<B>,
    param_backward: ParamGradient<B>,
    axis: Axis,
}

impl<B: Backend> Clone for ParamOp<B> {
    fn clone(&self) -> Self {
        Self { ..*self }
    }
}

impl<B: Backend> fmt::Debug for ParamOp<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParamOp").field("axis", &self.axis).finish()
    }
}

/// Recomputes a [`ParamOp`]'s output from its checkpointed input and parameter.
#[derive(Debug)]
struct RetroParamOp<B: Backend> {
    op: ParamOp<B>,
    input: NodeId,
    param: NodeId,
}

impl<B: Backend> RetroForward for RetroParamOp<B> {
    fn forward(&self, states: &mut BackwardStates, out_node: NodeId) {
        let input = states.get_state::<FloatTensor<B>>(&self.input);
        let param = states.get_state::<FloatTensor<B>>(&self.param);
        states.save(out_node, (self.op.forward)(input, param, self.op.axis));
    }
}

impl<B: Backend> Backward<B, 2> for ParamOp<B> {
    type State = (NodeId, NodeId);

    fn backward(
        self,
        ops: Ops<(NodeId, NodeId), 2>,
        grads: &mut Gradients,
        checkpointer: &mut Checkpointer,
    ) {
        let (input, param) = ops.state;
        let input: FloatTensor<B> = checkpointer.retrieve_node_output(input);
        let param: FloatTensor<B> = checkpointer.retrieve_node_output(param);
        let grad = grads.consume::<B>(&ops.node);
        let [input_node, param_node] = ops.parents;

        // The parameter's gradient first: a reduction that only reads `grad` and lets go of
        // it, so that the input's gradient can then be written over `grad` in place.
        if let Some(node) = param_node {
            let (input, param, grad) = (input.clone(), param.clone(), grad.clone());
            let param_grad = (self.param_backward)(input, param, grad, self.axis);
            grads.register::<B>(node.id, param_grad);
        }
        if let Some(node) = input_node {
            let input_grad = (self.input_backward)(input, param, grad, self.axis);
            grads.register::<B>(node.id, input_grad);
        }
    }
}

fn apply_param_op<B: Backend, C: CheckpointStrategy>(
    input: FloatTensor<Autodiff<B, C>>,
    param: FloatTensor<Autodiff<B, C>>,
    op: ParamOp<B>,
) -> FloatTensor<Autodiff<B, C>> {
    let retro = RetroParamOp {
        op: op.clone(),
        input: input.id(),
        param: param.id(),
    };
    let (forward, axis) = (op.forward, op.axis);

    match op
        .prepare::<C>([input.node(), param.node()])
        .memory_bound()
        .retro_forward(retro)
        .parents([&input, &param])
        .stateful()
    {
        OpsKind::Tracked(mut prep) => {
            let state = (prep.checkpoint(&input), prep.checkpoint(&param));
            let output = forward(input.into_primitive(), param.into_primitive(), axis);
            prep.finish(state, output)
        }
        OpsKind::UnTracked(prep) => prep.finish(forward(
            input.into_primitive(),
            param.into_primitive(),
            axis,
        )),
    }
}

impl<B: Backend + ActivationExtOps, C: CheckpointStrategy> ActivationExtOps for Autodiff<B, C> {
    fn capped_leaky_relu(
        input: FloatTensor<Self>,
        negative_slope: f64,
        cap: f64,
    ) -> FloatTensor<Self> {
        let op = ScalarOp::<B> {
            forward: |x, [slope, cap]| <B as ActivationExtOps>::capped_leaky_relu(x, slope, cap),
            backward: |x, grad, [slope, cap]| {
                <B as ActivationExtOps>::capped_leaky_relu_backward(x, grad, slope, cap)
            },
            args: [negative_slope, cap],
        };
        apply_scalar_op::<B, C>(input, op)
    }

    fn hard_sigmoid(input: FloatTensor<Self>, alpha: f64, beta: f64) -> FloatTensor<Self> {
        let op = ScalarOp::<B> {
            forward: |x, [alpha, beta]| <B as ActivationExtOps>::hard_sigmoid(x, alpha, beta),
            backward: |x, grad, [alpha, beta]| {
                <B as ActivationExtOps>::hard_sigmoid_backward(x, grad, alpha, beta)
            },
            args: [alpha, beta],
        };
        apply_scalar_op::<B, C>(input, op)
    }

    fn hard_swish(input: FloatTensor<Self>) -> FloatTensor<Self> {
        let op = ScalarOp::<B> {
            forward: |x, _| <B as ActivationExtOps>::hard_swish(x),
            backward: |x, grad, _| <B as ActivationExtOps>::hard_swish_backward(x, grad),
            args: [0.0; 2],
        };
        apply_scalar_op::<B, C>(input, op)
    }

    fn prelu(
        input: FloatTensor<Self>,
        alpha: FloatTensor<Self>,
        channel_axis: usize,
    ) -> FloatTensor<Self> {
        let op = ParamOp::<B> {
            forward: <B as ActivationExtOps>::prelu,
            input_backward: <B as ActivationExtOps>::prelu_backward,
            param_backward: <B as ActivationExtOps>::prelu_alpha_backward,
            axis: channel_axis,
        };
        apply_param_op::<B, C>(input, alpha, op)
    }

    fn swish(input: FloatTensor<Self>, beta: FloatTensor<Self>) -> FloatTensor<Self> {
        let op = ParamOp::<B> {
            forward: |x, beta, _| <B as ActivationExtOps>::swish(x, beta),
            input_backward: |x, beta, grad, _| {
                <B as ActivationExtOps>::swish_backward(x, beta, grad)
            },
            param_backward: |x, beta, grad, _| {
                <B as ActivationExtOps>::swish_beta_backward(x, beta, grad)
            },
            axis: 0,
        };
        apply_param_op::<B, C>(input, beta, op)
    }
}
