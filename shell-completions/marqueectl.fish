# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_marqueectl_global_optspecs
    string join \n database-url= data-dir= server= output= q/quiet no-color h/help V/version
end

function __fish_marqueectl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_marqueectl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_marqueectl_using_subcommand
    set -l cmd (__fish_marqueectl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c marqueectl -n "__fish_marqueectl_needs_command" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_needs_command" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_needs_command" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_needs_command" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_needs_command" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -s V -l version -d 'Print version'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "db" -d 'Migrate and inspect the database'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "import" -d 'Import movies, people and ratings from MovieLens, IMDb top-1000, TMDB, our own export and other files'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "export" -d 'Write movies, people, credits, accounts and ratings as JSON Lines (`import jsonl` reads them back)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "seed" -d 'Fill the database with a deterministic synthetic catalogue or the demo catalogue'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "user" -d 'Administer accounts: create, list, show, disable, enable, promote, demote, reset passwords, end sessions (the first administrator starts here, with `user create --admin`)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "login" -d 'Log in to a marqueed for API mode (`--server`): the tokens go to the OS keyring or a 0600 file'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "logout" -d 'End the API-mode session with a server: revoke it there and forget the tokens'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "jobs" -d 'The server\'s background jobs: list them, run one now (needs --server)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "movies" -d 'Add, edit, delete and show movies one at a time'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "people" -d 'Add, edit, delete and show people one at a time'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "trailers" -d 'Add, show, edit or delete a trailer, and its subtitle tracks (many at once: `import trailers`)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "search" -d 'Maintain the search index beside the database (`search reindex`)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "eval" -d 'Evaluate the recommendation models offline on a train/test split (PROTOCOL.md metrics)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "stats" -d 'Analytics metrics: CTR per row and algorithm, search, active profiles, retention'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "experiments" -d 'Create, list, show (results), stop and roll out A/B experiments on For You'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -f -a "migrate" -d 'Apply every pending migration (creates the SQLite file if needed)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -f -a "status" -d 'Show the backend, the database URL and applied and pending migrations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Apply every pending migration (creates the SQLite file if needed)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the backend, the database URL and applied and pending migrations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "movielens" -d 'A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m (.dat) or ml-100k (u.item, u.data, u.user)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "imdb-top" -d 'The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "tmdb" -d 'TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres, countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "jsonl" -d 'A `marqueectl export` file: restores movies, people, credits, accounts and ratings with their ids'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "trailers" -d 'Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON Lines)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "sports" -d 'Sports leagues, teams, players, fixtures and results, match events and highlights (JSON Lines; CSV for fixtures and results)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and not __fish_seen_subcommand_from movielens imdb-top tmdb jsonl trailers sports help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l rejects -d 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l batch-size -d 'Records per transaction' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l strict -d 'Abort at the first rejected record and roll back everything this run wrote'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l dry-run -d 'Validate and report what would change, writing nothing to the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from movielens" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l rejects -d 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l batch-size -d 'Records per transaction' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l strict -d 'Abort at the first rejected record and roll back everything this run wrote'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l dry-run -d 'Validate and report what would change, writing nothing to the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from imdb-top" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l rejects -d 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l batch-size -d 'Records per transaction' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l strict -d 'Abort at the first rejected record and roll back everything this run wrote'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l dry-run -d 'Validate and report what would change, writing nothing to the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from tmdb" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l rejects -d 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l batch-size -d 'Records per transaction' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l strict -d 'Abort at the first rejected record and roll back everything this run wrote'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l dry-run -d 'Validate and report what would change, writing nothing to the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from jsonl" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l format -d 'The file\'s layout [default: from the extension]' -r -f -a "csv\t'Comma-separated values with a header line'
