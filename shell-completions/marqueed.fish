complete -c marqueed -l bind -d 'Address to listen on' -r
complete -c marqueed -l data-dir -d 'Directory for the embedded database, generated secrets, mail outbox and search index [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -F
complete -c marqueed -l database-url -d 'Database to use: postgres://user:pass@host/db, or sqlite://PATH [default: sqlite file marquee.db in the data directory]' -r
complete -c marqueed -l config -d 'TOML file with any of these settings (keys as the long flag names, with underscores)' -r -F
complete -c marqueed -l log-format -d 'Log output format [default: pretty]' -r -f -a "json\t'One JSON object per line (for log shippers)'
pretty\t'Human-readable, coloured when stderr is a terminal'"
complete -c marqueed -l log-filter -d 'Log filter in tracing\'s env-filter syntax, e.g. `info` or `info,marquee_server=debug` [default: info]' -r
complete -c marqueed -l db-pool-size -d 'Largest number of open database connections [default: 16]' -r
complete -c marqueed -l db-timeout-ms -d 'How long a request waits for a free database connection before it gets a 503 [default: 5000]' -r
complete -c marqueed -l body-limit -d 'Largest accepted request body in bytes; larger ones get a 413 [default: 1048576]' -r
complete -c marqueed -l shutdown-grace-secs -d 'How long in-flight requests may take to finish after SIGTERM/Ctrl-C [default: 10]' -r
complete -c marqueed -l print-completions -d 'Print shell completions for marqueed to stdout and exit' -r -f -a "bash\t''
elvish\t''
fish\t''
powershell\t''
zsh\t''"
complete -c marqueed -l no-migrate -d 'Do not apply pending migrations at start (then /readyz reports not ready until `marqueectl db migrate` has run)'
complete -c marqueed -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueed -s V -l version -d 'Print version'
