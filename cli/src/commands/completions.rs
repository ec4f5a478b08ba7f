//! `marqueectl completions SHELL`: the completion script, generated from the same clap definition
//! the binary parses with. `shell-completions/` holds committed copies; a test keeps them current.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::context::Context;

#[derive(Debug, clap::Args)]
#[command(after_help = "Installation: see shell-completions/README.md in the Marquee repository.")]
pub struct Opts {
    /// The shell to complete for
    shell: Shell,
}

pub fn run(opts: Opts, ctx: &Context) -> anyhow::Result<()> {
    // Generated into memory first: clap_complete panics when its writer fails, and a closed
    // stdout (`| head`) must stay a quiet exit.
    let mut script = Vec::new();
    clap_complete::generate(
        opts.shell,
        &mut crate::Cli::command(),
        "marqueectl",
        &mut script,
    );
    ctx.output.raw(&script)
}
