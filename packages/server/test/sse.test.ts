import { describe, expect, it } from 'vitest';
import { RunStream, sseFrame, sseResponse } from '@exec-automator/server';

describe('server-sent events of a run', () => {
  it('frames events as the LangGraph SDK parses them and sends heartbeats while a run is quiet', async () => {
    const stream = new RunStream();
    stream.push('metadata', { run_id: 'r1', attempt: 1 });
    const response = sseResponse(stream.read('all'), { 'Content-Location': '/runs/r1' }, undefined, 50);
    setTimeout(() => {
      stream.push('values', { n: 1 });
      stream.end();
    }, 300);
    const text = await response.text();
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('content-location')).toBe('/runs/r1');
    expect(text.startsWith('event: metadata\ndata: {"run_id":"r1","attempt":1}\nid: 1\n\n')).toBe(true);
    expect(text).toContain(': heartbeat\n\n');
    expect(text.endsWith('event: values\ndata: {"n":1}\nid: 2\n\n')).toBe(true);
    expect(sseFrame({ event: 'error', data: { message: 'x' } })).toBe('event: error\ndata: {"message":"x"}\n\n');
  });

  it('replays after a Last-Event-ID, or only what comes next without one', async () => {
    const stream = new RunStream();
    for (const n of [1, 2, 3]) stream.push('values', { n });
    const after = stream.read('2');
    const live = stream.read('live');
    stream.push('values', { n: 4 });
    stream.end();
    const collect = async (g: AsyncGenerator<{ id: string }>) => {
      const ids: string[] = [];
      for await (const e of g) ids.push(e.id);
      return ids;
    };
    expect(await collect(after)).toEqual(['3', '4']);
    expect(await collect(live)).toEqual(['4']);
    expect(await collect(stream.read('all'))).toEqual(['1', '2', '3', '4']);
  });
});