jsonl\t'One JSON object per line'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l rejects -d 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l batch-size -d 'Records per transaction' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l strict -d 'Abort at the first rejected record and roll back everything this run wrote'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l dry-run -d 'Validate and report what would change, writing nothing to the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from trailers" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l format -d 'The file\'s layout [default: from the extension]' -r -f -a "csv\t'Comma-separated values with a header line'
jsonl\t'One JSON object per line'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l rejects -d 'Where to write rejected records as CSV [default: <FORMAT>.rejects.csv in the current directory; only created when something is rejected]' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l batch-size -d 'Records per transaction' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l strict -d 'Abort at the first rejected record and roll back everything this run wrote'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l dry-run -d 'Validate and report what would change, writing nothing to the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from sports" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "movielens" -d 'A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m (.dat) or ml-100k (u.item, u.data, u.user)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "imdb-top" -d 'The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "tmdb" -d 'TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres, countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "jsonl" -d 'A `marqueectl export` file: restores movies, people, credits, accounts and ratings with their ids'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "trailers" -d 'Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON Lines)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "sports" -d 'Sports leagues, teams, players, fixtures and results, match events and highlights (JSON Lines; CSV for fixtures and results)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l file -d 'Write to this file instead of stdout' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l only -d 'Only these kinds of records (comma-separated) [default: all]' -r -f -a "genres\t'Genres (name, slug)'
people\t'People with their external ids'
movies\t'Movies with external ids, genres, countries, keywords and IMDb figures'
credits\t'Cast and crew credits'
accounts\t'Accounts (e-mail, name, role; never the password) with their profiles'
ratings\t'Ratings by profile and movie'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l movies -d 'Synthetic movies' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l users -d 'Synthetic accounts, one profile each' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l ratings -d 'Synthetic ratings (at most movies × users)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l seed -d 'Seed of the generator: the same seed gives the same database' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l bcrypt-cost -d 'bcrypt cost of the demo password (tests use 4)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l synthetic -d 'Generate a deterministic synthetic catalogue, accounts and ratings (needs an empty catalogue)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l demo -d 'Add the small demo catalogue and the demo account demo@marquee.local'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand seed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "create" -d 'Create an account (verified, with its first profile); `--admin` for an administrator (direct database mode only)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "list" -d 'List accounts, oldest first'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "show" -d 'Show an account: role, state, 2FA, live sessions, profiles'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "disable" -d 'Disable an account: it cannot sign in, and its sessions end at once'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "enable" -d 'Enable a disabled account'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "promote" -d 'Make an existing account an administrator'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "demote" -d 'Make an administrator an ordinary user again (never the last one)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "end-sessions" -d 'End every session of an account: it must log in again everywhere'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "reset-password" -d 'Replace an account\'s password (generated and printed once unless --password-stdin) and end all its sessions'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and not __fish_seen_subcommand_from create list show disable enable promote demote end-sessions reset-password help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l name -d 'Display name [default: the part of the email before `@`]' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l bcrypt-cost -d 'bcrypt cost (tests use 4)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l admin -d 'Give the account the `admin` role'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l password-stdin -d 'Read the password from the first line of standard input; without it a random password is generated and printed once'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l page -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l per-page -d 'Accounts per page (at most 100)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -s y -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from demote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -s y -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from end-sessions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l bcrypt-cost -d 'bcrypt cost (tests use 4)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l password-stdin -d 'Read the new password from the first line of standard input; without it a random password is generated and printed once'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s y -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an account (verified, with its first profile); `--admin` for an administrator (direct database mode only)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List accounts, oldest first'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an account: role, state, 2FA, live sessions, profiles'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable an account: it cannot sign in, and its sessions end at once'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable a disabled account'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "promote" -d 'Make an existing account an administrator'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "demote" -d 'Make an administrator an ordinary user again (never the last one)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "end-sessions" -d 'End every session of an account: it must log in again everywhere'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "reset-password" -d 'Replace an account\'s password (generated and printed once unless --password-stdin) and end all its sessions'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l email -d 'The account\'s email address [default: asked on a terminal]' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l totp-code -d 'The 2FA code (or a recovery code) when the account has 2FA; asked on a terminal otherwise' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input instead of a prompt'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -f -a "list" -d 'Each job\'s last run (start, duration, error, counts) and next run'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -f -a "run" -d 'Run a job now: recommender (train, then precompute For You), trending, analytics, or search (rebuild the index)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and not __fish_seen_subcommand_from list run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l timeout -d 'Give up waiting after this many seconds (the run goes on on the server)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l no-wait -d 'Return once the run has started instead of waiting for it to finish'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "list" -d 'Each job\'s last run (start, duration, error, counts) and next run'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a job now: recommender (train, then precompute For You), trending, analytics, or search (rebuild the index)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -f -a "add" -d 'Add a movie'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -f -a "edit" -d 'Change a movie: only the values given (--genre replaces the genres)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -f -a "delete" -d 'Delete a movie and everything that names it (credits, trailers, ratings, lists)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -f -a "show" -d 'Show a movie as the API serves it'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and not __fish_seen_subcommand_from add edit delete show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l original-title -d 'Original title, when it differs' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l tagline -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l overview -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l release-date -d 'Release date, YYYY-MM-DD (sets the year unless --year is given)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l year -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l runtime -d 'Runtime in minutes' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l language -d 'Original language: an ISO 639 code the catalogue knows (e.g. en)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l genre -d 'A genre slug the catalogue knows (repeat for several)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l poster-url -d 'Poster image URL (http or https)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l title -d 'New title' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l original-title -d 'Original title, when it differs' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l tagline -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l overview -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l release-date -d 'Release date, YYYY-MM-DD (sets the year unless --year is given)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l year -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l runtime -d 'Runtime in minutes' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l language -d 'Original language: an ISO 639 code the catalogue knows (e.g. en)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l genre -d 'A genre slug the catalogue knows (repeat for several)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l poster-url -d 'Poster image URL (http or https)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a movie'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a movie: only the values given (--genre replaces the genres)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a movie and everything that names it (credits, trailers, ratings, lists)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a movie as the API serves it'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand movies; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -f -a "add" -d 'Add a person'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -f -a "edit" -d 'Change a person: only the values given'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -f -a "delete" -d 'Delete a person with their credits and aliases'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -f -a "show" -d 'Show a person as the API serves them'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and not __fish_seen_subcommand_from add edit delete show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l biography -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l birth-date -d 'Birth date, YYYY-MM-DD' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l death-date -d 'Death date, YYYY-MM-DD' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l place-of-birth -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l department -d 'Known for: Acting, Directing, Writing…' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l profile-url -d 'Profile image URL (http or https)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l name -d 'New name' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l biography -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l birth-date -d 'Birth date, YYYY-MM-DD' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l death-date -d 'Death date, YYYY-MM-DD' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l place-of-birth -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l department -d 'Known for: Acting, Directing, Writing…' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l profile-url -d 'Profile image URL (http or https)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a person'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a person: only the values given'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a person with their credits and aliases'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a person as the API serves them'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -f -a "add" -d 'Add a trailer to a movie, with one or more renditions'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -f -a "show" -d 'Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -f -a "edit" -d 'Change a trailer: title, kind, language, renditions (replace all, or add and remove)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -f -a "delete" -d 'Delete a trailer with its renditions and subtitles'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -f -a "subtitles" -d 'Add or remove a trailer\'s subtitle tracks'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and not __fish_seen_subcommand_from add show edit delete subtitles help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l kind -d 'trailer, teaser, clip, featurette…' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l language -d 'Spoken language: an ISO 639 code the catalogue knows' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l rendition -d 'A rendition: QUALITY:FORMAT:LOCATION (repeat for several)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l duration -d 'Duration of every rendition, in seconds' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l title -d 'A new title' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l kind -d 'trailer, teaser, clip, featurette…' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l language -d 'Spoken language: an ISO 639 code the catalogue knows' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l rendition -d 'Replace every rendition with these: QUALITY:FORMAT:LOCATION (repeat for several)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l add-rendition -d 'Add a rendition: QUALITY:FORMAT:LOCATION (repeat for several)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l remove-rendition -d 'Remove the rendition with this id (see `trailers show`; repeat for several)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l duration -d 'Duration of every rendition given, in seconds' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l no-language -d 'Remove the spoken language'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (needed when stdin is not a terminal)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -f -a "add" -d 'Add a subtitle track (one per language and format)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -f -a "remove" -d 'Remove a subtitle track (its id is in `trailers show`)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from subtitles" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a trailer to a movie, with one or more renditions'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a trailer: title, kind, language, renditions (replace all, or add and remove)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a trailer with its renditions and subtitles'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from help" -f -a "subtitles" -d 'Add or remove a trailer\'s subtitle tracks'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand trailers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -f -a "reindex" -d 'Rebuild DATA_DIR/search-index from the movies and people in the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and not __fish_seen_subcommand_from reindex help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from reindex" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from help" -f -a "reindex" -d 'Rebuild DATA_DIR/search-index from the movies and people in the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand search; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l train -d 'Training interactions: CSV with header userId,movieId,rating,timestamp' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l test -d 'Held-out interactions, same format; used only for scoring' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l model -d 'Model to evaluate; repeat for several [default: all]' -r -f -a "popular\t'Most interactions overall (the protocol\'s self-check)'
knn\t'Item-item cosine, 100 neighbours'
als\t'Implicit ALS, 128 factors'
ease\t'EASE item-item regression'
content\t'TF-IDF over genres, tags and decade (needs --movies or --tags)'
hybrid\t'The blend For You serves'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l movies -d 'MovieLens movies.csv (genres, year) for the content model and the hybrid' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l tags -d 'MovieLens tags.csv (free-text tags) for the content model and the hybrid' -r -F
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand eval" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -l since -d 'Window start: days back (`7d`), a date (`2026-11-01`) or an RFC 3339 time' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -f -a "create" -d 'Create and start an experiment (one runs at a time; the first variant is the control)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -f -a "list" -d 'List experiments, newest first'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -f -a "show" -d 'Show an experiment\'s results: impressions, clicks, CTR and the difference vs the control with a 95% confidence interval'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -f -a "stop" -d 'Stop a running experiment (everyone gets the default For You again)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -f -a "rollout" -d 'Roll a variant out to everyone (ends the experiment)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and not __fish_seen_subcommand_from create list show stop rollout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l variant -d 'A variant: KEY=SHARE[:CONFIG_JSON] (give 2 to 10; shares sum to 1)' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l description -d 'What the experiment tests' -r
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -l server -d 'Talk to this marqueed over HTTP (API mode) instead of opening the database, as the account `marqueectl login` stored; commands that need the database refuse it' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from rollout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create and start an experiment (one runs at a time; the first variant is the control)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "list" -d 'List experiments, newest first'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an experiment\'s results: impressions, clicks, CTR and the difference vs the control with a 95% confidence interval'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop a running experiment (everyone gets the default For You again)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "rollout" -d 'Roll a variant out to everyone (ends the experiment)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand experiments; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "db" -d 'Migrate and inspect the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "import" -d 'Import movies, people and ratings from MovieLens, IMDb top-1000, TMDB, our own export and other files'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "export" -d 'Write movies, people, credits, accounts and ratings as JSON Lines (`import jsonl` reads them back)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "seed" -d 'Fill the database with a deterministic synthetic catalogue or the demo catalogue'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "user" -d 'Administer accounts: create, list, show, disable, enable, promote, demote, reset passwords, end sessions (the first administrator starts here, with `user create --admin`)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "login" -d 'Log in to a marqueed for API mode (`--server`): the tokens go to the OS keyring or a 0600 file'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "logout" -d 'End the API-mode session with a server: revoke it there and forget the tokens'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "jobs" -d 'The server\'s background jobs: list them, run one now (needs --server)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "movies" -d 'Add, edit, delete and show movies one at a time'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "people" -d 'Add, edit, delete and show people one at a time'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "trailers" -d 'Add, show, edit or delete a trailer, and its subtitle tracks (many at once: `import trailers`)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "search" -d 'Maintain the search index beside the database (`search reindex`)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "eval" -d 'Evaluate the recommendation models offline on a train/test split (PROTOCOL.md metrics)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "stats" -d 'Analytics metrics: CTR per row and algorithm, search, active profiles, retention'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "experiments" -d 'Create, list, show (results), stop and roll out A/B experiments on For You'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db import export seed completions user login logout jobs movies people trailers search eval stats experiments help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrate" -d 'Apply every pending migration (creates the SQLite file if needed)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "status" -d 'Show the backend, the database URL and applied and pending migrations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "movielens" -d 'A MovieLens folder: ml-latest-small/ml-25m (CSV: movies, links, tags, ratings), ml-1m (.dat) or ml-100k (u.item, u.data, u.user)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "imdb-top" -d 'The Kaggle "IMDB top 1000" CSV: movies, genres, directors and stars, scores, gross'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "tmdb" -d 'TMDB movie details with credits appended (JSON Lines or a JSON array): movies, genres, countries, people, cast and crew; keyed on TMDB id, enriching movies known by IMDb id'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "jsonl" -d 'A `marqueectl export` file: restores movies, people, credits, accounts and ratings with their ids'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "trailers" -d 'Trailers with renditions and subtitles for movies already in the catalogue (CSV or JSON Lines)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "sports" -d 'Sports leagues, teams, players, fixtures and results, match events and highlights (JSON Lines; CSV for fixtures and results)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "create" -d 'Create an account (verified, with its first profile); `--admin` for an administrator (direct database mode only)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List accounts, oldest first'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show an account: role, state, 2FA, live sessions, profiles'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "disable" -d 'Disable an account: it cannot sign in, and its sessions end at once'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "enable" -d 'Enable a disabled account'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "promote" -d 'Make an existing account an administrator'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "demote" -d 'Make an administrator an ordinary user again (never the last one)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "end-sessions" -d 'End every session of an account: it must log in again everywhere'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "reset-password" -d 'Replace an account\'s password (generated and printed once unless --password-stdin) and end all its sessions'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "list" -d 'Each job\'s last run (start, duration, error, counts) and next run'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "run" -d 'Run a job now: recommender (train, then precompute For You), trending, analytics, or search (rebuild the index)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from movies" -f -a "add" -d 'Add a movie'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from movies" -f -a "edit" -d 'Change a movie: only the values given (--genre replaces the genres)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from movies" -f -a "delete" -d 'Delete a movie and everything that names it (credits, trailers, ratings, lists)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from movies" -f -a "show" -d 'Show a movie as the API serves it'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "add" -d 'Add a person'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "edit" -d 'Change a person: only the values given'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "delete" -d 'Delete a person with their credits and aliases'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "show" -d 'Show a person as the API serves them'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from trailers" -f -a "add" -d 'Add a trailer to a movie, with one or more renditions'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from trailers" -f -a "show" -d 'Show a trailer: its renditions and subtitle tracks (with their ids) and where each file is'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from trailers" -f -a "edit" -d 'Change a trailer: title, kind, language, renditions (replace all, or add and remove)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from trailers" -f -a "delete" -d 'Delete a trailer with its renditions and subtitles'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from trailers" -f -a "subtitles" -d 'Add or remove a trailer\'s subtitle tracks'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from search" -f -a "reindex" -d 'Rebuild DATA_DIR/search-index from the movies and people in the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from experiments" -f -a "create" -d 'Create and start an experiment (one runs at a time; the first variant is the control)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from experiments" -f -a "list" -d 'List experiments, newest first'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from experiments" -f -a "show" -d 'Show an experiment\'s results: impressions, clicks, CTR and the difference vs the control with a 95% confidence interval'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from experiments" -f -a "stop" -d 'Stop a running experiment (everyone gets the default For You again)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from experiments" -f -a "rollout" -d 'Roll a variant out to everyone (ends the experiment)'
