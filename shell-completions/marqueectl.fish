# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_marqueectl_global_optspecs
    string join \n database-url= data-dir= output= q/quiet no-color h/help V/version
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
complete -c marqueectl -n "__fish_marqueectl_needs_command" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_needs_command" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -s V -l version -d 'Print version'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "db" -d 'Migrate and inspect the database'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c marqueectl -n "__fish_marqueectl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and not __fish_seen_subcommand_from migrate status help" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
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
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Apply every pending migration (creates the SQLite file if needed)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the backend, the database URL and applied and pending migrations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l database-url -d 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]' -r -f
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l data-dir -d 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]' -r -f -a "(__fish_complete_directories)"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l output -d 'How to print results' -r -f -a "table\t'Aligned text for people'
json\t'One JSON document for scripts'"
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -s q -l quiet -d 'Print only requested data and errors, no confirmations'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -l no-color -d 'Never color output (also when NO_COLOR is set)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db completions help" -f -a "db" -d 'Migrate and inspect the database'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and not __fish_seen_subcommand_from db completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrate" -d 'Apply every pending migration (creates the SQLite file if needed)'
complete -c marqueectl -n "__fish_marqueectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "status" -d 'Show the backend, the database URL and applied and pending migrations'
