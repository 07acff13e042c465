import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneReports } from '../src/report-retention.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('report retention', () => {
  it('keeps the newest reports of each kind, validation report pairs together, and nothing else is touched', async () => {
    const env = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-retention-'));
    dirs.push(env);
    await mkdir(path.join(env, 'validation'));
    const stamps = ['20261201T000000000Z', '20261201T010000000Z', '20261201T020000000Z', '20261202T000000000Z'];
    for (const t of stamps) {
      await writeFile(path.join(env, `DEPLOYMENT-REPORT-${t}.md`), 'r');
      await writeFile(path.join(env, `deployment-errors-${t}.json`), '{}');
      await writeFile(path.join(env, 'validation', `validation-report-${t}.json`), '{}');
      await writeFile(path.join(env, 'validation', `validation-report-${t}.md`), 'v');
    }
    await writeFile(path.join(env, 'DEPLOYMENT-STATUS-REPORT.md'), 's');
    await writeFile(path.join(env, 'history.jsonl'), '');
    const removed = await pruneReports(env, 2);
    expect(removed.map((f) => path.relative(env, f)).sort()).toEqual(
      [
        `DEPLOYMENT-REPORT-${stamps[0]}.md`, `DEPLOYMENT-REPORT-${stamps[1]}.md`,
        `deployment-errors-${stamps[0]}.json`, `deployment-errors-${stamps[1]}.json`,
        `validation/validation-report-${stamps[0]}.json`, `validation/validation-report-${stamps[0]}.md`,
        `validation/validation-report-${stamps[1]}.json`, `validation/validation-report-${stamps[1]}.md`,
      ].sort(),
    );
    expect((await readdir(env)).sort()).toEqual(
      ['DEPLOYMENT-REPORT-20261202T000000000Z.md', 'DEPLOYMENT-REPORT-20261201T020000000Z.md', 'DEPLOYMENT-STATUS-REPORT.md',
        'deployment-errors-20261201T020000000Z.json', 'deployment-errors-20261202T000000000Z.json', 'history.jsonl', 'validation'].sort(),
    );
    expect(await readdir(path.join(env, 'validation'))).toHaveLength(4);
    expect(await pruneReports(env, 2)).toEqual([]);
  });
});
