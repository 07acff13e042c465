import type { Command } from 'commander';
import { secretsBackendFor } from '@exec-automator/core/secrets';
import { ApiKeys } from '@exec-automator/executions';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';

interface CreateOptions extends CommonOptions {
  name?: string;
}

async function keysFor(options: CommonOptions): Promise<{ environment: string; keys: ApiKeys }> {
  const environment = parseEnvironment(options.environment);
  const deployer = await createDeployer(options);
  const backend = secretsBackendFor(environment, deployer.settings(environment).secrets, deployer.layout(environment));
  return { environment, keys: new ApiKeys(backend, environment) };
}

/** Registers `api-keys create|list|revoke`: the keys `serve` accepts (only their hashes are stored). */
export function registerApiKeys(program: Command): void {
  const group = program.command('api-keys').description('Create, list and revoke the API keys `serve` accepts (only a hash of each key is stored, in the secrets backend).');

  const create = jsonOption(environmentOptions(group.command('create').description('Create an API key and print it once (it cannot be shown again).').option('--name <label>', 'a label to recognise the key by in `api-keys list`')));
  withExamples(create, [{ description: 'a key for the staging dashboard', command: 'exec-automator api-keys create --environment=staging --name dashboard' }]);
  create.action(async (options: CreateOptions) => {
    const { environment, keys } = await keysFor(options);
    const { key, info } = await keys.create(options.name);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ key, id: info.id, name: info.name, environment }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${key}\n`);
    process.stderr.write(`API key ${info.id}${info.name ? ` (${info.name})` : ''} created for ${environment}. It is shown only now; send it as "Authorization: Bearer <key>" or "x-api-key: <key>".\n`);
  });

  const list = jsonOption(environmentOptions(group.command('list').description('List the API keys (ids, labels, creation and revocation times; never the keys).')));
  list.action(async (options: CommonOptions) => {
    const { environment, keys } = await keysFor(options);
    const all = await keys.list();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ environment, keys: all }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`API keys of ${environment}: ${all.length === 0 ? 'none' : ''}\n`);
    for (const k of all) process.stdout.write(`  ${k.id}  ${k.prefix}…  ${k.name ?? '-'}  created ${k.created_at}${k.revoked_at ? `  REVOKED ${k.revoked_at}` : ''}\n`);
  });

  const revoke = jsonOption(environmentOptions(group.command('revoke').description('Revoke an API key by its id or name (a running server refuses it within 2 s).').argument('<id-or-name>', 'the key id from `api-keys list`, or its --name')));
  revoke.action(async (idOrName: string, options: CommonOptions) => {
    const { environment, keys } = await keysFor(options);
    const info = await keys.revoke(idOrName);
    if (options.json) process.stdout.write(`${JSON.stringify({ environment, revoked: info }, null, 2)}\n`);
    else process.stdout.write(`Revoked API key ${info.id}${info.name ? ` (${info.name})` : ''} of ${environment}.\n`);
  });
}
