//! Background work the server runs beside the request path: precomputed rankings today.
//! Each job is a plain async function (tests call it directly) plus a loop started by
//! [`spawn`] when the server runs.

pub mod recommend;
pub mod trending;

use tokio::task::JoinHandle;

use crate::state::AppState;

/// Starts the periodic jobs; abort the handle to stop them.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let training = recommend::run(state.clone());
        let trending = async move {
            let mut interval = tokio::time::interval(state.config().catalogue.trending_interval);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                if let Err(err) = trending::refresh(&state).await {
                    tracing::warn!(error = %err, "trending refresh failed; keeping the previous ranking");
                }
            }
        };
        tokio::join!(training, trending);
    })
}
