import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalOf, LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { StoreUnavailableError } from '../../src/store/store-port.js';
import { storeContract } from './store-contract.js';

const dirs: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agentdesk-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'desk.json');
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

storeContract('memory', async () => new MemoryStore());
storeContract('lowdb', async () => LowdbStore.open(await tempFile()));

/** Scene: a store whose agent a1 went Break, then Available: the second write is a line in its journal. */
async function breakThenAvailable(): Promise<{ file: string; journal: string; store: LowdbStore }> {
  const file = await tempFile();
  const store = await LowdbStore.open(file);
  await store.write([{ key: 'agent/a1', value: { state: 'Break' }, expectedVersion: 0 }]);
  await store.write([{ key: 'agent/a1', value: { state: 'Available' }, expectedVersion: 1 }]);
  await store.flush();
  return { file, journal: journalOf(file), store };
}

describe('lowdb store on disk', () => {
  it('keeps records and versions across a restart', async () => {
    const file = await tempFile();
    const first = await LowdbStore.open(file);
    await first.write([{ key: 'agent/a1', value: { state: 'Break' }, expectedVersion: 0 }]);
    await first.flush();
    const second = await LowdbStore.open(file);
    expect((await second.read(['agent/a1'])).get('agent/a1')).toEqual({ value: { state: 'Break' }, version: 1 });
  });

  it('the file is the records as JSON after creates, updates and deletes, non-ASCII keys and values included', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open(file);
    await store.write([
      { key: 'agent/søren', value: { name: 'Søren Ærø', note: '"quoted" \u2028 😀' }, expectedVersion: 0 },
      { key: 'due/x', value: 1, expectedVersion: 0, sort: 's1' },
      { key: 'gone/y', value: true, expectedVersion: 0 },
    ]);
    await store.write([
      { key: 'agent/søren', value: { name: 'Søren Ærø', state: 'Break' }, expectedVersion: 1 },
      { key: 'gone/y', value: null, expectedVersion: 1 },
    ]);
    // Closing folds the journal into the file.
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      generation: expect.any(Number),
      records: {
        'agent/søren': { value: { name: 'Søren Ærø', state: 'Break' }, version: 2 },
        'due/x': { value: 1, version: 1, sort: 's1' },
      },
    });
    const again = await LowdbStore.open(file);
    expect((await again.read(['agent/søren'])).get('agent/søren')).toEqual({ value: { name: 'Søren Ærø', state: 'Break' }, version: 2 });
  });

  it('the state on disk stays whole while the store grows from a few records to thousands, deletes and updates among them (restarts in between)', async () => {
    const file = await tempFile();
    let store = await LowdbStore.open(file);
    const expected = new Map<string, { value: unknown; version: number }>();
    const onDisk = async () => Object.fromEntries(await (await LowdbStore.open(file)).read([...expected.keys()]));
    // Batches of 250 new records, each batch also updating and deleting some of the earlier ones.
    for (let batch = 0; batch < 24; batch++) {
      const changes = Array.from({ length: 250 }, (_, i) => ({ key: `event/${batch}-${i}`, value: { n: i, text: `é${batch}` }, expectedVersion: 0 }));
      const earlier = [...expected.keys()].filter((_, i) => i % 7 === batch % 7).slice(0, 40);
      const updates = earlier.slice(0, 20).map((key) => ({ key, value: { updated: batch }, expectedVersion: expected.get(key)!.version }));
      const deletes = earlier.slice(20).map((key) => ({ key, value: null, expectedVersion: expected.get(key)!.version }));
      await store.write([...changes, ...updates, ...deletes]);
      for (const c of changes) expected.set(c.key, { value: c.value, version: 1 });
      for (const u of updates) expected.set(u.key, { value: u.value, version: expected.get(u.key)!.version + 1 });
      for (const d of deletes) expected.delete(d.key);
      if (batch % 6 === 5) {
        // A clean stop folds the journal into the file; the file alone is the whole state.
        await store.close();
        expect(JSON.parse(await readFile(file, 'utf8')).records).toEqual(Object.fromEntries(expected));
        expect(await onDisk()).toEqual(Object.fromEntries(expected));
        store = await LowdbStore.open(file);
      }
    }
    expect(expected.size).toBeGreaterThan(5000);
    await store.close();
    expect(await onDisk()).toEqual(Object.fromEntries(expected));
  });

  it('a write is a line in the journal; after a crash the file and the journal together are the state, and a cut-off last line is left out', async () => {
    const file = await tempFile();
    const journal = journalOf(file);
    const store = await LowdbStore.open(file);
    await store.write([{ key: 'agent/a1', value: { state: 'Break' }, expectedVersion: 0 }]);
    await store.write([
      { key: 'agent/a1', value: { state: 'Available' }, expectedVersion: 1 },
      { key: 'due/t', value: { at: 1 }, expectedVersion: 0, sort: '2026' },
    ]);
    await store.write([{ key: 'due/t', value: null, expectedVersion: 1 }]);
    await store.flush();
    const lines = (await readFile(journal, 'utf8')).split('\n');
    // The generation line, then one line per write after the first (which made the file).
    expect(lines.slice(1, -1).map((l) => JSON.parse(l))).toEqual([
      [
        ['agent/a1', { value: { state: 'Available' }, version: 2 }],
        ['due/t', { value: { at: 1 }, version: 1, sort: '2026' }],
      ],
      [['due/t', null]],
    ]);
    // No close: as after a SIGKILL. A crash in the middle of a write leaves half a line at the end.
    await writeFile(journal, `${await readFile(journal, 'utf8')}[["agent/a1",{"value":{"state":"Lo`);
    const reopened = await LowdbStore.open(file);
    expect((await reopened.read(['agent/a1', 'due/t'])).get('agent/a1')).toEqual({ value: { state: 'Available' }, version: 2 });
    expect(await reopened.scan('due')).toEqual([]);
    // Opening folded the journal into the file at a new generation: the old lines are not applied twice.
    await reopened.write([{ key: 'agent/a1', value: { state: 'Break' }, expectedVersion: 2 }]);
    await reopened.close();
    expect(JSON.parse(await readFile(file, 'utf8')).records).toEqual({ 'agent/a1': { value: { state: 'Break' }, version: 3 } });
  });

  it('a journal older than the file (a crash between folding it in and starting the next) is not applied again; a damaged line before the end stops start-up', async () => {
    const { file, journal, store } = await breakThenAvailable();
    const old = await readFile(journal, 'utf8');
    await store.write([{ key: 'agent/a1', value: { state: 'Idle' }, expectedVersion: 2 }]);
    await store.close();
    // The file is at a newer generation than the journal put back beside it, whose lines say Available.
    await writeFile(journal, old);
    expect((await (await LowdbStore.open(file)).read(['agent/a1'])).get('agent/a1')?.value).toEqual({ state: 'Idle' });
    const generation = (JSON.parse(await readFile(file, 'utf8')) as { generation: number }).generation;
    await writeFile(journal, `{"generation":${generation}}\nnot json\n[["agent/a1",null]]\n`);
    await expect(LowdbStore.open(file)).rejects.toThrow(/line 2 of its journal/);
  });

  it('removing the data file starts the desk afresh, its journal with it', async () => {
    const { file, journal } = await breakThenAvailable();
    await rm(file);
    const fresh = await LowdbStore.open(file);
    expect(await fresh.scan('agent')).toEqual([]);
    await expect(readFile(journal)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps sort keys across a restart and reads a file written before sort keys existed', async () => {
    const file = await tempFile();
    const first = await LowdbStore.open(file);
    await first.write([{ key: 'due/x', value: 1, expectedVersion: 0, sort: 's1' }]);
    await first.close();
    expect((await (await LowdbStore.open(file)).scan('due'))[0]?.sort).toBe('s1');
    // A file from before sort keys (and before journals): no journal beside it.
    await rm(journalOf(file));
    await writeFile(file, JSON.stringify({ records: { 'agent/a1': { value: { state: 'Break' }, version: 4 } } }));
    expect(await (await LowdbStore.open(file)).scan('agent')).toEqual([{ key: 'agent/a1', value: { state: 'Break' }, version: 4, sort: '' }]);
  });

  it('removes the temporary file a write killed half-way left behind, and keeps the real file', async () => {
    const file = await tempFile();
    const first = await LowdbStore.open(file);
    await first.write([{ key: 'agent/a1', value: { state: 'Break' }, expectedVersion: 0 }]);
    await first.close();
    const temp = join(dirname(file), `.${basename(file)}.tmp`);
    await writeFile(temp, '{"records": {"agent/a1": {"val');
    const second = await LowdbStore.open(file);
    await expect(readFile(temp)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await second.read(['agent/a1'])).get('agent/a1')?.value).toEqual({ state: 'Break' });
  });

  it('refuses to start on a corrupted file instead of overwriting it', async () => {
    const file = await tempFile();
    await LowdbStore.open(file);
    await writeFile(file, '{"records": {"agent/a1": ');
    await expect(LowdbStore.open(file)).rejects.toThrow(StoreUnavailableError);
    expect(await readFile(file, 'utf8')).toBe('{"records": {"agent/a1": ');
  });

  it('refuses a JSON file that is not a desk store', async () => {
    const file = await tempFile();
    await LowdbStore.open(file);
    await writeFile(file, '[1,2,3]');
    await expect(LowdbStore.open(file)).rejects.toThrow(/not a desk store/);
  });

  it('undoes a write the disk refused, so memory never runs ahead of the file', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open(file);
    await store.write([{ key: 'k', value: 'kept', expectedVersion: 0 }]);
    // Replace the file's folder with a plain file so the next rename fails.
    await rm(dirname(file), { recursive: true });
    await writeFile(dirname(file), 'not a folder');
    await expect(store.write([{ key: 'k', value: 'lost', expectedVersion: 1 }])).rejects.toThrow(StoreUnavailableError);
    expect((await store.read(['k'])).get('k')).toEqual({ value: 'kept', version: 1 });
    await expect(store.check()).rejects.toThrow(StoreUnavailableError);
  });
});
