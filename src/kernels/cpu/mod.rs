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

/// How a loop is split across threads: not below `min` elements, then in tasks of `chunk`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Split {
    min: usize,
    chunk: usize,
}

/// For the ops that cost a few instructions per element, where memory decides. Below 2^21
/// elements (8 MiB of `f32`) the loop runs on the calling thread. Measured on 2 cores: while
/// the data fits the caches one vectorized core runs at cache speed, and splitting it moves
/// cache lines between cores (2^20 elements in place took 1.6x as long on two threads as on
/// one); beyond it, more cores draw more memory bandwidth. Debug builds split from two
/// chunks on, so that the tests reach the threaded paths at small sizes.
pub(crate) const MEMORY_BOUND: Split = Split {
    min: if cfg!(debug_assertions) {
        1 << 17
    } else {
        1 << 21
    },
    chunk: 1 << 16,
};

/// For the ops that cost tens of instructions per element (an exponential, a division), where
/// the arithmetic decides: split from 2^14 elements on (a few microseconds of work per task).
pub(crate) const COMPUTE_BOUND: Split = Split {
    min: 1 << 14,
    chunk: 1 << 13,
};

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
    /// `e^self`, in a form the compiler vectorizes (see [`exp_f32`] for `f32`).
    fn exp(self) -> Self;
    fn abs(self) -> Self;
}

macro_rules! impl_real {
    ($($ty:ty => $exp:expr),*) => {$(
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
                $exp(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$ty>::abs(self)
            }
        }
    )*};
}

impl_real!(f32 => exp_f32, f64 => f64::exp);

/// `e^x` for `f32` without a library call, so that loops calling it vectorize: `x = n ln 2 +
/// r` with `|r| <= ln 2 / 2`, `e^r` by its Taylor polynomial of degree 7 (truncation below
/// 1e-8 relative), and `2^n` built in the exponent bits. Within 2 ULP of the correctly rounded
/// value on the normal range, gradual underflow to the subnormals below it (one rounding, so
/// within one subnormal step), 0 from `x < -104` where `e^x` rounds to 0, `inf` where it
/// overflows, NaN for NaN.
#[inline(always)]
pub(crate) fn exp_f32(x: f32) -> f32 {
    const LOG2_E: f32 = core::f32::consts::LOG2_E;
    // ln 2 split so that `n * LN2_HIGH` is exact for the `n` that occur.
    const LN2_HIGH: f32 = 0.693_359_4;
    const LN2_LOW: f32 = -2.121_944_4e-4;
    const MIN: f32 = -104.0;
    const MAX: f32 = 89.0;
    // Adding 1.5 * 2^23 rounds to an integer, held in the low bits of the sum: no library
    // call (`f32::round` is one on x86-64 without SSE4.1) and no float-to-int conversion.
    const ROUND: f32 = 12_582_912.0;

    // Comparisons rather than `clamp`, so that NaN passes through to the polynomial.
    let clamped = select(x < MIN, MIN, x);
    let clamped = select(clamped > MAX, MAX, clamped);
    let shifted = clamped * LOG2_E + ROUND;
    let n = shifted - ROUND;
    let r = clamped - n * LN2_HIGH - n * LN2_LOW;
    // Horner's scheme for the Taylor polynomial 1 + r + r^2/2 + ... + r^7/5040.
    let p = (1.0 / 5040.0) * r + 1.0 / 720.0;
    let p = p * r + 1.0 / 120.0;
    let p = p * r + 1.0 / 24.0;
    let p = p * r + 1.0 / 6.0;
    let p = p * r + 0.5;
    let p = p * r + 1.0;
    let p = p * r + 1.0;
    // 2^n as two normal powers of two, so that n = 128 (x near ln f32::MAX) and n = -150
    // (x near -104) both stay representable; the product overflows to inf only where e^x
    // does, and the last multiply rounds into the subnormals once, where e^x is subnormal.
    let n = shifted.to_bits() as i32 - ROUND.to_bits() as i32;
    let half = n >> 1;
    let power = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    let value = p * power(half) * power(n - half);
    // NaN fails both comparisons and keeps the polynomial's NaN.
    let value = select(x < MIN, 0.0, value);
    select(x > MAX, f32::INFINITY, value)
}

/// An activation applied element by element, with its gradient, its constants already in the
/// element type `E` so that the loops keep them in registers.
pub(crate) trait Elementwise<E: Real>: Copy + Send + Sync {
    /// How loops over this op split across threads.
    const SPLIT: Split = MEMORY_BOUND;

    /// The activation at `x`.
    fn value(self, x: E) -> E;
    /// The upstream gradient `grad` times the derivative at `x`.
    fn gradient(self, x: E, grad: E) -> E;
}

