/**
 * The embedded expert directory: people from a JSON file (DIRECTORY_FILE),
 * searched through the in-memory index. Presence is re-read from the file on
 * Refresh (CON-4), since whoever maintains the file may update it.
 */
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { issueLine } from '../config-error.js';
import { DirectoryAuthError, type DirectoryCaller, type DirectoryPort, type Person, type Presence } from './directory-port.js';
import { ExpertIndex } from './expert-index.js';

/** The directory file is missing, not JSON, or not a list of people: one line naming the file and field. */
export class DirectoryFileError extends Error {
  override name = 'DirectoryFileError';
}

const presenceSchema = z.object({ availability: z.string().min(1), activity: z.string().min(1), updatedAt: z.iso.datetime() });
const personSchema = z.object({
  id: z.string().min(1),
  givenName: z.string(),
  surname: z.string(),
  displayName: z.string().min(1),
  jobTitle: z.string(),
  department: z.string(),
  businessPhones: z.array(z.string()),
  mail: z.string(),
  presence: presenceSchema.optional(),
});
const fileSchema = z.array(personSchema);

/** Reads and validates a directory file; throws DirectoryFileError. */
export async function readPeopleFile(path: string): Promise<Person[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DirectoryFileError(`directory file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DirectoryFileError(`directory file ${path}: not JSON (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) throw new DirectoryFileError(issueLine(`directory file ${path}: person`, parsed.error, data));
  return parsed.data;
}

/** The JSON-file directory (SPEC 2, the default). Create with `LocalDirectory.open(path)`. */
export class LocalDirectory implements DirectoryPort {
  private presence: Map<string, Presence>;
  // The file's mtime and size when presence was last read: an unchanged file is not parsed again.
  private seen: string;

  private constructor(
    private readonly path: string,
    private readonly byId: Map<string, Person>,
    private readonly index: ExpertIndex,
    stamp: string,
    private readonly clock: () => Date,
  ) {
    this.presence = presenceOf(byId.values(), clock());
    this.seen = stamp;
  }

  /** Loads and indexes the file; throws DirectoryFileError when it is unusable. */
  static async open(path: string, clock: () => Date = () => new Date()): Promise<LocalDirectory> {
    const stamp = await fileStamp(path);
    const people = await readPeopleFile(path);
    return new LocalDirectory(path, new Map(people.map((p) => [p.id, p])), new ExpertIndex(people), stamp, clock);
  }

  /** Experts matching the query (CON-3), with presence re-read when the file changed (CON-4). */
  async search(query: string, caller: DirectoryCaller, limit?: number): Promise<Person[]> {
    requireToken(caller);
    await this.rereadIfChanged();
    return this.index.search(query, limit).map((p) => this.withPresence(p));
  }

  /** People by id (with or without a work phone), in the order asked; unknown ids are left out. */
  async get(ids: readonly string[], caller: DirectoryCaller): Promise<Person[]> {
    requireToken(caller);
    return ids.flatMap((id) => {
      const person = this.byId.get(id);
      return person ? [this.withPresence(person)] : [];
    });
  }

  /** Re-reads presence from the file when it changed (CON-4) and returns it for the known ids. */
  async refreshPresence(ids: readonly string[], caller: DirectoryCaller): Promise<Record<string, Presence>> {
    requireToken(caller);
    await this.rereadIfChanged();
    const result: Record<string, Presence> = {};
    for (const id of ids) {
      const presence = this.presence.get(id);
      if (presence) result[id] = presence;
    }
    return result;
  }

  private async rereadIfChanged(): Promise<void> {
    const stamp = await fileStamp(this.path);
    if (stamp === this.seen) return;
    this.presence = presenceOf(await readPeopleFile(this.path), this.clock());
    this.seen = stamp;
  }

  private withPresence(person: Person): Person {
    const presence = this.presence.get(person.id);
    return presence ? { ...person, presence } : person;
  }
}

/** CON-3: never searched unauthenticated, even locally. */
function requireToken(caller: DirectoryCaller): void {
  if (!caller.token) throw new DirectoryAuthError('no token', 'token');
}

/**
 * Presence as of reading the file: the file is a snapshot, so its newest entry
 * counts as read now and the others keep their distance from it (CON-3 shows how
 * old presence is; a snapshot taken long ago should not read as a year stale).
 */
function presenceOf(people: Iterable<Person>, readAt: Date): Map<string, Presence> {
  const list = [...people].filter((p) => p.presence);
  const newest = Math.max(...list.map((p) => Date.parse(p.presence!.updatedAt)));
  const shift = Number.isFinite(newest) ? Math.max(0, readAt.getTime() - newest) : 0;
  const map = new Map<string, Presence>();
  for (const person of list) {
    const presence = person.presence!;
    map.set(person.id, { ...presence, updatedAt: new Date(Date.parse(presence.updatedAt) + shift).toISOString() });
  }
  return map;
}

async function fileStamp(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.mtimeMs}:${info.size}`;
  } catch (error) {
    throw new DirectoryFileError(`directory file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
