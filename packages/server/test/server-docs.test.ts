import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_LIMITS } from '@exec-automator/server';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('docs/server.md', () => {
  it('documents the request and reply limits the server enforces, with their defaults and serve options', async () => {
    const section = (await readFile(path.join(repo, 'docs', 'server.md'), 'utf8')).split(/^## /m).find((s) => s.startsWith('Limits\n')) ?? '';
    expect(section).toContain(`(${DEFAULT_SERVER_LIMITS.maxRequestBytes} bytes) | \`--max-body-bytes\``);
    expect(section).toContain(`| ${DEFAULT_SERVER_LIMITS.maxRequestDepth} levels | \`--max-body-depth\``);
    expect(section).toContain(`(${DEFAULT_SERVER_LIMITS.maxReplyBytes} bytes) | \`--max-reply-bytes\``);
  });
});
