import type { StorePort } from '../src/store/store-port.js';
import { transact } from '../src/store/transact.js';

/** Which of a person's cards an activity id belongs to. */
export type CardSlot =
  | { kind: 'status' }
  | { kind: 'requests' }
  | { kind: 'interaction'; contactId: string }
  | { kind: 'wrapUp'; contactId: string }
  | { kind: 'consultRequest'; contactId: string };

interface CardsRecord {
  status?: string;
  requests?: string;
  interactions: Record<string, string>;
  wrapUps: Record<string, string>;
  consults?: Record<string, string>;
}

const key = (userId: string) => `cards/${userId}`;
// Old interaction and wrap-up cards are not updated forever; the newest are what people look at.
const KEEP = 20;

/** The ids of the cards the bot sent each person, so later changes update them in place. */
export class CardRegistry {
  constructor(private readonly store: StorePort) {}

  /** The activity id of a person's card in a slot, if one was sent. */
  async find(userId: string, slot: CardSlot): Promise<string | undefined> {
    const record = (await this.store.read([key(userId)])).get(key(userId))?.value as CardsRecord | undefined;
    if (!record) return undefined;
    if (slot.kind === 'status') return record.status;
    if (slot.kind === 'requests') return record.requests;
    return (slot.kind === 'interaction' ? record.interactions : slot.kind === 'wrapUp' ? record.wrapUps : (record.consults ?? {}))[slot.contactId];
  }

  /** Records the activity id of a card just sent. */
  remember(userId: string, slot: CardSlot, activityId: string): Promise<void> {
    return transact(this.store, [key(userId)], (current) => {
      const record = (current.get(key(userId)) as CardsRecord | undefined) ?? { interactions: {}, wrapUps: {} };
      let next: CardsRecord;
      if (slot.kind === 'status') next = { ...record, status: activityId };
      else if (slot.kind === 'requests') next = { ...record, requests: activityId };
      else if (slot.kind === 'interaction') next = { ...record, interactions: newest({ ...record.interactions, [slot.contactId]: activityId }) };
      else if (slot.kind === 'wrapUp') next = { ...record, wrapUps: newest({ ...record.wrapUps, [slot.contactId]: activityId }) };
      else next = { ...record, consults: newest({ ...(record.consults ?? {}), [slot.contactId]: activityId }) };
      return { writes: new Map([[key(userId), next]]), result: undefined };
    });
  }
}

function newest(map: Record<string, string>): Record<string, string> {
  const entries = Object.entries(map);
  return Object.fromEntries(entries.slice(-KEEP));
}
