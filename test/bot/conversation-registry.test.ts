import { describe, expect, it } from 'vitest';
import { ConversationRegistry } from '../../bot/conversation-registry.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/** A memory store that counts reads, to see which notes reach the store. */
class CountingStore extends MemoryStore {
  reads = 0;
  override async read(keys: readonly string[]) {
    this.reads++;
    return super.read(keys);
  }
}

const reference = {
  serviceUrl: 'https://smba.example/',
  conversation: { id: 'personal-1', isGroup: false, name: '', conversationType: 'personal' },
  user: { id: '29:u1', name: 'U1' },
};

describe("the conversation registry keeps each person's Teams locale (proactive cards speak it)", () => {
  it('a press in the locale already stored reads nothing; another locale is stored, also after another instance changed it', async () => {
    const store = new CountingStore();
    const conversations = new ConversationRegistry(store);
    await conversations.remember('u1', reference, true, 'da-DK');
    await conversations.noteLocale('u1', 'da-DK');
    const reads = store.reads;
    for (let i = 0; i < 5; i++) await conversations.noteLocale('u1', 'da-DK');
    expect(store.reads).toBe(reads);
    await conversations.noteLocale('u1', 'sv-SE');
    expect(await conversations.reach('u1')).toEqual({ reference, locale: 'sv-SE' });
    // Another instance (a registry of its own on the same store) sees the change and keeps its own memory.
    const other = new ConversationRegistry(store);
    await other.noteLocale('u1', 'nb-NO');
    expect(await conversations.reach('u1')).toEqual({ reference, locale: 'nb-NO' });
    await conversations.noteLocale('u1', 'da-DK');
    expect((await other.reach('u1'))?.locale).toBe('da-DK');
  });

  it('a person not installed yet gets no record from a locale note, and is noted once installed', async () => {
    const conversations = new ConversationRegistry(new MemoryStore());
    await conversations.noteLocale('u2', 'da-DK');
    expect(await conversations.reach('u2')).toBeUndefined();
    await conversations.remember('u2', reference, true);
    await conversations.noteLocale('u2', 'da-DK');
    expect(await conversations.reach('u2')).toEqual({ reference, locale: 'da-DK' });
  });
});
