//! CPU kernels over contiguous slices: one pass over memory, vectorizable loops, split across
//! threads for large tensors.
//!
//! Each activation is a small struct whose `value` and `gradient` methods are the scalar
//! formulas, written with selects the compiler turns into vector blends, and generic over
//! [`Real`] (`f32`, `f64`). The loops here apply them to whole slices; the backends adapt
//! their tensors to slices.

mod capped_leaky_relu;
mod hard_sigmoid;
mod hard_swish;
mod prelu;
mod swish;

use core::mem::MaybeUninit;
use core::ops::Range;
use core::ops::{Add, Div, Mul, Neg, Sub};

use rayon::prelude::*;

pub(crate) use capped_leaky_relu::CappedLeakyRelu;
pub(crate) use hard_sigmoid::HardSigmoid;
pub(crate) use hard_swish::HardSwish;
pub(crate) use prelu::PRelu;
pub(crate) use swish::Swish;

/// Elements per task: large enough to amortize scheduling, small enough to balance two to
/// a few dozen cores.
const CHUNK: usize = 1 << 15;

/// The float types the CPU kernels are written for.
pub(crate) trait Real:
    Copy
    + Send
    + Sync
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + 'static
{
    const ZERO: Self;
    const ONE: Self;
    fn of(value: f64) -> Self;
    fn to_f64(self) -> f64;
    fn exp(self) -> Self;
    fn abs(self) -> Self;
    fn is_nan(self) -> bool;
}

macro_rules! impl_real {
    ($($ty:ty),*) => {$(
        impl Real for $ty {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline(always)]
            fn of(value: f64) -> Self {
                value as $ty
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn exp(self) -> Self {
                <$ty>::exp(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$ty>::abs(self)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                <$ty>::is_nan(self)
            }
        }
    )*};
}

impl_real!(f32, f64);

/// An activation applied element by element, with its gradient.
pub(crate) trait Elementwise: Sync {
    /// The activation at `x`.
    fn value<E: Real>(&self, x: E) -> E;
    /// The upstream gradient `grad` times the derivative at `x`.
    fn gradient<E: Real>(&self, x: E, grad: E) -> E;
}

/// How a per-channel parameter indexes a contiguous tensor: `[outer, channels, inner]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Channels {
    pub channels: usize,
    pub inner: usize,
}

impl Channels {
    /// The split of `shape` around `axis` for `len` parameters; one parameter is one channel
    /// spanning every element.
    pub(crate) fn new(shape: &[usize], axis: usize, len: usize) -> Self {
        if len == 1 {
            return Self {
                channels: 1,
                inner: shape.iter().product(),
            };
        }
        Self {
            channels: shape[axis],
            inner: shape[axis + 1..].iter().product(),
        }
    }
}

/// Runs `body(offset, chunk)` over `data` in chunks, on several threads when it is large.
fn for_chunks<T: Send>(data: &mut [T], body: impl Fn(usize, &mut [T]) + Sync + Send) {
    if data.len() <= CHUNK {
        body(0, data);
    } else {
        data.par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(index, chunk)| body(index * CHUNK, chunk));
    }
}

/// A vector of `len` elements, each written once by `fill(offset, chunk)`.
fn filled<E: Real>(
    len: usize,
    fill: impl Fn(usize, &mut [MaybeUninit<E>]) + Sync + Send,
) -> Vec<E> {
    let mut output = Vec::with_capacity(len);
    for_chunks(&mut output.spare_capacity_mut()[..len], fill);
    // SAFETY: `for_chunks` hands every element of the spare capacity to `fill`, which writes
    // each one (the callers below write `chunk[i]` for every `i`).
    unsafe { output.set_len(len) };
    output
}

/// `op.value` of every element, into a new vector.
pub(crate) fn map<E: Real>(input: &[E], op: &impl Elementwise) -> Vec<E> {
    filled(input.len(), |offset, chunk| {
        let source = &input[offset..offset + chunk.len()];
        for (out, &x) in chunk.iter_mut().zip(source) {
            out.write(op.value(x));
        }
    })
}

/// `op.value` of every element, in place.
pub(crate) fn map_in_place<E: Real>(data: &mut [E], op: &impl Elementwise) {
    for_chunks(data, |_, chunk| {
        for x in chunk.iter_mut() {
            *x = op.value(*x);
        }
    });
}

/// `op.gradient` of every input and upstream gradient, into a new vector.
pub(crate) fn gradient<E: Real>(input: &[E], grad: &[E], op: &impl Elementwise) -> Vec<E> {
    filled(input.len(), |offset, chunk| {
        let range = offset..offset + chunk.len();
        for ((out, &x), &g) in chunk
            .iter_mut()
            .zip(&input[range.clone()])
            .zip(&grad[range])
        {
            out.write(op.gradient(x, g));
        }
    })
}

/// `op.gradient` of every input and upstream gradient, written over the upstream gradient.
pub(crate) fn gradient_in_place<E: Real>(input: &[E], grad: &mut [E], op: &impl Elementwise) {
    for_chunks(grad, |offset, chunk| {
        let source = &input[offset..offset + chunk.len()];
        for (g, &x) in chunk.iter_mut().zip(source) {
            *g = op.gradient(x, *g);
        }
    });
}

