import type { DeskService } from '../desk-service.js';
import { errorFields, type Log } from '../log.js';
import type { Bus } from '../store/bus.js';
import { changeOfDecision, MemoryChangeFeed, type ChangeNotice } from './change-feed.js';

/** The bus topic of commits' change notices. */
export const CHANGES_TOPIC = 'desk.changes';
// A bus message holds at most 7,000 bytes: a bigger notice goes out in parts.
const MAX_MESSAGE = 6000;

/**
 * The change feed every live view reads (the tab's server-sent events),
 * shared by all instances: each commit's notice is published on the bus
 * (PostgreSQL LISTEN/NOTIFY when several instances share a database, an
 * in-process bus otherwise), and every instance numbers what it hears into its
 * own feed. A page held by one instance so hears of a change made on another.
 */
export async function shareChanges(service: DeskService, bus: Bus, log: Log): Promise<{ feed: MemoryChangeFeed; stop(): Promise<void> }> {
  const feed = new MemoryChangeFeed();
  const unsubscribe = await bus.subscribe(CHANGES_TOPIC, (message) => {
    try {
      feed.publish(JSON.parse(message) as ChangeNotice);
    } catch (error) {
      log.warn('changes.unreadable', errorFields(error));
    }
  });
  service.onCommit((decision) => {
    for (const part of parts(changeOfDecision(decision))) {
      bus.publish(CHANGES_TOPIC, part).catch((error: unknown) => log.warn('changes.notPublished', errorFields(error)));
    }
  });
  return { feed, stop: unsubscribe };
}

/** A notice as bus messages (JSON), each small enough for one, split by its lists when the whole is not. */
function parts(notice: ChangeNotice): string[] {
  const whole = JSON.stringify(notice);
  if (whole.length <= MAX_MESSAGE) return [whole];
  const ids = [
    ...notice.agents.map((id) => ['agents', id] as const),
    ...notice.contacts.map((id) => ['contacts', id] as const),
    ...notice.queues.map((id) => ['queues', id] as const),
  ];
  const out: ChangeNotice[] = [];
  let current: ChangeNotice = { agents: [], contacts: [], queues: [] };
  for (const [list, id] of ids) {
    if (JSON.stringify(current).length + id.length + 8 > MAX_MESSAGE) {
      out.push(current);
      current = { agents: [], contacts: [], queues: [] };
    }
    current[list].push(id);
  }
  out.push(current);
  return out.map((part) => JSON.stringify(part));
}
