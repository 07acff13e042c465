import { Argument, type Command } from 'commander';
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from '../completion/completion-script.js';
import { withExamples } from '../help-examples.js';

/** Registers `completion <shell>`: prints a completion script generated from the command tree itself. */
export function registerCompletion(program: Command): void {
  const command = program
    .command('completion')
    .description('Print the shell completion script for bash, zsh or fish (commands, options, environments, paths).')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(COMPLETION_SHELLS))
    .action((shell: CompletionShell) => {
      process.stdout.write(completionScript(shell, program));
    });
  withExamples(command, [
    { description: 'bash: complete in this shell', command: 'source <(exec-automator completion bash)' },
    { description: 'bash: complete in every new shell', command: 'exec-automator completion bash > ~/.local/share/bash-completion/completions/exec-automator' },
    { description: 'zsh: install into the first directory of $fpath (then restart zsh)', command: 'exec-automator completion zsh > "${fpath[1]}/_exec-automator"' },
    { description: 'fish', command: 'exec-automator completion fish > ~/.config/fish/completions/exec-automator.fish' },
  ]);
}
