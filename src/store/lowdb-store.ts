import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataFile } from 'lowdb/node';
import { parseJson } from '../parse-json.js';
import { deepFreeze } from './freeze.js';
import { RecordTable, type TableEntry } from './record-table.js';
import { StoreUnavailableError, type RecordChange, type ScannedRecord, type ScanRange, type StorePort, type StoredRecord } from './store-port.js';

/**
 * The default store: one JSON file in lowdb's format, read with lowdb, and a
 * journal beside it. Records live in a RecordTable.
 *
 * A write appends one line to the journal: the records it changed, as they now
 * are (or that they are gone). Writes that arrive while one is on disk go
 * together in the next line. Rewriting the whole file on every write, as
 * lowdb's writer does, cost a few hundred microseconds of CPU per write for a
 * small desk and seconds for a big one; a line costs what it holds.
 *
 * Now and then (the journal as large as the file, or at least 1 MiB, and at
 * close) the file is compacted: rewritten whole beside the real one and
 * renamed over it, so a crash never leaves half a file behind, and a new
 * journal begins. The file's `generation` says which journal belongs to it; a
 * journal of an older generation is already in the file and is ignored. On
 * opening, the journal's lines are applied to the file's records; a last line
 * cut short by a crash is left out (its write was never acknowledged).
 *
 * Compaction does not build one big string: the text is kept ready in parts,
 * each record's JSON once made and the encoded bytes of each of a number of
 * groups of records (by a hash of the key); it encodes only the groups whose
 * records changed and hands all the parts to one vectored write.
 */
export class LowdbStore implements StorePort {
  #next: Promise<void> | undefined;
  #running: Promise<void> | undefined;
  readonly #json = new WeakMap<TableEntry, string>();
  /** The keys of each group, and each group's encoded text (undefined: to be made again). */
  #bucketKeys: Array<Set<string>> = [];
  #bucketBytes: Array<Buffer | undefined> = [];
  readonly #temporary: string;
  readonly #journalFile: string;
  /** Keys changed since the last line: the next line holds them as they are then. */
  readonly #unwritten = new Set<string>();
  #journal: FileHandle | undefined;
  /** Bytes in the journal, its first line included. */
  #journalBytes = 0;
  /** The file's size at its last compaction. */
  #fileBytes = 0;
  /** The next write compacts: the journal's end is not known to be whole (a failed append), or it holds lines at close. */
  #compactNext = false;

  private constructor(
    private readonly table: RecordTable,
    private readonly file: string,
    private generation: number,
  ) {
    this.#temporary = temporaryOf(file);
    this.#journalFile = journalOf(file);
    this.regroup();
  }

  /**
   * Opens (or creates) the file and applies its journal; a file or journal
   * that is not valid store JSON stops start-up. A journal with lines is
   * compacted into the file at once, so the desk starts from one file.
   */
  static async open(file: string): Promise<LowdbStore> {
    await mkdir(dirname(file), { recursive: true });
    // A write cut short by a kill leaves the writer's temporary files behind; the real ones are whole, so they go.
    await rm(temporaryOf(file), { force: true });
    await rm(temporaryOf(journalOf(file)), { force: true });
    // lowdb reads the file; writing is this store's own (see writeFile), so lowdb is never asked to stringify.
    const adapter = new DataFile<StoredFile>(file, { parse: parseFile, stringify: () => '' });
    let stored: StoredFile | null;
    try {
      stored = await adapter.read();
    } catch (error) {
      throw new StoreUnavailableError(`DATA_FILE ${file}: cannot be read as a desk store (${(error as Error).message})`);
    }
    // No file, no state: a journal left without its file (someone removed the file to start afresh) goes with it.
    if (!stored) await rm(journalOf(file), { force: true });
    const { table, generation } = stored ?? { table: new RecordTable(), generation: 0 };
    const store = new LowdbStore(table, file, generation);
    const lines = await store.replayJournal();
    if (lines > 0) await store.compact();
    return store;
  }