/// `if condition { a } else { b }` for values already computed: both arms are evaluated, so
/// the compiler emits a vector blend rather than a branch.
#[inline(always)]
pub(crate) fn select<E: Real>(condition: bool, a: E, b: E) -> E {
    if condition { a } else { b }
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

/// Runs `body` compiled for the widest vectors the processor has (AVX-512, else AVX2), so that
/// the loops, written once for the baseline target, get wide vectors and blends on most x86-64
/// machines without requiring them of every build. Elsewhere `body` runs as compiled.
#[inline(always)]
fn vectorized<R>(body: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the processor supports AVX-512F, as checked just above.
            return unsafe { with_avx512(body) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2, as checked just above.
            return unsafe { with_avx2(body) };
        }
    }
    body()
}

/// `body()`, compiled with AVX-512F enabled (it is inlined here).
///
/// # Safety
///
/// The processor must support AVX-512F.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn with_avx512<R>(body: impl FnOnce() -> R) -> R {
    body()
}

/// `body()`, compiled with AVX2 enabled (it is inlined here).
///
/// # Safety
///
/// The processor must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn with_avx2<R>(body: impl FnOnce() -> R) -> R {
    body()
}

/// Runs `body(offset, chunk)` over `data` in chunks, on several threads when it is large.
fn for_chunks<T: Send>(data: &mut [T], split: Split, body: impl Fn(usize, &mut [T]) + Sync + Send) {
    if data.len() < split.min {
        vectorized(|| body(0, data));
    } else {
        data.par_chunks_mut(split.chunk)
            .enumerate()
            .for_each(|(index, chunk)| vectorized(|| body(index * split.chunk, chunk)));
    }
}

/// A vector of `len` elements, each written once by `fill(offset, chunk)`.
fn filled<E: Real>(
    len: usize,
    split: Split,
    fill: impl Fn(usize, &mut [MaybeUninit<E>]) + Sync + Send,
) -> Vec<E> {
    let mut output = Vec::with_capacity(len);
    for_chunks(&mut output.spare_capacity_mut()[..len], split, fill);
    // SAFETY: `for_chunks` hands every element of the spare capacity to `fill`, which writes
    // each one (the callers below write `chunk[i]` for every `i`).
    unsafe { output.set_len(len) };
    output
}

/// `op.value` of every element, into a new vector.
pub(crate) fn map<E: Real, O: Elementwise<E>>(input: &[E], op: O) -> Vec<E> {
    filled(input.len(), O::SPLIT, |offset, chunk| {
        let source = &input[offset..offset + chunk.len()];
        for (out, &x) in chunk.iter_mut().zip(source) {
            out.write(op.value(x));
        }
    })
}

/// `op.value` of every element, in place.
pub(crate) fn map_in_place<E: Real, O: Elementwise<E>>(data: &mut [E], op: O) {
    for_chunks(data, O::SPLIT, |_, chunk| {
        for x in chunk.iter_mut() {
            *x = op.value(*x);
        }
    });
}

/// `op.gradient` of every input and upstream gradient, into a new vector.
pub(crate) fn gradient<E: Real, O: Elementwise<E>>(input: &[E], grad: &[E], op: O) -> Vec<E> {
    filled(input.len(), O::SPLIT, |offset, chunk| {
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
pub(crate) fn gradient_in_place<E: Real, O: Elementwise<E>>(input: &[E], grad: &mut [E], op: O) {
    for_chunks(grad, O::SPLIT, |offset, chunk| {
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
    split: Split,
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
        (split.chunk / channels).max(1) * channels
    } else {
        split.chunk
    };
    if len < split.min {
        return vectorized(|| partial(0..len));
    }
    (0..len.div_ceil(task_len))
        .into_par_iter()
        .map(|task| vectorized(|| partial(task * task_len..((task + 1) * task_len).min(len))))
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
    filled(input.len(), MEMORY_BOUND, |offset, chunk| {
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
    for_chunks(data, MEMORY_BOUND, |offset, chunk| {
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
    filled(input.len(), MEMORY_BOUND, |offset, chunk| {
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
    for_chunks(grad, MEMORY_BOUND, |offset, chunk| {
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

#[cfg(test)]
mod tests {
    use super::exp_f32;

    /// Distance in units in the last place between two finite `f32` of the same sign.
    fn ulps(a: f32, b: f32) -> u32 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn exp_f32_is_within_two_ulps_on_the_normal_range() {
        let mut x = -87.0f32;
        while x < 88.5 {
            let exact = (x as f64).exp() as f32;
            assert!(
                ulps(exp_f32(x), exact) <= 2,
                "exp({x}) = {}, not {exact}",
                exp_f32(x)
            );
            x += 0.0137;
        }
    }

    #[test]
    fn exp_f32_underflows_gradually() {
        let mut x = -87.5f32;
        while x > -103.9 {
            let exact = (x as f64).exp();
            let step = f32::from_bits(1) as f64;
            let error = (exp_f32(x) as f64 - exact).abs();
            assert!(
                error <= step + exact * 1e-6,
                "exp({x}) = {:e}, not {exact:e}",
                exp_f32(x)
            );
            x -= 0.0137;
        }
        assert!(exp_f32(-100.0) > 0.0);
    }

    #[test]
    fn exp_f32_limits() {
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(-105.0), 0.0);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(100.0), f32::INFINITY);
        assert!(exp_f32(f32::NAN).is_nan());
    }
}
