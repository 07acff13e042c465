import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentLayout } from '@exec-automator/core';
import { HistoryJournal } from '@exec-automator/core/state';
import { ExecutionJournal, type ExecutionRecord } from '@exec-automator/executions';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-automator-jsonl-'));
  dirs.push(dir);
  return dir;
}

function record(id: string): ExecutionRecord {
  return { execution_id: id, status: 'success', workflow: 'w', timestamp: new Date().toISOString() } as unknown as ExecutionRecord;
}

describe('journals after a torn write', () => {
  it('the executions journal gives the entry after a torn line a line of its own', async () => {
    const journal = new ExecutionJournal(new EnvironmentLayout(await tempDir(), 'dev'));
    await journal.append(record('a'));
    await appendFile(journal.file, '{"execution_id":"torn","sta'); // a crash mid-write
    await journal.append(record('b'));
    expect((await journal.readAll()).map((r) => r.execution_id)).toEqual(['a', 'b']);
    expect((await readFile(journal.file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('the history journal does the same, and the executions journal skips lines that are not its records', async () => {
    const dir = await tempDir();
    const history = new HistoryJournal(path.join(dir, 'history.jsonl'));
    const entry = { event: 'deploy', operationId: 'x', timestamp: 't', status: 'SUCCESS', from: null, to: 'r' } as const;
    await history.append(entry);
    await appendFile(path.join(dir, 'history.jsonl'), '{"event":"dep');
    await history.append({ ...entry, operationId: 'y' });
    expect((await history.read()).map((e) => e.operationId)).toEqual(['x', 'y']);
    const executions = new ExecutionJournal(new EnvironmentLayout(dir, 'dev'));
    await executions.append(record('c'));
    await appendFile(executions.file, '{"not":"a record"}\n');
    expect((await executions.readAll()).map((r) => r.execution_id)).toEqual(['c']);
  });
});
