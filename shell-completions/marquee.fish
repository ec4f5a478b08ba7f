# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_marquee_global_optspecs
    string join \n server= no-mouse posters= h/help V/version
end

function __fish_marquee_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_marquee_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_marquee_using_subcommand
    set -l cmd (__fish_marquee_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c marquee -n "__fish_marquee_needs_command" -l server -d 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]' -r -f
complete -c marquee -n "__fish_marquee_needs_command" -l posters -d 'How the movie page draws posters: ask the terminal (auto), a graphics protocol, coloured half blocks, or off (a placeholder; also with NO_COLOR) [default: `[display] posters` in keys.toml, else auto]' -r -f -a "auto\t'Ask the terminal which graphics protocol it speaks; halfblocks when none'
kitty\t''
sixel\t''
iterm2\t''
halfblocks\t'Coloured half-block characters: works in any colour terminal'
off\t'No images: a framed placeholder with the title'"
complete -c marquee -n "__fish_marquee_needs_command" -l no-mouse -d 'Leave the mouse to the terminal, for its own text selection (as `[mouse] enabled = false` in keys.toml)'
complete -c marquee -n "__fish_marquee_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c marquee -n "__fish_marquee_needs_command" -s V -l version -d 'Print version'
complete -c marquee -n "__fish_marquee_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c marquee -n "__fish_marquee_needs_command" -f -a "logout" -d 'Sign out: revoke the session on the server and forget the stored tokens'
complete -c marquee -n "__fish_marquee_needs_command" -f -a "keys" -d 'Print every key binding as a commented keys.toml, to start a remap from'
complete -c marquee -n "__fish_marquee_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c marquee -n "__fish_marquee_using_subcommand completions" -l server -d 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]' -r -f
complete -c marquee -n "__fish_marquee_using_subcommand completions" -s h -l help -d 'Print help'
complete -c marquee -n "__fish_marquee_using_subcommand logout" -l server -d 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]' -r -f
complete -c marquee -n "__fish_marquee_using_subcommand logout" -s h -l help -d 'Print help'
complete -c marquee -n "__fish_marquee_using_subcommand keys" -l server -d 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]' -r -f
complete -c marquee -n "__fish_marquee_using_subcommand keys" -s h -l help -d 'Print help'
complete -c marquee -n "__fish_marquee_using_subcommand help; and not __fish_seen_subcommand_from completions logout keys help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c marquee -n "__fish_marquee_using_subcommand help; and not __fish_seen_subcommand_from completions logout keys help" -f -a "logout" -d 'Sign out: revoke the session on the server and forget the stored tokens'
complete -c marquee -n "__fish_marquee_using_subcommand help; and not __fish_seen_subcommand_from completions logout keys help" -f -a "keys" -d 'Print every key binding as a commented keys.toml, to start a remap from'
complete -c marquee -n "__fish_marquee_using_subcommand help; and not __fish_seen_subcommand_from completions logout keys help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
