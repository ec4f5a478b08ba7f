complete -c marqueed -l bind -d 'Address to listen on' -r
complete -c marqueed -l metrics-bind -d 'Address of a second listener serving only Prometheus metrics at /metrics (plain HTTP; keep it on a private network or loopback) [default: no metrics listener]' -r
complete -c marqueed -l data-dir -d 'Directory for the embedded database, generated secrets, mail outbox and search index [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -F
complete -c marqueed -l database-url -d 'Database to use: postgres://user:pass@host/db, or sqlite://PATH [default: sqlite file marquee.db in the data directory]' -r
complete -c marqueed -l redis-url -d 'Redis shared by several servers: session revocations, the per-session request budget, live-feed and cache-invalidation fan-out (redis://host:port/db). Without it every server keeps these in memory; if Redis goes away the servers keep serving on their local state and reconnect on their own [default: none]' -r
complete -c marqueed -l redis-namespace -d 'Prefix of every Redis key and channel, so several deployments (or tests) can share one Redis [default: marquee]' -r
complete -c marqueed -l cleanup-interval-secs -d 'How often the cleanup job (expired tokens and denylist entries, old job history) runs; one server of the deployment runs each round [default: 3600]' -r
complete -c marqueed -l config -d 'TOML file with any of these settings (keys as the long flag names, with underscores)' -r -F
complete -c marqueed -l log-format -d 'Log output format [default: pretty]' -r -f -a "json\t'One JSON object per line (for log shippers)'
pretty\t'Human-readable, coloured when stderr is a terminal'"
complete -c marqueed -l log-filter -d 'Log filter in tracing\'s env-filter syntax, e.g. `info` or `info,marquee_server=debug` [default: info]' -r
complete -c marqueed -l db-pool-size -d 'Largest number of open database connections [default: 16]' -r
complete -c marqueed -l db-timeout-ms -d 'How long a request waits for a free database connection before it gets a 503 [default: 5000]' -r
complete -c marqueed -l db-statement-timeout-ms -d 'PostgreSQL statement timeout on the server\'s connections: a statement running longer is cancelled (a request gets a 503) [default: 30000; 0: none]' -r
complete -c marqueed -l body-limit -d 'Largest accepted request body in bytes; larger ones get a 413 [default: 1048576]' -r
complete -c marqueed -l max-concurrent-requests -d 'Most requests handled at once; more wait their turn, in arrival order (none is refused) [default: 8 per core; 0: no limit]' -r
complete -c marqueed -l shutdown-grace-secs -d 'How long in-flight requests may take to finish after SIGTERM/Ctrl-C [default: 10]' -r
complete -c marqueed -l jwt-secret -d 'Secret for signing access tokens, at least 32 bytes; give every server of a deployment the same one [default: generated on first start and kept (mode 0600) in DATA_DIR/jwt-secret]' -r
complete -c marqueed -l bcrypt-cost -d 'bcrypt cost for password hashes (4–31; each step doubles the work) [default: 12]' -r
complete -c marqueed -l access-ttl-secs -d 'Lifetime of access tokens [default: 900]' -r
complete -c marqueed -l refresh-ttl-secs -d 'Absolute lifetime of a login session (refresh-token family) [default: 604800]' -r
complete -c marqueed -l session-check-ttl-ms -d 'How long a checked session (and a checked profile owner) is remembered in memory before it is read from the database again; this server\'s own logouts and revocations apply at once, other processes\' within this window (with Redis, at once). 0 reads on every request [default: 1000]' -r
complete -c marqueed -l login-failures-max -d 'Failed logins per account within the lock window that lock the account [default: 5]' -r
complete -c marqueed -l login-lock-secs -d 'Window for counting failed logins, and how long a lock lasts [default: 900]' -r
complete -c marqueed -l login-rate-per-addr -d 'Login attempts allowed per client address per 15 minutes [default: 30]' -r
complete -c marqueed -l api-rate-per-token -d 'API requests allowed per session token per hour [default: 1000]' -r
complete -c marqueed -l api-rate-per-addr -d 'API requests allowed per client address per hour [default: 3600]' -r
complete -c marqueed -l outbox-dir -d 'Directory where mail is written as one .eml file per message when no SMTP server is set [default: DATA_DIR/outbox]' -r -F
complete -c marqueed -l smtp-url -d 'Send mail through this SMTP server instead of the outbox directory, e.g. smtps://user:password@mail.example.com or smtp://localhost:25' -r
complete -c marqueed -l mail-from -d 'The From address of mail [default: Marquee <noreply@marquee.localhost>]' -r
complete -c marqueed -l trusted-proxies -d 'Addresses of the reverse proxies in front of this server (nginx, a load balancer), comma-separated. A request from one of them is attributed to the client that `X-Forwarded-For` names (its right-most address that is not a trusted proxy), for the per-address limits and the logs; from anyone else the header is ignored [default: none]' -r
complete -c marqueed -l cors-origins -d 'Origins allowed to call the API from a browser (CORS), comma-separated, e.g. https://marquee.example.com [default: none]' -r
complete -c marqueed -l tls-cert -d 'Serve HTTPS with this PEM certificate chain (with --tls-key), for deployments without a TLS-terminating proxy' -r -F
complete -c marqueed -l tls-key -d 'The PEM private key for --tls-cert' -r -F
complete -c marqueed -l media-base-url -d 'Base URL that signed trailer stream URLs point at (a CDN or media host checking the same signatures), e.g. https://media.example.com [default: none: relative `/media/…` URLs served by this server from --media-dir]' -r
complete -c marqueed -l media-dir -d 'Serve `/media/…` (trailer files, checked signature, expiry and session on every request, with HTTP Range) from this directory [default: not served]' -r -F
complete -c marqueed -l media-url-ttl-secs -d 'Lifetime of a signed trailer stream URL [default: 300]' -r
complete -c marqueed -l sports-heartbeat-secs -d 'Interval between heartbeat comments on the live sports stream [default: 15]' -r
complete -c marqueed -l print-completions -d 'Print shell completions for marqueed to stdout and exit' -r -f -a "bash\t''
elvish\t''
fish\t''
powershell\t''
zsh\t''"
complete -c marqueed -l no-migrate -d 'Do not apply pending migrations at start (then /readyz reports not ready until `marqueectl db migrate` has run)'
complete -c marqueed -l hsts -d 'Send Strict-Transport-Security (set when TLS is terminated in front of marqueed)'
complete -c marqueed -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueed -s V -l version -d 'Print version'
