/**
 * Embedding exec-automator in a Node program: build a Deployer with the default pipeline,
 * print its events as they happen, deploy the example workflows to a `dev` environment in a
 * directory of your choice, and print a summary.
 *
 * Run (from the repository root, after `pnpm build`):
 *   pnpm exec tsx examples/embed/deploy-with-sdk.ts [root-dir]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployer, type DeployerEvent } from '@exec-automator/core';
import { defaultPhases } from '@exec-automator/pipeline';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, '..', '..', '.exec-automator-embed'));

const deployer = new Deployer({ root, phases: defaultPhases() });

// One listener for every event; typed listeners per event type work too.
deployer.on('event', (event: DeployerEvent) => {
  const at = event.timestamp.slice(11, 19);
  switch (event.type) {
    case 'phase:start':
      console.log(`${at} #${event.sequence} ▶ ${event.title}`);
      break;
    case 'phase:progress':
      console.log(`${at} #${event.sequence}   ${event.message}`);
      break;
    case 'phase:complete':
      console.log(`${at} #${event.sequence} ✓ ${event.title}: ${event.summary}`);
      break;
    case 'phase:fail':
      console.log(`${at} #${event.sequence} ✗ ${event.title}: [${event.error.code}] ${event.error.message}`);
      break;
    case 'release:switch':
      console.log(`${at} #${event.sequence} ⇄ current ${event.from ?? '(none)'} → ${event.to}`);
      break;
    default:
      break;
  }
});
deployer.on('release:mark', (event) => console.log(`release ${event.release} is ${event.status}`));

const result = await deployer.deploy({ source: path.join(here, '..', 'workflows'), environment: 'dev' });
console.log(`\n${result.status}: ${result.workflows.length} workflow(s) in ${(result.durationMs / 1000).toFixed(1)} s, release ${result.release?.id ?? '(none)'}`);
for (const report of result.reports) console.log(`report: ${report}`);
process.exitCode = result.status === 'FAILED' ? 1 : 0;
