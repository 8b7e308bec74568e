//! Flex, Burn's pure-Rust CPU backend: the CPU kernels on `f32` and `f64`, the composite on
//! other dtypes (see [`super::cpu`]).

use burn::backend::Element;
use burn::backend::flex::{Flex, FlexTensor, Layout};
use burn::tensor::{Bytes, Shape};

use super::cpu::{CpuFloat, cpu_activation_ops};

/// An element type the CPU kernels run on, as Flex stores it.
trait Float: crate::kernels::cpu::Real + Element + bytemuck::Pod {}
impl Float for f32 {}
impl Float for f64 {}

impl<E: Float> CpuFloat<Flex> for E {
    type Buffer = FlexTensor;

    fn buffer(tensor: FlexTensor) -> FlexTensor {
        if tensor.is_contiguous() {
            tensor
        } else {
            tensor.to_contiguous()
        }
    }

    fn elements(buffer: &FlexTensor) -> &[E] {
        buffer.as_slice::<E>().expect("a contiguous tensor")
    }

    /// The elements, when the tensor owns them alone from offset 0.
    fn exclusive(buffer: &mut FlexTensor) -> Option<&mut [E]> {
        let len = buffer.layout().num_elements();
        match buffer.layout().contiguous_offsets() {
            Some((0, _)) => buffer
                .try_storage_mut::<E>()
                .map(|storage| &mut storage[..len]),
            _ => None,
        }
    }

    fn shape(buffer: &FlexTensor) -> &[usize] {
        buffer.layout().shape()
    }

    fn tensor(buffer: FlexTensor) -> FlexTensor {
        buffer
    }

    fn from_vec(values: Vec<E>, shape: &[usize]) -> FlexTensor {
        let layout = Layout::contiguous(Shape::from(shape.iter().copied()));
        FlexTensor::new(Bytes::from_elems(values), layout, E::dtype())
    }
}

cpu_activation_ops!(Flex);
