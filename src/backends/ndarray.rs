//! NdArray, the older CPU backend: the CPU kernels on `f32` and `f64`, the composite on other
//! dtypes (see [`super::cpu`]).

#![allow(deprecated)] // NdArray is deprecated upstream; supported here until Burn drops it.

use burn::backend::TensorMetadata;
use burn::backend::ndarray::{NdArray, NdArrayTensor, SharedArray};
use ndarray::{ArcArray, IxDyn};

use super::cpu::{CpuFloat, cpu_activation_ops};
use crate::kernels::cpu::Real;

/// An element type the CPU kernels run on, with its NdArray tensor variant.
trait Float: Real {
    fn array(tensor: NdArrayTensor) -> SharedArray<Self>;
    fn tensor(array: SharedArray<Self>) -> NdArrayTensor;
}

impl Float for f32 {
    fn array(tensor: NdArrayTensor) -> SharedArray<Self> {
        match tensor {
            NdArrayTensor::F32(storage) => storage.into_shared(),
            other => panic!("expected a float32 tensor, got {:?}", other.dtype()),
        }
    }

    fn tensor(array: SharedArray<Self>) -> NdArrayTensor {
        array.into()
    }
}

impl Float for f64 {
    fn array(tensor: NdArrayTensor) -> SharedArray<Self> {
        match tensor {
            NdArrayTensor::F64(storage) => storage.into_shared(),
            other => panic!("expected a float64 tensor, got {:?}", other.dtype()),
        }
    }

    fn tensor(array: SharedArray<Self>) -> NdArrayTensor {
        array.into()
    }
}

impl<E: Float> CpuFloat<NdArray> for E {
    type Buffer = SharedArray<E>;

    fn buffer(tensor: NdArrayTensor) -> SharedArray<E> {
        let array = E::array(tensor);
        if array.is_standard_layout() {
            array
        } else {
            array.as_standard_layout().into_owned().into_shared()
        }
    }

    fn elements(buffer: &SharedArray<E>) -> &[E] {
        buffer.as_slice().expect("a row-major array")
    }

    fn exclusive(buffer: &mut SharedArray<E>) -> Option<&mut [E]> {
        if buffer.is_unique() {
            Some(buffer.as_slice_mut().expect("a row-major array"))
        } else {
            None
        }
    }

    fn shape(buffer: &SharedArray<E>) -> &[usize] {
        buffer.shape()
    }

    fn tensor(buffer: SharedArray<E>) -> NdArrayTensor {
        <E as Float>::tensor(buffer)
    }

    fn from_vec(values: Vec<E>, shape: &[usize]) -> NdArrayTensor {
        let array = ArcArray::from_shape_vec(IxDyn(shape), values).expect("the input's shape");
        <E as Float>::tensor(array)
    }
}

cpu_activation_ops!(NdArray);
