import type { Command } from 'commander';
import { deployError, type EnvironmentName, type SecretsBackend } from '@exec-automator/core';
import { assertNoPlaintextSecrets, type EncryptedFileSecretsBackend, secretsBackendFor } from '@exec-automator/core/secrets';
import { createDeployer, parseEnvironment, type CommonOptions } from '../context.js';
import { withExamples } from '../help-examples.js';
import { environmentOptions, jsonOption } from './common.js';

interface SetOptions extends CommonOptions {
  fromEnv?: string;
  fromStdin?: boolean;
}

/** The backend the environment's settings choose (what a deployment to it reads). */
async function backendFor(options: CommonOptions): Promise<{ environment: EnvironmentName; backend: SecretsBackend }> {
  const environment = parseEnvironment(options.environment);
  const deployer = await createDeployer(options);
  return { environment, backend: secretsBackendFor(environment, deployer.settings(environment).secrets, deployer.layout(environment)) };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is what `echo` or a here-string adds; it is not part of the value.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * The value to store, from exactly one source. A value typed on the command line is plaintext in
 * shell history and in the process list: production refuses it (`SECRETS_PLAINTEXT_REFUSED`).
 */
async function valueFrom(name: string, environment: EnvironmentName, value: string | undefined, options: SetOptions): Promise<string> {
  const sources = [value !== undefined, options.fromEnv !== undefined, options.fromStdin === true].filter(Boolean).length;
  if (sources !== 1) throw deployError('INVALID_ARGUMENT', 'Give the value in exactly one way: --from-stdin, --from-env <VAR>, or (not in production) as an argument.');
  if (value !== undefined) {
    if (environment === 'production') {
      throw deployError(
        'SECRETS_PLAINTEXT_REFUSED',
        `Production refuses a secret value given on the command line (it stays in shell history and the process list). Type or paste it instead: \`exec-automator secrets set ${name} --from-stdin --environment=production\` (end with Ctrl-D), or use --from-env <VAR>.`,
        { details: { environment } },
      );
    }
    process.stderr.write('warning: a value on the command line is visible in shell history and the process list; prefer --from-stdin.\n');
    return value;
  }
  const read = options.fromEnv !== undefined ? process.env[options.fromEnv] : await readStdin();
  if (!read) throw deployError('INVALID_ARGUMENT', options.fromEnv !== undefined ? `${options.fromEnv} is not set or empty.` : 'No value on standard input.');
  return read;
}

/** Registers `secrets set|list|delete`: values go in, names come out; a value is never printed. */
export function registerSecrets(program: Command): void {
  const secrets = program.command('secrets').description("Store and list an environment's secrets (values are never printed).");

  const set = jsonOption(
    environmentOptions(
      secrets
        .command('set')
        .description('Store a secret in the environment’s secrets backend (encrypted file in staging and production).')
        .argument('<name>', 'secret name, e.g. ANTHROPIC_API_KEY')
        .argument('[value]', 'the value (refused in production: use --from-stdin or --from-env)')
        .option('--from-env <var>', 'read the value from this environment variable')
        .option('--from-stdin', 'read the value from standard input'),
    ),
  );
  withExamples(set, [
    { description: 'store a key for production, typed or pasted (end with Ctrl-D)', command: 'exec-automator secrets set ANTHROPIC_API_KEY --from-stdin --environment=production' },
    { description: 'store a key from a variable of this shell', command: 'exec-automator secrets set OPENAI_API_KEY --from-env OPENAI_API_KEY --environment=staging' },
  ]);
  set.action(async (name: string, value: string | undefined, options: SetOptions) => {
    const { environment, backend } = await backendFor(options);
    assertNoPlaintextSecrets(environment, backend);
    if (backend.persistent === false) {
      throw deployError('SECRETS_ERROR', `The "${backend.name}" secrets backend of ${environment} cannot store values: \`export ${name}=<value>\` in the shell that runs exec-automator instead, or use the encrypted store (secrets.backend: "encrypted-file").`, {
        details: { environment, backend: backend.name },
      });
    }
    await backend.set(name, await valueFrom(name, environment, value, options));
    if (options.json) process.stdout.write(`${JSON.stringify({ environment, backend: backend.name, name, stored: true }, null, 2)}\n`);
    else process.stdout.write(`Stored ${name} in the ${backend.name} secrets backend of ${environment}.\n`);
  });

  const list = jsonOption(environmentOptions(secrets.command('list').description('List the names of the secrets that have a value (never the values).')));
  withExamples(list, [{ description: 'which secrets production has', command: 'exec-automator secrets list --environment=production' }]);
  list.action(async (options: CommonOptions) => {
    const { environment, backend } = await backendFor(options);
    const names = await backend.list();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ environment, backend: backend.name, names }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`Secrets of ${environment} (${backend.name} backend): ${names.length === 0 ? 'none' : ''}\n`);
    for (const name of names) process.stdout.write(`  ${name}\n`);
  });

  const remove = jsonOption(environmentOptions(secrets.command('delete').description('Remove a secret from the encrypted store.').argument('<name>', 'secret name')));
  withExamples(remove, [{ description: 'remove a key that is no longer used', command: 'exec-automator secrets delete OPENAI_API_KEY --environment=staging' }]);
  remove.action(
    async (name: string, options: CommonOptions) => {
      const environment = parseEnvironment(options.environment);
      const deployer = await createDeployer(options);
      const settings = deployer.settings(environment).secrets;
      if (settings.backend !== 'encrypted-file') {
        throw deployError('SECRETS_ERROR', `The "${settings.backend}" secrets backend of ${environment} stores nothing to delete.`, { details: { environment } });
      }
      // The store alone: an environment fallback has nothing to delete.
      const store = secretsBackendFor(environment, { ...settings, envFallback: false }, deployer.layout(environment)) as EncryptedFileSecretsBackend;
      const removed = await store.delete(name);
      if (options.json) process.stdout.write(`${JSON.stringify({ environment, backend: store.name, name, deleted: removed }, null, 2)}\n`);
      else process.stdout.write(removed ? `Deleted ${name} from the secrets store of ${environment}.\n` : `${name} is not in the secrets store of ${environment}.\n`);
    },
  );
}
