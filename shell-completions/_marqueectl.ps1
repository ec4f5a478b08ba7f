
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'marqueectl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'marqueectl'
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
        'marqueectl' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Migrate and inspect the database')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import movies, people and ratings from MovieLens, IMDb top-1000, TMDB, our own export and other files')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write movies, people, credits, accounts and ratings as JSON Lines (`import jsonl` reads them back)')
            [CompletionResult]::new('seed', 'seed', [CompletionResultType]::ParameterValue, 'Fill the database with a deterministic synthetic catalogue or the demo catalogue')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Administer accounts: create, list, show, disable, enable, promote, demote, reset passwords, end sessions (the first administrator starts here, with `user create --admin`)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a marqueed for API mode (`--server`): the tokens go to the OS keyring or a 0600 file')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the API-mode session with a server: revoke it there and forget the tokens')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'The server''s background jobs: list them, run one now (needs --server)')
            [CompletionResult]::new('movies', 'movies', [CompletionResultType]::ParameterValue, 'Add, edit, delete and show movies one at a time')
            [CompletionResult]::new('people', 'people', [CompletionResultType]::ParameterValue, 'Add, edit, delete and show people one at a time')
            [CompletionResult]::new('trailers', 'trailers', [CompletionResultType]::ParameterValue, 'Add, show, edit or delete a trailer, and its subtitle tracks (many at once: `import trailers`)')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Maintain the search index beside the database (`search reindex`)')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate the recommendation models offline on a train/test split (PROTOCOL.md metrics)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Analytics metrics: CTR per row and algorithm, search, active profiles, retention')
            [CompletionResult]::new('experiments', 'experiments', [CompletionResultType]::ParameterValue, 'Create, list, show (results), stop and roll out A/B experiments on For You')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;db' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply every pending migration (creates the SQLite file if needed)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the backend, the database URL and applied and pending migrations')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;db;migrate' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;db;status' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;db;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply every pending migration (creates the SQLite file if needed)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the backend, the database URL and applied and pending migrations')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;db;help;migrate' {
            break
        }
        'marqueectl;db;help;status' {
            break
        }
        'marqueectl;db;help;help' {
            break
        }
        'marqueectl;import' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('movielens', 'movielens', [CompletionResultType]::ParameterValue, 'A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m (.dat) or ml-100k (u.item, u.data, u.user)')
            [CompletionResult]::new('imdb-top', 'imdb-top', [CompletionResultType]::ParameterValue, 'The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross')
            [CompletionResult]::new('tmdb', 'tmdb', [CompletionResultType]::ParameterValue, 'TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres, countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id')
            [CompletionResult]::new('jsonl', 'jsonl', [CompletionResultType]::ParameterValue, 'A `marqueectl export` file: restores movies, people, credits, accounts and ratings with their ids')
            [CompletionResult]::new('trailers', 'trailers', [CompletionResultType]::ParameterValue, 'Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON Lines)')
            [CompletionResult]::new('sports', 'sports', [CompletionResultType]::ParameterValue, 'Sports leagues, teams, players, fixtures and results, match events and highlights (JSON Lines; CSV for fixtures and results)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;import;movielens' {
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Records per transaction')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Abort at the first rejected record and roll back everything this run wrote')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and report what would change, writing nothing to the database')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;import;imdb-top' {
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Records per transaction')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Abort at the first rejected record and roll back everything this run wrote')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and report what would change, writing nothing to the database')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;import;tmdb' {
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Records per transaction')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Abort at the first rejected record and roll back everything this run wrote')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and report what would change, writing nothing to the database')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;import;jsonl' {
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Records per transaction')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Abort at the first rejected record and roll back everything this run wrote')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and report what would change, writing nothing to the database')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;import;trailers' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file''s layout [default: from the extension]')
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Records per transaction')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Abort at the first rejected record and roll back everything this run wrote')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and report what would change, writing nothing to the database')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;import;sports' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file''s layout [default: from the extension]')
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Records per transaction')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Abort at the first rejected record and roll back everything this run wrote')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and report what would change, writing nothing to the database')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;import;help' {
            [CompletionResult]::new('movielens', 'movielens', [CompletionResultType]::ParameterValue, 'A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m (.dat) or ml-100k (u.item, u.data, u.user)')
            [CompletionResult]::new('imdb-top', 'imdb-top', [CompletionResultType]::ParameterValue, 'The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross')
            [CompletionResult]::new('tmdb', 'tmdb', [CompletionResultType]::ParameterValue, 'TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres, countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id')
            [CompletionResult]::new('jsonl', 'jsonl', [CompletionResultType]::ParameterValue, 'A `marqueectl export` file: restores movies, people, credits, accounts and ratings with their ids')
            [CompletionResult]::new('trailers', 'trailers', [CompletionResultType]::ParameterValue, 'Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON Lines)')
            [CompletionResult]::new('sports', 'sports', [CompletionResultType]::ParameterValue, 'Sports leagues, teams, players, fixtures and results, match events and highlights (JSON Lines; CSV for fixtures and results)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;import;help;movielens' {
            break
        }
        'marqueectl;import;help;imdb-top' {
            break
        }
        'marqueectl;import;help;tmdb' {
            break
        }
        'marqueectl;import;help;jsonl' {
            break
        }
        'marqueectl;import;help;trailers' {
            break
        }
        'marqueectl;import;help;sports' {
            break
        }
        'marqueectl;import;help;help' {
            break
        }
        'marqueectl;export' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these kinds of records (comma-separated) [default: all]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;seed' {
            [CompletionResult]::new('--movies', '--movies', [CompletionResultType]::ParameterName, 'Synthetic movies')
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'Synthetic accounts, one profile each')
            [CompletionResult]::new('--ratings', '--ratings', [CompletionResultType]::ParameterName, 'Synthetic ratings (at most movies × users)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the generator: the same seed gives the same database')
            [CompletionResult]::new('--bcrypt-cost', '--bcrypt-cost', [CompletionResultType]::ParameterName, 'bcrypt cost of the demo password (tests use 4)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--synthetic', '--synthetic', [CompletionResultType]::ParameterName, 'Generate a deterministic synthetic catalogue, accounts and ratings (needs an empty catalogue)')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Add the small demo catalogue and the demo account demo@marquee.local')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;completions' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an account (verified, with its first profile); `--admin` for an administrator (direct database mode only)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List accounts, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an account: role, state, 2FA, live sessions, profiles')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable an account: it cannot sign in, and its sessions end at once')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable a disabled account')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Make an existing account an administrator')
            [CompletionResult]::new('demote', 'demote', [CompletionResultType]::ParameterValue, 'Make an administrator an ordinary user again (never the last one)')
            [CompletionResult]::new('end-sessions', 'end-sessions', [CompletionResultType]::ParameterValue, 'End every session of an account: it must log in again everywhere')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Replace an account''s password (generated and printed once unless --password-stdin) and end all its sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;user;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name [default: the part of the email before `@`]')
            [CompletionResult]::new('--bcrypt-cost', '--bcrypt-cost', [CompletionResultType]::ParameterName, 'bcrypt cost (tests use 4)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Give the account the `admin` role')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input; without it a random password is generated and printed once')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;list' {
            [CompletionResult]::new('--page', '--page', [CompletionResultType]::ParameterName, 'page')
            [CompletionResult]::new('--per-page', '--per-page', [CompletionResultType]::ParameterName, 'Accounts per page (at most 100)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;disable' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;enable' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;promote' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;demote' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;end-sessions' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;reset-password' {
            [CompletionResult]::new('--bcrypt-cost', '--bcrypt-cost', [CompletionResultType]::ParameterName, 'bcrypt cost (tests use 4)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the new password from the first line of standard input; without it a random password is generated and printed once')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;user;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an account (verified, with its first profile); `--admin` for an administrator (direct database mode only)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List accounts, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an account: role, state, 2FA, live sessions, profiles')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable an account: it cannot sign in, and its sessions end at once')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable a disabled account')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Make an existing account an administrator')
            [CompletionResult]::new('demote', 'demote', [CompletionResultType]::ParameterValue, 'Make an administrator an ordinary user again (never the last one)')
            [CompletionResult]::new('end-sessions', 'end-sessions', [CompletionResultType]::ParameterValue, 'End every session of an account: it must log in again everywhere')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Replace an account''s password (generated and printed once unless --password-stdin) and end all its sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;user;help;create' {
            break
        }
        'marqueectl;user;help;list' {
            break
        }
        'marqueectl;user;help;show' {
            break
        }
        'marqueectl;user;help;disable' {
            break
        }
        'marqueectl;user;help;enable' {
            break
        }
        'marqueectl;user;help;promote' {
            break
        }
        'marqueectl;user;help;demote' {
            break
        }
        'marqueectl;user;help;end-sessions' {
            break
        }
        'marqueectl;user;help;reset-password' {
            break
        }
        'marqueectl;user;help;help' {
            break
        }
        'marqueectl;login' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The account''s email address [default: asked on a terminal]')
            [CompletionResult]::new('--totp-code', '--totp-code', [CompletionResultType]::ParameterName, 'The 2FA code (or a recovery code) when the account has 2FA; asked on a terminal otherwise')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input instead of a prompt')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;logout' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;jobs' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Each job''s last run (start, duration, error, counts) and next run')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now: recommender (train, then precompute For You), trending, analytics, or search (rebuild the index)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;jobs;list' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;jobs;run' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this many seconds (the run goes on on the server)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once the run has started instead of waiting for it to finish')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;jobs;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Each job''s last run (start, duration, error, counts) and next run')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now: recommender (train, then precompute For You), trending, analytics, or search (rebuild the index)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;jobs;help;list' {
            break
        }
        'marqueectl;jobs;help;run' {
            break
        }
        'marqueectl;jobs;help;help' {
            break
        }
        'marqueectl;movies' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a movie')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a movie: only the values given (--genre replaces the genres)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a movie and everything that names it (credits, trailers, ratings, lists)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a movie as the API serves it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;movies;add' {
            [CompletionResult]::new('--original-title', '--original-title', [CompletionResultType]::ParameterName, 'Original title, when it differs')
            [CompletionResult]::new('--tagline', '--tagline', [CompletionResultType]::ParameterName, 'tagline')
            [CompletionResult]::new('--overview', '--overview', [CompletionResultType]::ParameterName, 'overview')
            [CompletionResult]::new('--release-date', '--release-date', [CompletionResultType]::ParameterName, 'Release date, YYYY-MM-DD (sets the year unless --year is given)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'year')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'Runtime in minutes')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Original language: an ISO 639 code the catalogue knows (e.g. en)')
            [CompletionResult]::new('--genre', '--genre', [CompletionResultType]::ParameterName, 'A genre slug the catalogue knows (repeat for several)')
            [CompletionResult]::new('--poster-url', '--poster-url', [CompletionResultType]::ParameterName, 'Poster image URL (http or https)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;movies;edit' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'New title')
            [CompletionResult]::new('--original-title', '--original-title', [CompletionResultType]::ParameterName, 'Original title, when it differs')
            [CompletionResult]::new('--tagline', '--tagline', [CompletionResultType]::ParameterName, 'tagline')
            [CompletionResult]::new('--overview', '--overview', [CompletionResultType]::ParameterName, 'overview')
            [CompletionResult]::new('--release-date', '--release-date', [CompletionResultType]::ParameterName, 'Release date, YYYY-MM-DD (sets the year unless --year is given)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'year')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'Runtime in minutes')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Original language: an ISO 639 code the catalogue knows (e.g. en)')
            [CompletionResult]::new('--genre', '--genre', [CompletionResultType]::ParameterName, 'A genre slug the catalogue knows (repeat for several)')
            [CompletionResult]::new('--poster-url', '--poster-url', [CompletionResultType]::ParameterName, 'Poster image URL (http or https)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;movies;delete' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;movies;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;movies;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a movie')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a movie: only the values given (--genre replaces the genres)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a movie and everything that names it (credits, trailers, ratings, lists)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a movie as the API serves it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;movies;help;add' {
            break
        }
        'marqueectl;movies;help;edit' {
            break
        }
        'marqueectl;movies;help;delete' {
            break
        }
        'marqueectl;movies;help;show' {
            break
        }
        'marqueectl;movies;help;help' {
            break
        }
        'marqueectl;people' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a person: only the values given')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a person with their credits and aliases')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a person as the API serves them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;people;add' {
            [CompletionResult]::new('--biography', '--biography', [CompletionResultType]::ParameterName, 'biography')
            [CompletionResult]::new('--birth-date', '--birth-date', [CompletionResultType]::ParameterName, 'Birth date, YYYY-MM-DD')
            [CompletionResult]::new('--death-date', '--death-date', [CompletionResultType]::ParameterName, 'Death date, YYYY-MM-DD')
            [CompletionResult]::new('--place-of-birth', '--place-of-birth', [CompletionResultType]::ParameterName, 'place-of-birth')
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'Known for: Acting, Directing, Writing…')
            [CompletionResult]::new('--profile-url', '--profile-url', [CompletionResultType]::ParameterName, 'Profile image URL (http or https)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;people;edit' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New name')
            [CompletionResult]::new('--biography', '--biography', [CompletionResultType]::ParameterName, 'biography')
            [CompletionResult]::new('--birth-date', '--birth-date', [CompletionResultType]::ParameterName, 'Birth date, YYYY-MM-DD')
            [CompletionResult]::new('--death-date', '--death-date', [CompletionResultType]::ParameterName, 'Death date, YYYY-MM-DD')
            [CompletionResult]::new('--place-of-birth', '--place-of-birth', [CompletionResultType]::ParameterName, 'place-of-birth')
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'Known for: Acting, Directing, Writing…')
            [CompletionResult]::new('--profile-url', '--profile-url', [CompletionResultType]::ParameterName, 'Profile image URL (http or https)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;people;delete' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;people;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;people;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a person: only the values given')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a person with their credits and aliases')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a person as the API serves them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;people;help;add' {
            break
        }
        'marqueectl;people;help;edit' {
            break
        }
        'marqueectl;people;help;delete' {
            break
        }
        'marqueectl;people;help;show' {
            break
        }
        'marqueectl;people;help;help' {
            break
        }
        'marqueectl;trailers' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a trailer to a movie, with one or more renditions')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a trailer: title, kind, language, renditions (replace all, or add and remove)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a trailer with its renditions and subtitles')
            [CompletionResult]::new('subtitles', 'subtitles', [CompletionResultType]::ParameterValue, 'Add or remove a trailer''s subtitle tracks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;trailers;add' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'trailer, teaser, clip, featurette…')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Spoken language: an ISO 639 code the catalogue knows')
            [CompletionResult]::new('--rendition', '--rendition', [CompletionResultType]::ParameterName, 'A rendition: QUALITY:FORMAT:LOCATION (repeat for several)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Duration of every rendition, in seconds')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;trailers;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;trailers;edit' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'A new title')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'trailer, teaser, clip, featurette…')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Spoken language: an ISO 639 code the catalogue knows')
            [CompletionResult]::new('--rendition', '--rendition', [CompletionResultType]::ParameterName, 'Replace every rendition with these: QUALITY:FORMAT:LOCATION (repeat for several)')
            [CompletionResult]::new('--add-rendition', '--add-rendition', [CompletionResultType]::ParameterName, 'Add a rendition: QUALITY:FORMAT:LOCATION (repeat for several)')
            [CompletionResult]::new('--remove-rendition', '--remove-rendition', [CompletionResultType]::ParameterName, 'Remove the rendition with this id (see `trailers show`; repeat for several)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Duration of every rendition given, in seconds')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('--no-language', '--no-language', [CompletionResultType]::ParameterName, 'Remove the spoken language')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;trailers;delete' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;trailers;subtitles' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a subtitle track (one per language and format)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a subtitle track (its id is in `trailers show`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;trailers;subtitles;add' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'vtt or srt')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;trailers;subtitles;remove' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;trailers;subtitles;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a subtitle track (one per language and format)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a subtitle track (its id is in `trailers show`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;trailers;subtitles;help;add' {
            break
        }
        'marqueectl;trailers;subtitles;help;remove' {
            break
        }
        'marqueectl;trailers;subtitles;help;help' {
            break
        }
        'marqueectl;trailers;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a trailer to a movie, with one or more renditions')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a trailer: title, kind, language, renditions (replace all, or add and remove)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a trailer with its renditions and subtitles')
            [CompletionResult]::new('subtitles', 'subtitles', [CompletionResultType]::ParameterValue, 'Add or remove a trailer''s subtitle tracks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;trailers;help;add' {
            break
        }
        'marqueectl;trailers;help;show' {
            break
        }
        'marqueectl;trailers;help;edit' {
            break
        }
        'marqueectl;trailers;help;delete' {
            break
        }
        'marqueectl;trailers;help;subtitles' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a subtitle track (one per language and format)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a subtitle track (its id is in `trailers show`)')
            break
        }
        'marqueectl;trailers;help;subtitles;add' {
            break
        }
        'marqueectl;trailers;help;subtitles;remove' {
            break
        }
        'marqueectl;trailers;help;help' {
            break
        }
        'marqueectl;search' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild DATA_DIR/search-index from the movies and people in the database')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;search;reindex' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;search;help' {
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild DATA_DIR/search-index from the movies and people in the database')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;search;help;reindex' {
            break
        }
        'marqueectl;search;help;help' {
            break
        }
        'marqueectl;eval' {
            [CompletionResult]::new('--train', '--train', [CompletionResultType]::ParameterName, 'Training interactions: CSV with header userId,movieId,rating,timestamp')
            [CompletionResult]::new('--test', '--test', [CompletionResultType]::ParameterName, 'Held-out interactions, same format; used only for scoring')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model to evaluate; repeat for several [default: all]')
            [CompletionResult]::new('--movies', '--movies', [CompletionResultType]::ParameterName, 'MovieLens movies.csv (genres, year) for the content model and the hybrid')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'MovieLens tags.csv (free-text tags) for the content model and the hybrid')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;stats' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Window start: days back (`7d`), a date (`2026-11-01`) or an RFC 3339 time')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;experiments' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create and start an experiment (one runs at a time; the first variant is the control)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List experiments, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an experiment''s results: impressions, clicks, CTR and the difference vs the control with a 95% confidence interval')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a running experiment (everyone gets the default For You again)')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Roll a variant out to everyone (ends the experiment)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;experiments;create' {
            [CompletionResult]::new('--variant', '--variant', [CompletionResultType]::ParameterName, 'A variant: KEY=SHARE[:CONFIG_JSON] (give 2 to 10; shares sum to 1)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What the experiment tests')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;experiments;list' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;experiments;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;experiments;stop' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;experiments;rollout' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;experiments;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create and start an experiment (one runs at a time; the first variant is the control)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List experiments, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an experiment''s results: impressions, clicks, CTR and the difference vs the control with a 95% confidence interval')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a running experiment (everyone gets the default For You again)')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Roll a variant out to everyone (ends the experiment)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;experiments;help;create' {
            break
        }
        'marqueectl;experiments;help;list' {
            break
        }
        'marqueectl;experiments;help;show' {
            break
        }
        'marqueectl;experiments;help;stop' {
            break
        }
        'marqueectl;experiments;help;rollout' {
            break
        }
        'marqueectl;experiments;help;help' {
            break
        }
        'marqueectl;help' {
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Migrate and inspect the database')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import movies, people and ratings from MovieLens, IMDb top-1000, TMDB, our own export and other files')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write movies, people, credits, accounts and ratings as JSON Lines (`import jsonl` reads them back)')
            [CompletionResult]::new('seed', 'seed', [CompletionResultType]::ParameterValue, 'Fill the database with a deterministic synthetic catalogue or the demo catalogue')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Administer accounts: create, list, show, disable, enable, promote, demote, reset passwords, end sessions (the first administrator starts here, with `user create --admin`)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a marqueed for API mode (`--server`): the tokens go to the OS keyring or a 0600 file')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the API-mode session with a server: revoke it there and forget the tokens')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'The server''s background jobs: list them, run one now (needs --server)')
            [CompletionResult]::new('movies', 'movies', [CompletionResultType]::ParameterValue, 'Add, edit, delete and show movies one at a time')
            [CompletionResult]::new('people', 'people', [CompletionResultType]::ParameterValue, 'Add, edit, delete and show people one at a time')
            [CompletionResult]::new('trailers', 'trailers', [CompletionResultType]::ParameterValue, 'Add, show, edit or delete a trailer, and its subtitle tracks (many at once: `import trailers`)')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Maintain the search index beside the database (`search reindex`)')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate the recommendation models offline on a train/test split (PROTOCOL.md metrics)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Analytics metrics: CTR per row and algorithm, search, active profiles, retention')
            [CompletionResult]::new('experiments', 'experiments', [CompletionResultType]::ParameterValue, 'Create, list, show (results), stop and roll out A/B experiments on For You')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;help;db' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply every pending migration (creates the SQLite file if needed)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the backend, the database URL and applied and pending migrations')
            break
        }
        'marqueectl;help;db;migrate' {
            break
        }
        'marqueectl;help;db;status' {
            break
        }
        'marqueectl;help;import' {
            [CompletionResult]::new('movielens', 'movielens', [CompletionResultType]::ParameterValue, 'A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m (.dat) or ml-100k (u.item, u.data, u.user)')
            [CompletionResult]::new('imdb-top', 'imdb-top', [CompletionResultType]::ParameterValue, 'The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross')
            [CompletionResult]::new('tmdb', 'tmdb', [CompletionResultType]::ParameterValue, 'TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres, countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id')
            [CompletionResult]::new('jsonl', 'jsonl', [CompletionResultType]::ParameterValue, 'A `marqueectl export` file: restores movies, people, credits, accounts and ratings with their ids')
            [CompletionResult]::new('trailers', 'trailers', [CompletionResultType]::ParameterValue, 'Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON Lines)')
            [CompletionResult]::new('sports', 'sports', [CompletionResultType]::ParameterValue, 'Sports leagues, teams, players, fixtures and results, match events and highlights (JSON Lines; CSV for fixtures and results)')
            break
        }
        'marqueectl;help;import;movielens' {
            break
        }
        'marqueectl;help;import;imdb-top' {
            break
        }
        'marqueectl;help;import;tmdb' {
            break
        }
        'marqueectl;help;import;jsonl' {
            break
        }
        'marqueectl;help;import;trailers' {
            break
        }
        'marqueectl;help;import;sports' {
            break
        }
        'marqueectl;help;export' {
            break
        }
        'marqueectl;help;seed' {
            break
        }
        'marqueectl;help;completions' {
            break
        }
        'marqueectl;help;user' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an account (verified, with its first profile); `--admin` for an administrator (direct database mode only)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List accounts, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an account: role, state, 2FA, live sessions, profiles')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable an account: it cannot sign in, and its sessions end at once')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable a disabled account')
            [CompletionResult]::new('promote', 'promote', [CompletionResultType]::ParameterValue, 'Make an existing account an administrator')
            [CompletionResult]::new('demote', 'demote', [CompletionResultType]::ParameterValue, 'Make an administrator an ordinary user again (never the last one)')
            [CompletionResult]::new('end-sessions', 'end-sessions', [CompletionResultType]::ParameterValue, 'End every session of an account: it must log in again everywhere')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Replace an account''s password (generated and printed once unless --password-stdin) and end all its sessions')
            break
        }
        'marqueectl;help;user;create' {
            break
        }
        'marqueectl;help;user;list' {
            break
        }
        'marqueectl;help;user;show' {
            break
        }
        'marqueectl;help;user;disable' {
            break
        }
        'marqueectl;help;user;enable' {
            break
        }
        'marqueectl;help;user;promote' {
            break
        }
        'marqueectl;help;user;demote' {
            break
        }
        'marqueectl;help;user;end-sessions' {
            break
        }
        'marqueectl;help;user;reset-password' {
            break
        }
        'marqueectl;help;login' {
            break
        }
        'marqueectl;help;logout' {
            break
        }
        'marqueectl;help;jobs' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Each job''s last run (start, duration, error, counts) and next run')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a job now: recommender (train, then precompute For You), trending, analytics, or search (rebuild the index)')
            break
        }
        'marqueectl;help;jobs;list' {
            break
        }
        'marqueectl;help;jobs;run' {
            break
        }
        'marqueectl;help;movies' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a movie')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a movie: only the values given (--genre replaces the genres)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a movie and everything that names it (credits, trailers, ratings, lists)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a movie as the API serves it')
            break
        }
        'marqueectl;help;movies;add' {
            break
        }
        'marqueectl;help;movies;edit' {
            break
        }
        'marqueectl;help;movies;delete' {
            break
        }
        'marqueectl;help;movies;show' {
            break
        }
        'marqueectl;help;people' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a person')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a person: only the values given')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a person with their credits and aliases')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a person as the API serves them')
            break
        }
        'marqueectl;help;people;add' {
            break
        }
        'marqueectl;help;people;edit' {
            break
        }
        'marqueectl;help;people;delete' {
            break
        }
        'marqueectl;help;people;show' {
            break
        }
        'marqueectl;help;trailers' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a trailer to a movie, with one or more renditions')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a trailer: title, kind, language, renditions (replace all, or add and remove)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a trailer with its renditions and subtitles')
            [CompletionResult]::new('subtitles', 'subtitles', [CompletionResultType]::ParameterValue, 'Add or remove a trailer''s subtitle tracks')
            break
        }
        'marqueectl;help;trailers;add' {
            break
        }
        'marqueectl;help;trailers;show' {
            break
        }
        'marqueectl;help;trailers;edit' {
            break
        }
        'marqueectl;help;trailers;delete' {
            break
        }
        'marqueectl;help;trailers;subtitles' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a subtitle track (one per language and format)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a subtitle track (its id is in `trailers show`)')
            break
        }
        'marqueectl;help;trailers;subtitles;add' {
            break
        }
        'marqueectl;help;trailers;subtitles;remove' {
            break
        }
        'marqueectl;help;search' {
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild DATA_DIR/search-index from the movies and people in the database')
            break
        }
        'marqueectl;help;search;reindex' {
            break
        }
        'marqueectl;help;eval' {
            break
        }
        'marqueectl;help;stats' {
            break
        }
        'marqueectl;help;experiments' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create and start an experiment (one runs at a time; the first variant is the control)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List experiments, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an experiment''s results: impressions, clicks, CTR and the difference vs the control with a 95% confidence interval')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop a running experiment (everyone gets the default For You again)')
            [CompletionResult]::new('rollout', 'rollout', [CompletionResultType]::ParameterValue, 'Roll a variant out to everyone (ends the experiment)')
            break
        }
        'marqueectl;help;experiments;create' {
            break
        }
        'marqueectl;help;experiments;list' {
            break
        }
        'marqueectl;help;experiments;show' {
            break
        }
        'marqueectl;help;experiments;stop' {
            break
        }
        'marqueectl;help;experiments;rollout' {
            break
        }
        'marqueectl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
