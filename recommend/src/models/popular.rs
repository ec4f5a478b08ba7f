//! Most popular: the number of training interactions of each item, the same list for everyone.
//! The protocol's self-check and the cold-start fallback.

use crate::dataset::{Event, Interactions};
use crate::{Model, Reason};

#[derive(Debug, Clone)]
pub struct Popular {
    counts: Vec<f32>,
}

impl Popular {
    pub fn train(data: &Interactions) -> Popular {
        let counts = (0..data.n_items() as u32)
            .map(|i| data.item_users(i).len() as f32)
            .collect();
        Popular { counts }
    }

    /// Interactions per item, by item index.
    pub fn counts(&self) -> &[f32] {
        &self.counts
    }
}

impl Model for Popular {
    fn name(&self) -> &'static str {
        "popular"
    }

    fn n_items(&self) -> usize {
        self.counts.len()
    }

    fn score(&self, _history: &[Event], scores: &mut [f32]) {
        scores.copy_from_slice(&self.counts);
    }

    fn reason(&self, _history: &[Event], _item: u32) -> Reason {
        Reason::Popular
    }
}
