/** Presence as Microsoft Graph reports it, with when it was read (CON-3: presence can lag). */
export interface Presence {
  availability: string;
  activity: string;
  updatedAt: string;
}

/** A person in the organization: the Microsoft Graph user shape plus presence. */
export interface Person {
  id: string;
  givenName: string;
  surname: string;
  displayName: string;
  jobTitle: string;
  department: string;
  businessPhones: string[];
  mail: string;
  presence?: Presence;
}

/** Who is asking: the agent's delegated token (Teams SSO), never absent: the directory is never queried unauthenticated (CON-3). */
export interface DirectoryCaller {
  /** The agent's Entra object id. */
  userId: string;
  /** The agent's SSO token (or, in the embedded local mode, the local sign-in's token). */
  token: string;
}

/** The expert directory port (SPEC 2): LocalDirectory is the embedded default, GraphDirectory reads Microsoft Graph. */
export interface DirectoryPort {
  /**
   * Experts matching a query (CON-3): first name, job title or department by prefix,
   * case- and accent-insensitively; a phone query matches only the full number.
   * Only people with a work phone are returned.
   */
  search(query: string, caller: DirectoryCaller, limit?: number): Promise<Person[]>;
  /** People by id, with presence (for cards that show a chosen expert). */
  get(ids: readonly string[], caller: DirectoryCaller): Promise<Person[]>;
  /** Re-reads presence of these people (CON-4 Refresh). */
  refreshPresence(ids: readonly string[], caller: DirectoryCaller): Promise<Record<string, Presence>>;
}

/** The directory refused the caller (expired token, consent missing): the bot answers with a sign-in card. */
export class DirectoryAuthError extends Error {
  override name = 'DirectoryAuthError';
  constructor(
    message: string,
    readonly reason: 'consent' | 'token',
  ) {
    super(message);
  }
}

/** The directory could not answer (throttled past retries, network, server error). */
export class DirectoryUnavailableError extends Error {
  override name = 'DirectoryUnavailableError';
}
