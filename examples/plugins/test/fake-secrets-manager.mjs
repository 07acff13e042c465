#!/usr/bin/env node
// A stand-in for an external secrets manager's CLI (1Password, Vault and the like cannot run
// here): `get NAME` prints the value (exit 3 when absent), `set NAME` reads the value from
// stdin, `list` prints the names. Values live in the JSON file named by FAKE_SECRETS_FILE.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.FAKE_SECRETS_FILE;
const load = () => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};
const [verb, name] = process.argv.slice(2);
const store = load();
if (verb === 'get') {
  if (!(name in store)) {
    process.stderr.write(`no secret named ${name}\n`);
    process.exit(3);
  }
  process.stdout.write(`${store[name]}\n`);
} else if (verb === 'set') {
  store[name] = readFileSync(0, 'utf8');
  writeFileSync(file, JSON.stringify(store), { mode: 0o600 });
} else if (verb === 'list') {
  process.stdout.write(Object.keys(store).map((k) => `${k}\n`).join(''));
} else {
  process.stderr.write(`unknown verb ${verb}\n`);
  process.exit(2);
}
