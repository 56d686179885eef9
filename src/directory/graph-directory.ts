/**
 * The organization's experts from Microsoft Graph (SPEC 2): users by
 * `$search`, presence by `getPresencesByUserId`, always with the agent's own
 * delegated token (CON-3). The CON-3 rules are applied locally with the same
 * helpers the local index uses, because Graph's search is looser than ours.
 */
import { DirectoryAuthError, DirectoryUnavailableError, type DirectoryCaller, type DirectoryPort, type Person, type Presence } from './directory-port.js';
import { parseExpertQuery, scanExperts } from './expert-match.js';
import { DEFAULT_RETRY, fetchWithRetry, jsonBody, type RetryPolicy, type Sleep } from './graph-http.js';
import { GraphTokens } from './graph-token.js';

/** Where and how GraphDirectory reaches Entra and Graph. */
export interface GraphDirectoryOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Waits between throttled retries (tests inject a recorder). */
  sleep?: Sleep;
  /** Retries after a 429 before giving up (default 3). */
  maxRetries?: number;
  /** The clock, for token expiry and presence age. */
  now?: () => Date;
}

const GRAPH = 'https://graph.microsoft.com/v1.0';
const SELECT = 'id,givenName,surname,displayName,jobTitle,department,businessPhones,mail';
const SEARCH_TOP = 50;
/** Graph takes at most 650 ids per getPresencesByUserId call. */
export const PRESENCE_BATCH = 650;
// Graph allows at most 15 values in a `$filter=id in (...)` clause on users.
const ID_BATCH = 15;

interface GraphUser {
  id: string;
  givenName?: string | null;
  surname?: string | null;
  displayName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  businessPhones?: string[] | null;
  mail?: string | null;
}

/** Microsoft Graph behind the directory port. */
export class GraphDirectory implements DirectoryPort {
  private readonly tokens: GraphTokens;
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;

  constructor(options: GraphDirectoryOptions) {
    this.now = options.now ?? (() => new Date());
    this.retry = {
      ...DEFAULT_RETRY,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    };
    this.tokens = new GraphTokens(options, this.retry, () => this.now().getTime());
  }

  /** Experts matching the query (CON-3), with presence. */
  async search(query: string, caller: DirectoryCaller, limit = SEARCH_TOP): Promise<Person[]> {
    requireToken(caller);
    if (parseExpertQuery(query).kind === 'none') return [];
    // Phone queries go through $search too: $filter=businessPhones/any(...) is refused by many tenants
    // (Request_UnsupportedQuery) and could only match the number exactly as stored, while CON-3 wants
    // "+45 33 12 34 56" = "0045 33123456". So we search by the text and keep only samePhone matches.
    const term = query.trim().replace(/["\\]/g, '\\$&');
    const search = ['displayName', 'givenName', 'jobTitle', 'department'].map((field) => `"${field}:${term}"`).join(' OR ');
    const url = `${GRAPH}/users?$search=${encodeURIComponent(search)}&$select=${SELECT}&$top=${SEARCH_TOP}`;
    const data = (await this.graph(caller, 'user search', url, { headers: { ConsistencyLevel: 'eventual' } })) as { value?: GraphUser[] };
    const experts = scanExperts((data.value ?? []).map(toPerson), query).slice(0, limit);
    return this.withPresence(experts, caller);
  }

  /** People by id, with presence; unknown ids are left out. */
  async get(ids: readonly string[], caller: DirectoryCaller): Promise<Person[]> {
    requireToken(caller);
    const found = new Map<string, Person>();
    for (const batch of chunks(ids, ID_BATCH)) {
      const filter = `id in (${batch.map((id) => `'${id.replace(/'/g, "''")}'`).join(',')})`;
      const url = `${GRAPH}/users?$filter=${encodeURIComponent(filter)}&$select=${SELECT}`;
      const data = (await this.graph(caller, 'user lookup', url, {})) as { value?: GraphUser[] };
      for (const user of data.value ?? []) found.set(user.id, toPerson(user));
    }
    const people = ids.flatMap((id) => found.get(id) ?? []);
    return this.withPresence(people, caller);
  }

  /** Fresh presence for these ids (CON-4), in batches of 650; dated now, since Graph gives no timestamp. */
  async refreshPresence(ids: readonly string[], caller: DirectoryCaller): Promise<Record<string, Presence>> {
    requireToken(caller);
    const result: Record<string, Presence> = {};
    for (const batch of chunks([...new Set(ids)], PRESENCE_BATCH)) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: batch }) };
      const data = (await this.graph(caller, 'presence', `${GRAPH}/communications/getPresencesByUserId`, init)) as {
        value?: Array<{ id: string; availability?: string; activity?: string }>;
      };
      const updatedAt = this.now().toISOString();
      for (const p of data.value ?? []) {
        result[p.id] = { availability: p.availability ?? 'PresenceUnknown', activity: p.activity ?? 'PresenceUnknown', updatedAt };
      }
    }
    return result;
  }

  private async withPresence(people: Person[], caller: DirectoryCaller): Promise<Person[]> {
    if (people.length === 0) return people;
    const presence = await this.refreshPresence(
      people.map((p) => p.id),
      caller,
    );
    return people.map((p) => (presence[p.id] ? { ...p, presence: presence[p.id] } : p));
  }

  /** One Graph call as the agent: 401 means their token is no good, 403 that consent is missing. */
  private async graph(caller: DirectoryCaller, what: string, url: string, init: RequestInit): Promise<unknown> {
    const token = await this.tokens.forCaller(caller);
    const headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` };
    const response = await fetchWithRetry(what, url, { ...init, headers }, this.retry);
    if (response.status === 401) {
      this.tokens.forget(caller.userId);
      throw new DirectoryAuthError(`${what}: Graph refused the token`, 'token');
    }
    if (response.status === 403) throw new DirectoryAuthError(`${what}: Graph permission not granted`, 'consent');
    if (!response.ok) throw new DirectoryUnavailableError(`${what}: HTTP ${response.status}`);
    return jsonBody(what, response);
  }
}

/** CON-3: the organization is never searched without the agent's token. */
function requireToken(caller: DirectoryCaller): void {
  if (!caller.token) throw new DirectoryAuthError('no token', 'token');
}

function toPerson(user: GraphUser): Person {
  return {
    id: user.id,
    givenName: user.givenName ?? '',
    surname: user.surname ?? '',
    displayName: user.displayName ?? '',
    jobTitle: user.jobTitle ?? '',
    department: user.department ?? '',
    businessPhones: user.businessPhones ?? [],
    mail: user.mail ?? '',
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
