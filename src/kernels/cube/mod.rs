//! CubeCL kernels for every CubeCL runtime (wgpu, CUDA, Metal, Vulkan).
//!
//! Each activation is one elementwise kernel for its value and one for its input gradient,
//! reading vectors of the largest width the layouts allow through linear views, so strided and
//! permuted inputs are read in place, without a copy. The hyperparameters are runtime launch
//! arguments: a new slope or cap reuses the compiled kernel. The parameter gradients of PReLU
//! and Swish are sums, computed by the two-pass reduction in [`sum`].
//!
//! The kernels take every float dtype (f64, f32, flex32, f16, bf16) that the runtime has;
//! [`float_elem`] names them, and anything else (quantized tensors) stays on the composite.

pub(crate) mod capped_leaky_relu;
pub(crate) mod hard_sigmoid;
pub(crate) mod hard_swish;
pub(crate) mod prelu;
mod sum;
pub(crate) mod swish;

// The tests reach the kernels through the unfused wgpu device.
#[cfg(all(test, feature = "wgpu", not(feature = "fusion")))]
mod tests;

use burn::tensor::DType;
use burn_cubecl::{
    cubecl::{
        CubeCount, CubeDim, calculate_cube_count_elemwise,
        client::Client,
        ir::{AddressType, ElemType, FloatKind},
        std::tensor::layout::linear::LinearViewLaunch,
        tensor_vector_size_parallel,
    },
    ops::numeric::empty_device_contiguous_dtype,
    tensor::CubeTensor,
};

/// The kernel element type of a float dtype; `None` for the dtypes the kernels do not take.
pub(crate) fn float_elem(dtype: DType) -> Option<ElemType> {
    let kind = match dtype {
        DType::F64 => FloatKind::F64,
        DType::F32 => FloatKind::F32,
        DType::Flex32 => FloatKind::Flex32,
        DType::F16 => FloatKind::F16,
        DType::BF16 => FloatKind::BF16,
        _ => return None,
    };
    Some(ElemType::Float(kind))
}

/// Whether the kernels take these tensors: one float dtype, none of them quantized.
pub(crate) fn supported(tensors: &[&CubeTensor]) -> bool {
    let dtype = tensors[0].dtype;
    float_elem(dtype).is_some()
        && tensors
            .iter()
            .all(|tensor| tensor.dtype == dtype && tensor.qparams.is_none())
}

/// The widest vector every tensor can be read with along its last axis.
fn vector_size(tensors: &[&CubeTensor]) -> usize {
    tensors
        .iter()
        .map(|tensor| {
            let rank = tensor.meta.num_dims();
            if rank == 0 {
                return 1;
            }
            tensor_vector_size_parallel(
                tensor.client.io_optimized_vector_sizes(tensor.dtype.size()),
                tensor.meta.shape(),
                tensor.meta.strides(),
                rank - 1,
            )
        })
        .min()
        .unwrap_or(1)
}

/// The narrowest address type that indexes every tensor.
fn address_type(tensors: &[&CubeTensor]) -> AddressType {
    tensors
        .iter()
        .map(|tensor| tensor.required_address_type())
        .max()
        .unwrap_or_default()
}

/// A new contiguous tensor of `shape` and `dtype` on the device of `like`.
fn empty_like(like: &CubeTensor, shape: burn::tensor::Shape, dtype: DType) -> CubeTensor {
    empty_device_contiguous_dtype(like.client.clone(), like.device.clone(), shape, dtype)
}

/// Everything an elementwise launch needs besides its tensors.
pub(crate) struct Elementwise {
    pub client: Client,
    pub cube_count: CubeCount,
    pub cube_dim: CubeDim,
    pub address_type: AddressType,
    pub vector_size: usize,
    pub elem: ElemType,
}

impl Elementwise {
    /// One unit per vector of `vector_size` elements of `tensors[0]`, which all share a shape.
    fn new(tensors: &[&CubeTensor], output: &CubeTensor, vector_size: usize) -> Self {
        let client = tensors[0].client.clone();
        let units = tensors[0].meta.num_elements() / vector_size;
        let cube_dim = CubeDim::new(&client, units);
        let cube_count = calculate_cube_count_elemwise(&client, units, cube_dim);
        let mut all = tensors.to_vec();
        all.push(output);
        Self {
            cube_count,
            cube_dim,
            address_type: address_type(&all),
            vector_size,
            elem: float_elem(tensors[0].dtype).expect("a float dtype the kernels take"),
            client,
        }
    }
}

/// Launches a kernel reading `input` and writing a tensor of its shape, in place when nothing
/// else holds `input` and no two of its elements share memory.
///
/// `launch` gets the layout, the input view and the output view, in that kernel argument order.
pub(crate) fn map(
    input: CubeTensor,
    launch: impl FnOnce(&Elementwise, LinearViewLaunch, LinearViewLaunch),
) -> CubeTensor {
    if input.meta.num_elements() == 0 {
        return input;
    }
    let vector_size = vector_size(&[&input]);

    if input.can_mut() && input.is_nonoverlapping() {
        let layout = Elementwise::new(&[&input], &input, vector_size);
        launch(
            &layout,
            input.clone().into_linear_view(),
            input.as_linear_view_alias(0),
        );
        return input;
    }

    let output = empty_like(&input, input.meta.shape().clone(), input.dtype);
    let layout = Elementwise::new(&[&input], &output, vector_size);
    launch(
        &layout,
        input.into_linear_view(),
        output.clone().into_linear_view(),
    );
    output
}

/// Launches a kernel reading `input` and `grad` (one shape) and writing a tensor of that shape,
/// into the buffer of `grad` when nothing else holds it and no two of its elements share memory.
///
/// `launch` gets the layout and the input, gradient and output views, in that kernel argument
/// order.
pub(crate) fn map_with_grad(
    input: CubeTensor,
    grad: CubeTensor,
    launch: impl FnOnce(&Elementwise, LinearViewLaunch, LinearViewLaunch, LinearViewLaunch),
) -> CubeTensor {
    if grad.meta.num_elements() == 0 {
        return grad;
    }
    let vector_size = vector_size(&[&input, &grad]);

    if grad.can_mut() && grad.is_nonoverlapping() {
        let layout = Elementwise::new(&[&input, &grad], &grad, vector_size);
        launch(
            &layout,
            input.into_linear_view(),
            grad.clone().into_linear_view(),
            grad.as_linear_view_alias(1),
        );
        return grad;
    }

    let output = empty_like(&grad, grad.meta.shape().clone(), grad.dtype);
    let layout = Elementwise::new(&[&input, &grad], &output, vector_size);
    launch(
        &layout,
        input.into_linear_view(),
        grad.into_linear_view(),
        output.clone().into_linear_view(),
    );
    output
}
