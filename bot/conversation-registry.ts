import type { ConversationReference } from 'botbuilder';
import type { StorePort } from '../src/store/store-port.js';
import { transact } from '../src/store/transact.js';

interface ConversationsRecord {
  /** The personal chat, used for proactive cards. */
  personal?: Partial<ConversationReference>;
  /** Conversations this person was already welcomed in. */
  welcomed: string[];
  /** The person's Teams locale, for cards sent without an activity to read it from. */
  locale?: string;
}

const key = (userId: string) => `conversation/${userId}`;
// People whose stored locale is kept in memory; past this, the memory starts over (it is only a shortcut).
const LOCALES_KEPT = 20_000;

/** Remembers where each person can be reached, so proactive cards find them (SPEC 9). */
export class ConversationRegistry {
  /** The locale each person's record held when this instance last read or wrote it. */
  readonly #lastLocale = new Map<string, string>();

  constructor(private readonly store: StorePort) {}

  /**
   * Stores the reference of the conversation the activity came from. Returns true
   * the first time this person is seen in that conversation (time for a welcome).
   */
  remember(userId: string, reference: Partial<ConversationReference>, personal: boolean, locale?: string): Promise<boolean> {
    const conversationId = reference.conversation?.id ?? '';
    return transact(this.store, [key(userId)], (current) => {
      const record = (current.get(key(userId)) as ConversationsRecord | undefined) ?? { welcomed: [] };
      const isNew = !record.welcomed.includes(conversationId);
      const next: ConversationsRecord = {
        ...(personal ? { personal: reference } : record.personal ? { personal: record.personal } : {}),
        // Bounded: a person is in few conversations with the bot, but never let one record grow without end.
        welcomed: isNew ? [...record.welcomed, conversationId].slice(-50) : record.welcomed,
        ...((locale ?? record.locale) ? { locale: locale ?? record.locale } : {}),
      };
      const unchanged = !isNew && !personal;
      return { writes: unchanged ? new Map() : new Map([[key(userId), next]]), result: isNew };
    }).finally(() => this.#lastLocale.delete(userId));
  }

  /** Forgets a conversation after the app was removed from it. */
  forget(userId: string, conversationId: string): Promise<void> {
    return transact(this.store, [key(userId)], (current) => {
      const record = current.get(key(userId)) as ConversationsRecord | undefined;
      if (!record) return { writes: new Map(), result: undefined };
      const next: ConversationsRecord = {
        welcomed: record.welcomed.filter((id) => id !== conversationId),
        ...(record.locale ? { locale: record.locale } : {}),
      };
      if (record.personal && record.personal.conversation?.id !== conversationId) next.personal = record.personal;
      return { writes: new Map([[key(userId), next]]), result: undefined };
    }).finally(() => this.#lastLocale.delete(userId));
  }

  /**
   * Keeps the person's latest Teams locale; writes only when it changed. Every
   * card press carries the locale, so what this instance last found stored is
   * kept in memory and the store is read only when the press brings another.
   */
  async noteLocale(userId: string, locale: string): Promise<void> {
    if (this.#lastLocale.get(userId) === locale) return;
    const stored = await transact(this.store, [key(userId)], (current) => {
      const record = current.get(key(userId)) as ConversationsRecord | undefined;
      if (!record || record.locale === locale) return { writes: new Map(), result: record !== undefined };
      return { writes: new Map([[key(userId), { ...record, locale }]]), result: true };
    });
    if (!stored) return;
    if (this.#lastLocale.size >= LOCALES_KEPT) this.#lastLocale.clear();
    this.#lastLocale.set(userId, locale);
  }

  /** The personal-chat reference and locale for proactive delivery, if the person installed the app. */
  async reach(userId: string): Promise<{ reference: Partial<ConversationReference>; locale?: string } | undefined> {
    const record = (await this.store.read([key(userId)])).get(key(userId))?.value as ConversationsRecord | undefined;
    if (!record?.personal) return undefined;
    return record.locale ? { reference: record.personal, locale: record.locale } : { reference: record.personal };
  }
}
