import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEPLOYER_EVENT_TYPES } from '../../src/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The event types of the table in the `## Event types` section of docs/events.md, in order. */
function documentedEvents(markdown: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Event types\n')) ?? '';
  return [...section.matchAll(/^\| `([a-z]+:[a-z]+)` \|/gm)].map((m) => m[1] as string);
}

describe('docs/events.md', () => {
  it('lists every event type of DeployerEventPayloads, in the same order', async () => {
    const documented = documentedEvents(await readFile(path.join(repo, 'docs', 'events.md'), 'utf8'));
    expect(documented).toEqual([...DEPLOYER_EVENT_TYPES]);
  });

  it('has each type once in DEPLOYER_EVENT_TYPES', () => {
    expect(new Set(DEPLOYER_EVENT_TYPES).size).toBe(DEPLOYER_EVENT_TYPES.length);
    expect(DEPLOYER_EVENT_TYPES).toContain('python:install');
  });

  it('is linked from the concepts page', async () => {
    expect(await readFile(path.join(repo, 'docs', 'concepts.md'), 'utf8')).toContain('(events.md)');
  });
});
