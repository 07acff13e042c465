import type { Command } from 'commander';
import { bashCompletion } from './bash.js';
import { completionModel } from './command-model.js';
import { fishCompletion } from './fish.js';
import { zshCompletion } from './zsh.js';

/** The shells `exec-automator completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;

/** One of {@link COMPLETION_SHELLS}. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The completion script for `shell`, generated from the command tree `program` (so it lists exactly the CLI's commands and options). */
export function completionScript(shell: CompletionShell, program: Command): string {
  const model = completionModel(program);
  switch (shell) {
    case 'bash':
      return bashCompletion(model);
    case 'zsh':
      return zshCompletion(model);
    case 'fish':
      return fishCompletion(model);
  }
}
