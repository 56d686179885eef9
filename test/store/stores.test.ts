import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
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
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      records: {
        'agent/søren': { value: { name: 'Søren Ærø', state: 'Break' }, version: 2 },
        'due/x': { value: 1, version: 1, sort: 's1' },
      },
    });
    const again = await LowdbStore.open(file);
    expect((await again.read(['agent/søren'])).get('agent/søren')).toEqual({ value: { name: 'Søren Ærø', state: 'Break' }, version: 2 });
  });

  it('keeps sort keys across a restart and reads a file written before sort keys existed', async () => {
    const file = await tempFile();
    const first = await LowdbStore.open(file);
    await first.write([{ key: 'due/x', value: 1, expectedVersion: 0, sort: 's1' }]);
    await first.close();
    expect((await (await LowdbStore.open(file)).scan('due'))[0]?.sort).toBe('s1');
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
