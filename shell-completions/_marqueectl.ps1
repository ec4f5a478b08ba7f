
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
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Migrate and inspect the database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'marqueectl;db' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
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
        'marqueectl;completions' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use: postgres://USER@HOST:PORT/DB or sqlite://PATH [default: the SQLite file marquee.db in the data directory]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Directory holding the default SQLite database [default: the platform data directory, e.g. ~/.local/share/marquee]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only requested data and errors, no confirmations')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never color output (also when NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'marqueectl;help' {
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Migrate and inspect the database')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
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
        'marqueectl;help;completions' {
            break
        }
        'marqueectl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
