
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'marqueed' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'marqueed'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'marqueed' {
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--metrics-bind', '--metrics-bind', [CompletionResultType]::ParameterName, 'Address of a second listener serving only Prometheus metrics at /metrics (plain HTTP; keep it on a private network or loopback) [default: no metrics listener]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory for the embedded database, generated secrets, mail outbox and search index [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://user:pass@host/db, or sqlite://PATH [default: sqlite file marquee.db in the data directory]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis shared by several servers: session revocations, the per-session request budget, live-feed and cache-invalidation fan-out (redis://host:port/db). Without it every server keeps these in memory; if Redis goes away the servers keep serving on their local state and reconnect on their own [default: none]')
            [CompletionResult]::new('--redis-namespace', '--redis-namespace', [CompletionResultType]::ParameterName, 'Prefix of every Redis key and channel, so several deployments (or tests) can share one Redis [default: marquee]')
            [CompletionResult]::new('--cleanup-interval-secs', '--cleanup-interval-secs', [CompletionResultType]::ParameterName, 'How often the cleanup job (expired tokens and denylist entries, old job history) runs; one server of the deployment runs each round [default: 3600]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'TOML file with any of these settings (keys as the long flag names, with underscores)')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log output format [default: pretty]')
            [CompletionResult]::new('--log-filter', '--log-filter', [CompletionResultType]::ParameterName, 'Log filter in tracing''s env-filter syntax, e.g. `info` or `info,marquee_server=debug` [default: info]')
            [CompletionResult]::new('--db-pool-size', '--db-pool-size', [CompletionResultType]::ParameterName, 'Largest number of open database connections [default: 16]')
            [CompletionResult]::new('--db-timeout-ms', '--db-timeout-ms', [CompletionResultType]::ParameterName, 'How long a request waits for a free database connection before it gets a 503 [default: 5000]')
            [CompletionResult]::new('--db-statement-timeout-ms', '--db-statement-timeout-ms', [CompletionResultType]::ParameterName, 'PostgreSQL statement timeout on the server''s connections: a statement running longer is cancelled (a request gets a 503) [default: 30000; 0: none]')
            [CompletionResult]::new('--body-limit', '--body-limit', [CompletionResultType]::ParameterName, 'Largest accepted request body in bytes; larger ones get a 413 [default: 1048576]')
            [CompletionResult]::new('--max-concurrent-requests', '--max-concurrent-requests', [CompletionResultType]::ParameterName, 'Most requests handled at once; more wait their turn, in arrival order (none is refused) [default: 8 per core; 0: no limit]')
            [CompletionResult]::new('--shutdown-grace-secs', '--shutdown-grace-secs', [CompletionResultType]::ParameterName, 'How long in-flight requests may take to finish after SIGTERM/Ctrl-C [default: 10]')
            [CompletionResult]::new('--jwt-secret', '--jwt-secret', [CompletionResultType]::ParameterName, 'Secret for signing access tokens, at least 32 bytes; give every server of a deployment the same one [default: generated on first start and kept (mode 0600) in DATA_DIR/jwt-secret]')
            [CompletionResult]::new('--bcrypt-cost', '--bcrypt-cost', [CompletionResultType]::ParameterName, 'bcrypt cost for password hashes (4–31; each step doubles the work) [default: 12]')
            [CompletionResult]::new('--access-ttl-secs', '--access-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of access tokens [default: 900]')
            [CompletionResult]::new('--refresh-ttl-secs', '--refresh-ttl-secs', [CompletionResultType]::ParameterName, 'Absolute lifetime of a login session (refresh-token family) [default: 604800]')
            [CompletionResult]::new('--session-check-ttl-ms', '--session-check-ttl-ms', [CompletionResultType]::ParameterName, 'How long a checked session (and a checked profile owner) is remembered in memory before it is read from the database again; this server''s own logouts and revocations apply at once, other processes'' within this window (with Redis, at once). 0 reads on every request [default: 1000]')
            [CompletionResult]::new('--login-failures-max', '--login-failures-max', [CompletionResultType]::ParameterName, 'Failed logins per account within the lock window that lock the account [default: 5]')
            [CompletionResult]::new('--login-lock-secs', '--login-lock-secs', [CompletionResultType]::ParameterName, 'Window for counting failed logins, and how long a lock lasts [default: 900]')
            [CompletionResult]::new('--login-rate-per-addr', '--login-rate-per-addr', [CompletionResultType]::ParameterName, 'Login attempts allowed per client address per 15 minutes [default: 30]')
            [CompletionResult]::new('--api-rate-per-token', '--api-rate-per-token', [CompletionResultType]::ParameterName, 'API requests allowed per session token per hour [default: 1000]')
            [CompletionResult]::new('--api-rate-per-addr', '--api-rate-per-addr', [CompletionResultType]::ParameterName, 'API requests allowed per client address per hour [default: 3600]')
            [CompletionResult]::new('--outbox-dir', '--outbox-dir', [CompletionResultType]::ParameterName, 'Directory where mail is written as one .eml file per message when no SMTP server is set [default: DATA_DIR/outbox]')
            [CompletionResult]::new('--smtp-url', '--smtp-url', [CompletionResultType]::ParameterName, 'Send mail through this SMTP server instead of the outbox directory, e.g. smtps://user:password@mail.example.com or smtp://localhost:25')
            [CompletionResult]::new('--mail-from', '--mail-from', [CompletionResultType]::ParameterName, 'The From address of mail [default: Marquee <noreply@marquee.localhost>]')
            [CompletionResult]::new('--trusted-proxies', '--trusted-proxies', [CompletionResultType]::ParameterName, 'Addresses of the reverse proxies in front of this server (nginx, a load balancer), comma-separated. A request from one of them is attributed to the client that `X-Forwarded-For` names (its right-most address that is not a trusted proxy), for the per-address limits and the logs; from anyone else the header is ignored [default: none]')
            [CompletionResult]::new('--cors-origins', '--cors-origins', [CompletionResultType]::ParameterName, 'Origins allowed to call the API from a browser (CORS), comma-separated, e.g. https://marquee.example.com [default: none]')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this PEM certificate chain (with --tls-key), for deployments without a TLS-terminating proxy')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The PEM private key for --tls-cert')
            [CompletionResult]::new('--media-base-url', '--media-base-url', [CompletionResultType]::ParameterName, 'Base URL that signed trailer stream URLs point at (a CDN or media host checking the same signatures), e.g. https://media.example.com [default: none: relative `/media/…` URLs served by this server from --media-dir]')
            [CompletionResult]::new('--media-dir', '--media-dir', [CompletionResultType]::ParameterName, 'Serve `/media/…` (trailer files, checked signature, expiry and session on every request, with HTTP Range) from this directory [default: not served]')
            [CompletionResult]::new('--media-url-ttl-secs', '--media-url-ttl-secs', [CompletionResultType]::ParameterName, 'Lifetime of a signed trailer stream URL [default: 300]')
            [CompletionResult]::new('--sports-heartbeat-secs', '--sports-heartbeat-secs', [CompletionResultType]::ParameterName, 'Interval between heartbeat comments on the live sports stream [default: 15]')
            [CompletionResult]::new('--print-completions', '--print-completions', [CompletionResultType]::ParameterName, 'Print shell completions for marqueed to stdout and exit')
            [CompletionResult]::new('--no-migrate', '--no-migrate', [CompletionResultType]::ParameterName, 'Do not apply pending migrations at start (then /readyz reports not ready until `marqueectl db migrate` has run)')
            [CompletionResult]::new('--hsts', '--hsts', [CompletionResultType]::ParameterName, 'Send Strict-Transport-Security (set when TLS is terminated in front of marqueed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