/// For each channel, the sum of `term(x, grad)` over its elements: one pass, partial sums per
/// task, added at the end.
pub(crate) fn channel_sums<E: Real>(
    input: &[E],
    grad: &[E],
    channels: Channels,
    term: impl Fn(E, E) -> E + Sync,
) -> Vec<E> {
    let Channels { channels, inner } = channels;
    let len = input.len();
    if len == 0 {
        return vec![E::ZERO; channels];
    }
    let partial = |range: Range<usize>| {
        let mut sums = vec![E::ZERO; channels];
        if inner == 1 {
            // Channels last: each row holds every channel once.
            let rows = input[range.clone()].chunks_exact(channels);
            for (xs, gs) in rows.zip(grad[range].chunks_exact(channels)) {
                for ((sum, &x), &g) in sums.iter_mut().zip(xs).zip(gs) {
                    *sum = *sum + term(x, g);
                }
            }
        } else {
            // Runs of `inner` elements share a channel.
            let mut start = range.start;
            while start < range.end {
                let end = ((start / inner + 1) * inner).min(range.end);
                let channel = (start / inner) % channels;
                let run = sum_terms(&input[start..end], &grad[start..end], &term);
                sums[channel] = sums[channel] + run;
                start = end;
            }
        }
        sums
    };

    // Tasks hold whole rows when channels are last, so that rows never straddle two tasks.
    let task_len = if inner == 1 {
        (CHUNK / channels).max(1) * channels
    } else {
        CHUNK
    };
    if len <= task_len {
        return partial(0..len);
    }
    (0..len.div_ceil(task_len))
        .into_par_iter()
        .map(|task| partial(task * task_len..((task + 1) * task_len).min(len)))
        .reduce(
            || vec![E::ZERO; channels],
            |mut a, b| {
                for (a, b) in a.iter_mut().zip(b) {
                    *a = *a + b;
                }
                a
            },
        )
}

/// The sum of `term(x, g)` over two slices, with eight accumulators so that the loop
/// vectorizes.
fn sum_terms<E: Real>(input: &[E], grad: &[E], term: &impl Fn(E, E) -> E) -> E {
    const LANES: usize = 8;
    let mut lanes = [E::ZERO; LANES];
    let inputs = input.chunks_exact(LANES);
    let grads = grad.chunks_exact(LANES);
    let (input_rest, grad_rest) = (inputs.remainder(), grads.remainder());
    for (xs, gs) in inputs.zip(grads) {
        for lane in 0..LANES {
            lanes[lane] = lanes[lane] + term(xs[lane], gs[lane]);
        }
    }
    let mut sum = lanes.iter().fold(E::ZERO, |sum, &lane| sum + lane);
    for (&x, &g) in input_rest.iter().zip(grad_rest) {
        sum = sum + term(x, g);
    }
    sum
}

/// Calls `body(local_range, channel)` for the runs of one channel within the elements
/// `offset..offset + len` of a `[outer, channels, inner]` tensor.
fn for_channel_runs(
    offset: usize,
    len: usize,
    channels: Channels,
    mut body: impl FnMut(Range<usize>, usize),
) {
    let Channels { channels, inner } = channels;
    let mut start = offset;
    let end = offset + len;
    while start < end {
        let run_end = ((start / inner + 1) * inner).min(end);
        body(start - offset..run_end - offset, (start / inner) % channels);
        start = run_end;
    }
}

/// `f(x, params[channel])` of every element, into a new vector.
pub(crate) fn map_channels<E: Real>(
    input: &[E],
    params: &[E],
    channels: Channels,
    f: impl Fn(E, E) -> E + Sync,
) -> Vec<E> {
    filled(input.len(), |offset, chunk| {
        let source = &input[offset..offset + chunk.len()];
        for_channel_runs(offset, chunk.len(), channels, |range, channel| {
            let param = params[channel];
            for (out, &x) in chunk[range.clone()].iter_mut().zip(&source[range]) {
                out.write(f(x, param));
            }
        });
    })
}

/// `f(x, params[channel])` of every element, in place.
pub(crate) fn map_channels_in_place<E: Real>(
    data: &mut [E],
    params: &[E],
    channels: Channels,
    f: impl Fn(E, E) -> E + Sync,
) {
    for_chunks(data, |offset, chunk| {
        let len = chunk.len();
        for_channel_runs(offset, len, channels, |range, channel| {
            let param = params[channel];
            for x in chunk[range].iter_mut() {
                *x = f(*x, param);
            }
        });
    });
}

/// `f(x, grad, params[channel])` of every element, into a new vector.
pub(crate) fn gradient_channels<E: Real>(
    input: &[E],
    grad: &[E],
    params: &[E],
    channels: Channels,
    f: impl Fn(E, E, E) -> E + Sync,
) -> Vec<E> {
    filled(input.len(), |offset, chunk| {
        let range = offset..offset + chunk.len();
        let (input, grad) = (&input[range.clone()], &grad[range]);
        for_channel_runs(offset, chunk.len(), channels, |range, channel| {
            let param = params[channel];
            let sources = input[range.clone()].iter().zip(&grad[range.clone()]);
            for (out, (&x, &g)) in chunk[range].iter_mut().zip(sources) {
                out.write(f(x, g, param));
            }
        });
    })
}

/// `f(x, grad, params[channel])` of every element, written over the upstream gradient.
pub(crate) fn gradient_channels_in_place<E: Real>(
    input: &[E],
    grad: &mut [E],
    params: &[E],
    channels: Channels,
    f: impl Fn(E, E, E) -> E + Sync,
) {
    for_chunks(grad, |offset, chunk| {
        let len = chunk.len();
        let input = &input[offset..offset + len];
        for_channel_runs(offset, len, channels, |range, channel| {
            let param = params[channel];
            for (g, &x) in chunk[range.clone()].iter_mut().zip(&input[range]) {
                *g = f(x, *g, param);
            }
        });
    });
}