  async read(keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    return this.table.read(keys);
  }

  async scan(collection: string, range?: ScanRange): Promise<ScannedRecord[]> {
    return this.table.scan(collection, range);
  }

  async write(changes: readonly RecordChange[]): Promise<void> {
    // Check and apply synchronously: no other turn can interleave between them in this process.
    const previous = this.table.apply(changes);
    this.touched(changes.map((c) => c.key));
    try {
      await this.persist();
    } catch (error) {
      // Memory must not claim what the disk refused: undo, unless a later write already moved on.
      for (const [key, before] of previous) {
        const applied = (before?.version ?? 0) + 1;
        const now = this.table.get(key);
        const untouched = changes.find((c) => c.key === key)?.value === null ? now === undefined : now?.version === applied;
        if (untouched) this.table.restore(key, before);
      }
      this.touched(previous.map(([key]) => key));
      throw new StoreUnavailableError(`DATA_FILE ${this.file}: write failed (${(error as Error).message})`);
    }
  }

  async check(): Promise<void> {
    try {
      await access(this.file, constants.R_OK | constants.W_OK).catch(async (error: NodeJS.ErrnoException) => {
        // Nothing written yet: the folder must still take the file.
        if (error.code !== 'ENOENT') throw error;
        await access(dirname(this.file), constants.W_OK);
      });
    } catch (error) {
      throw new StoreUnavailableError(`DATA_FILE ${this.file}: not accessible (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  async flush(): Promise<void> {
    await this.#next?.catch(() => undefined);
    await this.#running?.catch(() => undefined);
  }

  /** Flushes, folds the journal into the file (so a stopped desk leaves one whole file) and lets go of the journal. */
  async close(): Promise<void> {
    await this.flush();
    if (this.#journalBytes > journalHead(this.generation).length) {
      this.#compactNext = true;
      // What the journal holds is durable already: a compaction that fails now leaves it to the next start.
      await this.persist().catch(() => undefined);
    }
    await this.#journal?.close().catch(() => undefined);
    this.#journal = undefined;
  }

  /** Applies the journal's lines of the file's generation; returns how many. */
  private async replayJournal(): Promise<number> {
    let text: string;
    try {
      text = await readFile(this.#journalFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw new StoreUnavailableError(`DATA_FILE ${this.file}: its journal cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const lines = text.split('\n');
    // The text after the last newline is a line a crash cut short, or nothing: never acknowledged, so left out.
    lines.pop();
    const head = parseJson(lines[0] ?? '') as { generation?: unknown } | undefined;
    if (lines.length === 0 || typeof head?.generation !== 'number') return 0;
    // An older journal was folded into the file before the crash that left it; a newer one cannot belong to this file.
    if (head.generation < this.generation) return 0;
    if (head.generation > this.generation)
      throw new StoreUnavailableError(`DATA_FILE ${this.file}: its journal is of generation ${head.generation}, newer than the file's ${this.generation}`);
    for (let n = 1; n < lines.length; n++) {
      const entries = parseJson(lines[n]!);
      if (!Array.isArray(entries)) throw new StoreUnavailableError(`DATA_FILE ${this.file}: line ${n + 1} of its journal is not a desk write`);
      for (const [key, record] of entries as Array<[string, FileRecord | null]>) this.table.restore(key, record ? entryOf(record) : undefined);
    }
    this.regroup();
    return lines.length - 1;
  }

  /**
   * Spreads the records over as many groups as suits their number (about
   * RECORDS_PER_BUCKET each, MIN_BUCKETS to MAX_BUCKETS, a power of two): few
   * groups for a small store, so a write hands over few parts; more as it
   * grows, so a write re-encodes little. Every group is encoded again at the next write.
   */
  private regroup(): void {
    let count = MIN_BUCKETS;
    while (count < MAX_BUCKETS && count * RECORDS_PER_BUCKET < this.table.size) count *= 2;
    this.#bucketKeys = Array.from({ length: count }, () => new Set());
    this.#bucketBytes = new Array(count).fill(undefined);
    for (const [key] of this.table.entries()) this.#bucketKeys[bucketOf(key, count)]!.add(key);
  }

  /** Notes keys whose records changed: the next line holds them, and their groups are encoded again at the next compaction. */
  private touched(keys: readonly string[]): void {
    for (const key of keys) this.#unwritten.add(key);
    const count = this.#bucketKeys.length;
    if (count < MAX_BUCKETS && this.table.size > count * RECORDS_PER_BUCKET * 2) {
      this.regroup();
      return;
    }
    for (const key of keys) {
      const bucket = bucketOf(key, count);
      if (this.table.get(key)) this.#bucketKeys[bucket]!.add(key);
      else this.#bucketKeys[bucket]!.delete(key);
      this.#bucketBytes[bucket] = undefined;
    }
  }

  /** The file's bytes in order, `{"records":{key:{value,version,sort}}}`: each group's kept bytes (each starting with a comma, cut off the first). */
  private serialize(generation: number): Buffer[] {
    const parts: Buffer[] = [Buffer.from(`{"generation":${generation},"records":{`)];
    const groups = this.#bucketBytes;
    for (let bucket = 0; bucket < groups.length; bucket++) {
      let bytes = groups[bucket];
      if (bytes === undefined) {
        bytes = Buffer.from(this.bucketText(bucket), 'utf8');
        groups[bucket] = bytes;
      }
      if (bytes.length === 0) continue;
      parts.push(parts.length === 1 ? bytes.subarray(1) : bytes);
    }
    parts.push(CLOSE);
    return parts;
  }

  /** Writes the whole file beside the real one, then renames it over it; resolves with its size. */
  private async writeFile(parts: Buffer[]): Promise<number> {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const handle = await open(this.#temporary, 'w');
    try {
      const { bytesWritten } = await handle.writev(parts);
      if (bytesWritten !== length) throw new Error(`wrote ${bytesWritten} of ${length} bytes`);
    } finally {
      await handle.close();
    }
    await rename(this.#temporary, this.file);
    return length;
  }

  /** One group's records as `,"key":{...},"key":{...}` (empty when it has none), from each record's kept JSON. */
  private bucketText(bucket: number): string {
    let text = '';
    for (const key of this.#bucketKeys[bucket]!) text += `,${JSON.stringify(key)}:${this.recordJson(this.table.get(key)!)}`;
    return text;
  }

  /** A record's JSON as the file and the journal hold it, made once per version. */
  private recordJson(entry: TableEntry): string {
    let json = this.#json.get(entry);
    if (json === undefined) {
      json = JSON.stringify(entry.sort ? { value: entry.value, version: entry.version, sort: entry.sort } : { value: entry.value, version: entry.version });
      this.#json.set(entry, json);
    }
    return json;
  }

  /** Appends the changed records as one line; a failed append leaves the journal's end unknown, so the next write compacts. */
  private async append(keys: readonly string[]): Promise<void> {
    let line = '[';
    for (const [n, key] of keys.entries()) {
      const entry = this.table.get(key);
      line += `${n > 0 ? ',' : ''}[${JSON.stringify(key)},${entry ? this.recordJson(entry) : 'null'}]`;
    }
    const bytes = Buffer.from(`${line}]\n`, 'utf8');
    try {
      this.#journal ??= await open(this.#journalFile, 'a');
      const { bytesWritten } = await this.#journal.write(bytes);
      if (bytesWritten !== bytes.length) throw new Error(`wrote ${bytesWritten} of ${bytes.length} bytes`);
      this.#journalBytes += bytes.length;
    } catch (error) {
      this.#compactNext = true;
      throw error;
    }
  }

  /**
   * Rewrites the file whole at the next generation, then starts that
   * generation's journal (each written beside and renamed over). Until both
   * are done, every write compacts: lines appended to the old journal would be
   * ignored beside the new file.
   */
  private async compact(): Promise<void> {
    this.#compactNext = true;
    const generation = this.generation + 1;
    this.#fileBytes = await this.writeFile(this.serialize(generation));
    this.generation = generation;
    await this.#journal?.close().catch(() => undefined);
    this.#journal = undefined;
    const head = journalHead(generation);
    const temporary = temporaryOf(this.#journalFile);
    const handle = await open(temporary, 'w');
    try {
      await handle.write(head);
    } finally {
      await handle.close();
    }
    await rename(temporary, this.#journalFile);
    this.#journalBytes = head.length;
    this.#compactNext = false;
  }

  /**
   * Writes once for every batch of changes that arrived while the previous
   * write ran (a line, or a compaction when the journal has grown as large as
   * the file): each caller's changes are in memory before the write it joins
   * starts, so it resolves only when they are on disk.
   */
  private persist(): Promise<void> {
    if (this.#next) return this.#next;
    const next = (async () => {
      await this.#running?.catch(() => undefined);
      this.#next = undefined;
      const keys = [...this.#unwritten];
      this.#unwritten.clear();
      const compacting = this.#compactNext || this.#journalBytes === 0 || this.#journalBytes > Math.max(JOURNAL_MIN_BYTES, this.#fileBytes);
      const running = compacting ? this.compact() : this.append(keys);
      this.#running = running;
      try {
        await running;
      } finally {
        if (this.#running === running) this.#running = undefined;
      }
    })();
    this.#next = next;
    return next;
  }
}

// Groups the file's text is kept in: a write re-encodes the groups it touched (a few), not the whole store,
// and hands the file system one part per group, so their number follows the records'. Measured on 1,600
// records with 70 changed per write: 2 records per group cost 25 % less CPU than a fixed 4,096 groups;
// 16 per group cost more, as nearly every group was touched and encoded again.
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 4096;
const RECORDS_PER_BUCKET = 2;
// The journal is folded into the file once it is as large as the file, and never while under this.
const JOURNAL_MIN_BYTES = 1024 * 1024;
const CLOSE = Buffer.from('}}');

/** Where a write goes before it is renamed over the file (lowdb's name for it, so older leftovers are found too). */
function temporaryOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/** The journal beside the file: `.desk.json.journal` for `desk.json`. */
export function journalOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.journal`);
}

/** A journal's first line: the generation of the file it belongs to. */
function journalHead(generation: number): string {
  return `{"generation":${generation}}\n`;
}

/** A record as the file and the journal hold it (`recordJson`). */
interface FileRecord {
  value: unknown;
  version: number;
  sort?: string;
}

/** A record read from the file or the journal, as the table keeps it. */
function entryOf(record: FileRecord): TableEntry {
  return { value: deepFreeze(record.value), version: record.version, sort: record.sort ?? '' };
}

/** What the file holds: its records, and the generation of the journal that goes with it (0 for a file written before journals). */
interface StoredFile {
  table: RecordTable;
  generation: number;
}

/** A key's group of `count`: FNV-1a over its UTF-16 code units. */
function bucketOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

/** Reads the file's JSON into a table; anything that is not a desk store is refused. */
function parseFile(text: string): StoredFile {
  const data = JSON.parse(text) as { records?: unknown; generation?: unknown };
  const records = data?.records;
  if (typeof records !== 'object' || records === null || Array.isArray(records)) throw new Error('not a desk store (no "records" object)');
  const generation = data.generation === undefined ? 0 : data.generation;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0)
    throw new Error('not a desk store (a "generation" that is not a count)');
  const table = RecordTable.load(Object.entries(records as Record<string, FileRecord>).map(([key, record]) => [key, entryOf(record)]));
  return { table, generation };
}
