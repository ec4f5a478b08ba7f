//! Mail, off the request path. Handlers insert into `outbox_mail` inside their own transaction
//! (so a verification token and its mail commit together) and wake this task, which renders each
//! row with lettre and hands it to the transport: by default an outbox directory (one `.eml` file
//! per message, zero set-up), or SMTP when `MARQUEE_SMTP_URL` is set. Failed sends are retried with
//! backoff; rows stay as the record of what was sent.
//!
//! Also here: housekeeping that belongs to the same background task (expired denylist entries
//! and refresh tokens, idle rate-limit keys).

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use marquee_db::queries::mail::{self, MailRow, NewMail};

use crate::state::AppState;

const BATCH: i64 = 20;
/// How long a claimed mail is this server's to send; if the server dies, another sends it after.
const CLAIM: chrono::TimeDelta = chrono::TimeDelta::minutes(5);
/// Also the longest a message waits when a wake-up was missed (another server queued it, or a
/// database read failed).
const POLL: Duration = Duration::from_secs(5);
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(60);

enum Transport {
    Outbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    fn from_config(state: &AppState) -> anyhow::Result<Transport> {
        let config = &state.config().mail;
        match &config.smtp_url {
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)?.build(),
            )),
            None => {
                std::fs::create_dir_all(&config.outbox_dir)?;
                Ok(Transport::Outbox(AsyncFileTransport::new(
                    &config.outbox_dir,
                )))
            }
        }
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Outbox(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Queues a message; call inside the handler's transaction, then [`wake`] after it commits.
pub fn enqueue(
    conn: &mut marquee_db::DbConn,
    user_id: Option<i64>,
    to: &str,
    subject: &str,
    body: &str,
) -> diesel::QueryResult<()> {
    mail::enqueue(
        conn,
        &NewMail {
            user_id,
            to_address: to,
            subject,
            body_text: body,
        },
    )
    .map(|_| ())
}

pub fn wake(state: &AppState) {
    state.security().mail_wakeup.notify_one();
}

/// Runs until the task is aborted (at server shutdown).
pub async fn run(state: AppState) {
    let transport = match Transport::from_config(&state) {
        Ok(t) => t,
        Err(err) => {
            tracing::error!(error = %err, "mail transport unavailable; mail stays queued in outbox_mail");
            return;
        }
    };
    let from: Mailbox = match state.config().mail.from.parse() {
        Ok(from) => from,
        Err(err) => {
            tracing::error!(error = %err, from = %state.config().mail.from, "invalid mail From address");
            return;
        }
    };
    let wakeup = state.security().mail_wakeup.clone();
    let mut last_housekeeping = tokio::time::Instant::now();
    loop {
        deliver_due(&state, &transport, &from).await;
        if last_housekeeping.elapsed() >= HOUSEKEEPING_EVERY {
            housekeeping(&state).await;
            last_housekeeping = tokio::time::Instant::now();
        }
        tokio::select! {
            () = wakeup.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

async fn deliver_due(state: &AppState, transport: &Transport, from: &Mailbox) {
    let rows = match state
        .db(|conn| Ok(mail::due(conn, marquee_db::now(), BATCH)?))
        .await
    {
        Ok(rows) => rows,
        Err(err) => {
            tracing::warn!(error = %err, "cannot read the mail outbox");
            return;
        }
    };
    for row in rows {
        let id = row.id;
        let attempts = row.attempts;
        // Another server may have read the same rows: send only what this one claims.
        let now = marquee_db::now();
        let until = now + CLAIM;
        match state
            .db(move |conn| Ok(mail::claim(conn, id, now, until)?))
            .await
        {
            Ok(true) => {}
            Ok(false) => continue,
            Err(err) => {
                tracing::warn!(mail_id = id, error = %err, "cannot claim mail");
                continue;
            }
        }
        let result = match render(from, &row) {
            Ok(message) => transport.send(message).await,
            Err(err) => Err(err),
        };
        let update = match result {
            Ok(()) => {
                tracing::info!(mail_id = id, "mail sent");
                state.db(move |conn| Ok(mail::mark_sent(conn, id)?)).await
            }
            Err(err) => {
                tracing::warn!(mail_id = id, attempts, error = %err, "mail not sent; will retry");
                let backoff = chrono::Duration::minutes(1i64 << attempts.clamp(0, 10));
                let retry_at = marquee_db::now() + backoff;
                state
                    .db(move |conn| Ok(mail::mark_failed(conn, id, &err, retry_at)?))
                    .await
            }
        };
        if let Err(err) = update {
            tracing::warn!(mail_id = id, error = %err, "cannot record mail status");
        }
    }
}

fn render(from: &Mailbox, row: &MailRow) -> Result<Message, String> {
    let to: Mailbox = row
        .to_address
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(row.body_text.clone())
        .map_err(|e| e.to_string())
}

/// This server's own memory; expired rows are the deployment-wide cleanup job's
/// (`jobs::scheduled`).
async fn housekeeping(state: &AppState) {
    state.security().limiters.shrink();
}
