//! Interactions in dense form: external ids mapped to `u32` indices, one time-ordered history
//! per user (CSR) and its transpose (the users of each item), which every model trains from.

use std::collections::HashMap;

/// One interaction as it arrives from outside: a rating, a watch, a watchlist add… Every kind is
/// reduced to a `weight` by the caller (the protocol's evaluation uses 1.0 for every rating).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rating {
    pub user: i64,
    pub item: i64,
    pub value: f32,
    pub time: i64,
}

/// One entry of a user's history, in the model's dense item space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub item: u32,
    pub weight: f32,
    pub time: i64,
}

/// Dense indices for external ids. Indices are assigned in ascending id order, so "lower index"
/// is "lower external id": the protocol's tie-break can be applied on indices.
#[derive(Debug, Clone, Default)]
pub struct IdMap {
    ids: Vec<i64>,
    index: HashMap<i64, u32>,
}

impl IdMap {
    pub fn new(ids: impl IntoIterator<Item = i64>) -> IdMap {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let index = ids
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, i as u32))
            .collect();
        IdMap { ids, index }
    }

    pub fn index(&self, id: i64) -> Option<u32> {
        self.index.get(&id).copied()
    }

    /// The external id of a dense index (which must come from this map).
    pub fn id(&self, index: u32) -> i64 {
        self.ids[index as usize]
    }

    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// A user's weight on an item, seen from the item's side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UserWeight {
    pub user: u32,
    pub weight: f32,
}

/// The training data of every model. The item space is exactly the items that occur here (the
/// protocol's candidate set).
#[derive(Debug, Clone)]
pub struct Interactions {
    users: IdMap,
    items: IdMap,
    user_start: Vec<usize>,
    events: Vec<Event>,
    item_start: Vec<usize>,
    item_users: Vec<UserWeight>,
}

impl Interactions {
    /// Builds the dense form. `weight` turns a record into an interaction weight. A repeated
    /// (user, item) pair keeps its largest weight and latest time: one item appears once in a
    /// history.
    pub fn new(records: &[Rating], weight: impl Fn(&Rating) -> f32) -> Interactions {
        let users = IdMap::new(records.iter().map(|r| r.user));
        let items = IdMap::new(records.iter().map(|r| r.item));
        let mut rows: Vec<(u32, i64, u32, f32)> = records
            .iter()
            .filter_map(|r| {
                let u = users.index(r.user)?;
                let i = items.index(r.item)?;
                Some((u, r.time, i, weight(r)))
            })
            .collect();
        // Per user by (item) first to merge duplicates, then by (time, item) for the history.
        rows.sort_unstable_by_key(|a| (a.0, a.2, a.1));
        let mut merged: Vec<(u32, i64, u32, f32)> = Vec::with_capacity(rows.len());
        for row in rows {
            match merged.last_mut() {
                Some(last) if last.0 == row.0 && last.2 == row.2 => {
                    last.1 = last.1.max(row.1);
                    last.3 = last.3.max(row.3);
                }
                _ => merged.push(row),
            }
        }
        merged.sort_unstable_by_key(|a| (a.0, a.1, a.2));

        let mut user_start = vec![0; users.len() + 1];
        for row in &merged {
            user_start[row.0 as usize + 1] += 1;
        }
        for u in 0..users.len() {
            user_start[u + 1] += user_start[u];
        }
        let events = merged
            .iter()
            .map(|&(_, time, item, weight)| Event { item, weight, time })
            .collect();

        let mut item_start = vec![0; items.len() + 1];
        for row in &merged {
            item_start[row.2 as usize + 1] += 1;
        }
        for i in 0..items.len() {
            item_start[i + 1] += item_start[i];
        }
        let mut fill = item_start.clone();
        let mut item_users = vec![
            UserWeight {
                user: 0,
                weight: 0.0
            };
            merged.len()
        ];
        // Users visited in index order, so each item's users come out sorted.
        for &(user, _, item, weight) in &merged {
            let slot = &mut fill[item as usize];
            item_users[*slot] = UserWeight { user, weight };
            *slot += 1;
        }
        Interactions {
            users,
            items,
            user_start,
            events,
            item_start,
            item_users,
        }
    }

    pub fn users(&self) -> &IdMap {
        &self.users
    }

    pub fn items(&self) -> &IdMap {
        &self.items
    }

    pub fn n_users(&self) -> usize {
        self.users.len()
    }

    pub fn n_items(&self) -> usize {
        self.items.len()
    }

    /// Number of (user, item) interactions.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// A user's history, oldest first (ties by lower item id).
    pub fn history(&self, user: u32) -> &[Event] {
        let u = user as usize;
        &self.events[self.user_start[u]..self.user_start[u + 1]]
    }

    /// The users who interacted with an item, by user index.
    pub fn item_users(&self, item: u32) -> &[UserWeight] {
        let i = item as usize;
        &self.item_users[self.item_start[i]..self.item_start[i + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(user: i64, item: i64, time: i64) -> Rating {
        Rating {
            user,
            item,
            value: 4.0,
            time,
        }
    }

    #[test]
    fn indices_follow_external_id_order_and_histories_follow_time() {
        let data = Interactions::new(
            &[r(7, 30, 5), r(7, 10, 5), r(7, 20, 1), r(3, 30, 2)],
            |_| 1.0,
        );
        assert_eq!(data.items().ids(), &[10, 20, 30]);
        assert_eq!(data.users().ids(), &[3, 7]);
        let seven = data.users().index(7).unwrap();
        let items: Vec<i64> = data
            .history(seven)
            .iter()
            .map(|e| data.items().id(e.item))
            .collect();
        // Time first, then the lower item id for equal times.
        assert_eq!(items, [20, 10, 30]);
        let thirty = data.items().index(30).unwrap();
        let users: Vec<u32> = data.item_users(thirty).iter().map(|w| w.user).collect();
        assert_eq!(users, [0, 1]);
    }

    #[test]
    fn repeated_pairs_merge() {
        let data = Interactions::new(&[r(1, 5, 1), r(1, 5, 9)], |r| r.time as f32);
        assert_eq!(data.len(), 1);
        assert_eq!(data.history(0)[0].weight, 9.0);
        assert_eq!(data.history(0)[0].time, 9);
    }
}
