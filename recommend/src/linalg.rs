//! Small dense kernels shared by the models. Written as independent lanes so the compiler
//! vectorises them without fast-math.

use crate::dataset::Interactions;

const LANES: usize = 8;

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ca, ra) = a.as_chunks::<LANES>();
    let (cb, rb) = b.as_chunks::<LANES>();
    for (x, y) in ca.iter().zip(cb) {
        for l in 0..LANES {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

/// `y += a * x`
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

/// Row `i` of the item-item co-occurrence matrix `XᵀX` (weights multiplied) into `row`, which
/// must be zeroed. Summed over all rows this costs the sum of squared history lengths, far below
/// a dense product on sparse data.
pub fn gram_row(data: &Interactions, i: u32, row: &mut [f32]) {
    for uw in data.item_users(i) {
        for e in data.history(uw.user) {
            row[e.item as usize] += uw.weight * e.weight;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_axpy_cover_the_tail() {
        let a: Vec<f32> = (0..19).map(|i| i as f32).collect();
        let b = vec![2.0f32; 19];
        assert_eq!(dot(&a, &b), 2.0 * (0..19).sum::<i32>() as f32);
        let mut y = vec![1.0f32; 19];
        axpy(0.5, &a, &mut y);
        assert_eq!(y[18], 1.0 + 9.0);
    }
}
