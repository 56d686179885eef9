import type { StorePort } from '../src/store/store-port.js';
import { transact } from '../src/store/transact.js';

/** Which of a person's cards an activity id belongs to. */
export type CardSlot =
  | { kind: 'status' }
  | { kind: 'requests' }
  | { kind: 'interaction'; contactId: string }
  | { kind: 'wrapUp'; contactId: string }
  | { kind: 'consultRequest'; contactId: string }
  | { kind: 'message'; broadcastId: string }
  | { kind: 'report'; broadcastId: string }
  | { kind: 'session'; sessionId: string };

/** The stored record: activity ids by slot name, as a list of pairs (contact ids are outside ids, never property names). */
interface CardsRecord {
  slots: Array<[string, string]>;
}

const key = (userId: string) => `cards/${userId}`;
// Old contact cards are not updated forever; the newest are what people look at.
const KEEP = 40;

/** The name of a slot in the record. */
function slotName(slot: CardSlot): string {
  if (slot.kind === 'status' || slot.kind === 'requests') return slot.kind;
  if (slot.kind === 'session') return `session:${slot.sessionId}`;
  if (slot.kind === 'message' || slot.kind === 'report') return `${slot.kind}:${slot.broadcastId}`;
  return `${slot.kind}:${slot.contactId}`;
}

/** The ids of the cards the bot sent each person, so later changes update them in place. */
export class CardRegistry {
  constructor(private readonly store: StorePort) {}

  /** The activity id of a person's card in a slot, if one was sent. */
  async find(userId: string, slot: CardSlot): Promise<string | undefined> {
    const record = (await this.store.read([key(userId)])).get(key(userId))?.value as CardsRecord | undefined;
    const name = slotName(slot);
    return record?.slots?.find(([slotKey]) => slotKey === name)?.[1];
  }

  /** Records the activity id of a card just sent. */
  remember(userId: string, slot: CardSlot, activityId: string): Promise<void> {
    const name = slotName(slot);
    return transact(this.store, [key(userId)], (current) => {
      const record = current.get(key(userId)) as CardsRecord | undefined;
      const kept = (record?.slots ?? []).filter(([slotKey]) => slotKey !== name);
      // Status and requests are always kept; contact cards only the newest.
      const fixed = kept.filter(([slotKey]) => slotKey === 'status' || slotKey === 'requests');
      const contacts = kept.filter(([slotKey]) => slotKey !== 'status' && slotKey !== 'requests').slice(-(KEEP - 1));
      const next: CardsRecord = { slots: [...fixed, ...contacts, [name, activityId]] };
      return { writes: new Map([[key(userId), next]]), result: undefined };
    });
  }
}
