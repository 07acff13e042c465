import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArchiveEntry } from '@exec-automator/core';
import { demoteHeadings, ObsidianArchiver } from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'obsidian-archiver-'));
  dirs.push(dir);
  return dir;
}

function entry(overrides: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    kind: 'deployment',
    environment: 'staging',
    organization: 'Brookside BI',
    operationId: 'dep-20261125T031500123Z-3fa2',
    status: 'SUCCESS',
    timestamp: '2026-11-25T03:15:00.123Z',
    markdown: '# Workflow Deployment Status Report\n\n**Status:** SUCCESS\n\n## Next Steps\n\n```bash\n# a shell comment\nexec-automator status\n```\n',
    ...overrides,
  };
}

describe('ObsidianArchiver', () => {
  it('appends status reports to one note per organization, environment and day, with frontmatter written once', async () => {
    const vault = await tempDir();
    const archiver = new ObsidianArchiver({ vault });
    const first = await archiver.archive(entry());
    const second = await archiver.archive(entry({ operationId: 'dep-20261125T091500000Z-aaaa', status: 'FAILED', timestamp: '2026-11-25T09:15:00.000Z' }));
    const note = path.join(vault, 'Projects', 'Exec-Automator', 'Deployments', 'brookside-bi-staging-2026-11-25.md');
    expect(first).toEqual({ archiver: 'obsidian', ok: true, location: note });
    expect(second.location).toBe(note);
    const text = await readFile(note, 'utf8');
    expect(text.startsWith('---\ntitle: "Brookside BI staging deployments 2026-11-25"\n')).toBe(true);
    expect(text.match(/^---$/gm)).toHaveLength(2); // one frontmatter block, nothing else uses a rule
    expect(text).toContain('## 2026-11-25T03:15:00.123Z · dep-20261125T031500123Z-3fa2 · SUCCESS');
    expect(text).toContain('## 2026-11-25T09:15:00.000Z · dep-20261125T091500000Z-aaaa · FAILED');
    expect(text).toContain('### Workflow Deployment Status Report');
    expect(text).toContain('#### Next Steps');
    expect(text).toContain('# a shell comment'); // code blocks are left alone
    expect(text.indexOf('dep-20261125T031500123Z-3fa2')).toBeLessThan(text.indexOf('dep-20261125T091500000Z-aaaa'));
  });

  it('starts a new note on another day and keeps errors in one note per organization', async () => {
    const vault = await tempDir();
    const archiver = new ObsidianArchiver({ vault });
    await archiver.archive(entry({ timestamp: '2026-11-26T00:00:01.000Z' }));
    await archiver.archive(entry({ kind: 'error', status: 'FAILED', environment: 'production', markdown: '# Deployment Error: SMOKE_TEST_FAILED' }));
    await archiver.archive(entry({ kind: 'error', status: 'FAILED', environment: 'dev', markdown: '# Deployment Error: VALIDATION_FAILED' }));
    const base = path.join(vault, 'Projects', 'Exec-Automator');
    expect(await readdir(path.join(base, 'Deployments'))).toEqual(['brookside-bi-staging-2026-11-26.md']);
    expect(await readdir(path.join(base, 'Errors'))).toEqual(['brookside-bi-deployment-errors.md']);
    const errors = await readFile(path.join(base, 'Errors', 'brookside-bi-deployment-errors.md'), 'utf8');
    expect(errors).toContain('tags: [exec-automator, deployment-errors]');
    expect(errors).toContain('· production · dep-20261125T031500123Z-3fa2 · FAILED');
    expect(errors).toContain('### Deployment Error: SMOKE_TEST_FAILED');
    expect(errors).toContain('### Deployment Error: VALIDATION_FAILED');
  });

  it('writes the frontmatter exactly once when several operations archive at the same time', async () => {
    const vault = await tempDir();
    const archiver = new ObsidianArchiver({ vault, folder: 'Ops/Deploys' });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => archiver.archive(entry({ operationId: `dep-${i}` }))));
    expect(results.every((r) => r.ok)).toBe(true);
    const text = await readFile(path.join(vault, 'Ops', 'Deploys', 'Deployments', 'brookside-bi-staging-2026-11-25.md'), 'utf8');
    expect(text.match(/^title: /gm)).toHaveLength(1);
    for (let i = 0; i < 8; i++) expect(text).toContain(`· dep-${i} ·`);
  });

  it('returns a failure instead of creating a vault that does not exist', async () => {
    const missing = path.join(await tempDir(), 'No Such Vault');
    const result = await new ObsidianArchiver({ vault: missing }).archive(entry());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('does not exist');
    await expect(readdir(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('returns a failure when the note cannot be written', async () => {
    const vault = await tempDir();
    // A directory where the note should be: appending to it fails on every platform, even as root.
    await mkdir(path.join(vault, 'Projects', 'Exec-Automator', 'Deployments', 'brookside-bi-staging-2026-11-25.md'), { recursive: true });
    const result = await new ObsidianArchiver({ vault }).archive(entry());
    expect(result).toMatchObject({ archiver: 'obsidian', ok: false });
    expect(result.error).toBeTruthy();
  });

  it('rejects a missing vault option with a TypeError naming it', () => {
    expect(() => new ObsidianArchiver({ vault: '' })).toThrow(/Expected `vault`/);
  });

  it('demotes headings outside code blocks only', () => {
    expect(demoteHeadings('# A\n```\n# b\n```\n## C\n##### E')).toBe('### A\n```\n# b\n```\n#### C\n##### E');
  });
});
