import type { ConversationReference } from 'botbuilder';
import type { StorePort } from '../src/store/store-port.js';
import { transact } from '../src/store/transact.js';

interface ConversationsRecord {
  /** The personal chat, used for proactive cards. */
  personal?: Partial<ConversationReference>;
  /** Conversations this person was already welcomed in. */
  welcomed: string[];
}

const key = (userId: string) => `conversation/${userId}`;

/** Remembers where each person can be reached, so proactive cards find them (SPEC 9). */
export class ConversationRegistry {
  constructor(private readonly store: StorePort) {}

  /**
   * Stores the reference of the conversation the activity came from. Returns true
   * the first time this person is seen in that conversation (time for a welcome).
   */
  remember(userId: string, reference: Partial<ConversationReference>, personal: boolean): Promise<boolean> {
    const conversationId = reference.conversation?.id ?? '';
    return transact(this.store, [key(userId)], (current) => {
      const record = (current.get(key(userId)) as ConversationsRecord | undefined) ?? { welcomed: [] };
      const isNew = !record.welcomed.includes(conversationId);
      const next: ConversationsRecord = {
        ...(personal ? { personal: reference } : record.personal ? { personal: record.personal } : {}),
        // Bounded: a person is in few conversations with the bot, but never let one record grow without end.
        welcomed: isNew ? [...record.welcomed, conversationId].slice(-50) : record.welcomed,
      };
      const unchanged = !isNew && !personal;
      return { writes: unchanged ? new Map() : new Map([[key(userId), next]]), result: isNew };
    });
  }

  /** Forgets a conversation after the app was removed from it. */
  forget(userId: string, conversationId: string): Promise<void> {
    return transact(this.store, [key(userId)], (current) => {
      const record = current.get(key(userId)) as ConversationsRecord | undefined;
      if (!record) return { writes: new Map(), result: undefined };
      const next: ConversationsRecord = { welcomed: record.welcomed.filter((id) => id !== conversationId) };
      if (record.personal && record.personal.conversation?.id !== conversationId) next.personal = record.personal;
      return { writes: new Map([[key(userId), next]]), result: undefined };
    });
  }

  /** The personal-chat reference for proactive delivery, if the person installed the app. */
  async personal(userId: string): Promise<Partial<ConversationReference> | undefined> {
    const record = (await this.store.read([key(userId)])).get(key(userId))?.value as ConversationsRecord | undefined;
    return record?.personal;
  }
}
