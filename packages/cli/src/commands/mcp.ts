import type { Command } from 'commander';
import { runStdio } from '@exec-automator/mcp';

/** Registers `mcp`: the same server as the `exec-automator-mcp` binary, on stdio. */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('Run the MCP server on stdio (same as exec-automator-mcp; see `exec-automator mcp --help`).')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[options...]', 'options of exec-automator-mcp: --allow <dir>, --root <dir>, --config <file>, ...')
    .action(async (args: string[]) => {
      await runStdio(args);
    });
}
