
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'marquee' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'marquee'
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
        'marquee' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]')
            [CompletionResult]::new('--posters', '--posters', [CompletionResultType]::ParameterName, 'How the movie page draws posters: ask the terminal (auto), a graphics protocol, coloured half blocks, or off (a placeholder; also with NO_COLOR) [default: `[display] posters` in keys.toml, else auto]')
            [CompletionResult]::new('--no-mouse', '--no-mouse', [CompletionResultType]::ParameterName, 'Leave the mouse to the terminal, for its own text selection (as `[mouse] enabled = false` in keys.toml)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out: revoke the session on the server and forget the stored tokens')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Print every key binding as a commented keys.toml, to start a remap from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marquee;completions' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'marquee;logout' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'marquee;keys' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Marquee server to talk to [default: the last one signed in to, else http://127.0.0.1:8080]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'marquee;help' {
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Sign out: revoke the session on the server and forget the stored tokens')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Print every key binding as a commented keys.toml, to start a remap from')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marquee;help;completions' {
            break
        }
        'marquee;help;logout' {
            break
        }
        'marquee;help;keys' {
            break
        }
        'marquee;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
