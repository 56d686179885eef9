import { randomBytes, randomUUID } from 'node:crypto';
import type { DeskService } from '../src/desk-service.js';
import { benchAgents, cardInvoke, postEvent, registerAgents, startBenchDesk, type BenchAgent, type BenchDesk } from './desk-setup.js';
import type { FakeConnector } from './fake-connector.js';
import { forEachBounded } from './load.js';
import { answered, post, startAll, statusDesk } from './scenario-status.js';
import type { TurnScenario, TurnTarget } from './turn-comparison.js';

/** Agents per desk, as in the status-change turn: no two turns in flight are the same agent's. */
const AGENTS = 200;

/**
 * "Confirmed action" (issue 13): what the platform's confirmation adds to a
 * turn. The baseline is the status-change turn on a lowdb desk (`status.set`,
 * saved without asking the platform; the platform is told afterwards through
 * the outbox). The contender is Hold and Resume, alternating, on a lowdb desk
 * whose agents each have a connected call: an `adaptiveCard/action` invoke the
 * platform must confirm before it is saved (PLAT-2: the desk sends
 * `contact.hold` and waits for its yes, see DeskService.commit). The platform
 * answering is the built-in one (PLATFORM_URL unset): signed HTTP to its own
 * loopback port, answering at once. So the ratio is the round trip of one
 * confirmation plus what the interaction card costs against the status card.
 */
export const confirmedHoldScenario: TurnScenario = {
  id: 'confirmed-hold',
  title: 'confirmed action: contact.hold / contact.resume (confirmed by the platform) against status.set (not confirmed), both on lowdb',
  target: { p99: 1.5 },
  async start({ connector }) {
    return { targets: await startAll([() => statusDesk('lowdb', connector, 20, { label: 'status-lowdb' }), () => holdDesk(connector, 21)]) };
  },
};

/** A lowdb desk whose agents are each on a connected call, pressing Hold and Resume in turn. */
async function holdDesk(connector: FakeConnector, tag: number): Promise<TurnTarget> {
  const secret = randomBytes(24).toString('hex');
  // PLATFORM_URL unset: the built-in platform confirms the commands, on its own loopback port.
  const desk = await startBenchDesk('lowdb', { env: { PLATFORM_SECRET: secret } });
  const agents = benchAgents(AGENTS, tag);
  const calls = agents.map((agent) => `bench-call-${tag}-${agent.index}-${randomUUID()}`);
  try {
    await registerAgents(desk, agents, { serviceUrl: connector.serviceUrl, available: true });
    await forEachBounded(agents, 16, (agent) => connectCall(desk, secret, agent, calls[agent.index]!));
  } catch (error) {
    await desk.stop();
    throw error;
  }
  const lastSet: Array<boolean | undefined> = agents.map(() => undefined);
  return {
    label: 'hold-lowdb',
    url: desk.url,
    send: async (client, i) => {
      const slot = i % AGENTS;
      const hold = !lastSet[slot];
      lastSet[slot] = hold;
      const verb = hold ? 'contact.hold' : 'contact.resume';
      return answered(await post(client, cardInvoke(agents[slot]!, connector.serviceUrl, verb, { contactId: calls[slot]! })));
    },
    mismatches: () => holdMismatches(desk.app.service, calls, lastSet),
    stop: () => desk.stop(),
  };
}

/** Offers `agent` a voice call named for them (signed `contact.offered`), then `contact.answered`; checks it is connected. */
async function connectCall(desk: BenchDesk, secret: string, agent: BenchAgent, contactId: string): Promise<void> {
  const contact = {
    id: contactId,
    channel: 'voice',
    kind: 'inbound',
    queue: 'tech',
    from: `+4530${String(agent.index).padStart(6, '0')}`,
    agentId: agent.aadObjectId,
  };
  const offered = await postEvent(desk.client, secret, { id: randomUUID(), type: 'contact.offered', contact });
  if (offered.status >= 300) throw new Error(`contact.offered for ${agent.userId} answered ${offered.status} ${offered.text.slice(0, 200)}`);
  const answeredCall = await postEvent(desk.client, secret, { id: randomUUID(), type: 'contact.answered', contactId });
  if (answeredCall.status >= 300) throw new Error(`contact.answered for ${agent.userId} answered ${answeredCall.status} ${answeredCall.text.slice(0, 200)}`);
  const [saved] = await desk.app.service.contacts([contactId]);
  if (saved?.status !== 'connected' || saved.agentId !== agent.aadObjectId) {
    throw new Error(
      `${contactId} is ${saved?.status ?? 'unknown'} (agent ${saved?.agentId ?? 'none'}) after contact.answered, not connected to ${agent.userId}`,
    );
  }
}

/** Calls whose saved hold differs from the last one the load asked for (a refusal, the platform's included, still answers with a card). */
async function holdMismatches(service: DeskService, calls: readonly string[], lastSet: ReadonlyArray<boolean | undefined>): Promise<number> {
  const saved = new Map((await service.contacts(calls)).map((contact) => [contact.id, contact.onHold ?? false]));
  return calls.filter((id, slot) => lastSet[slot] !== undefined && saved.get(id) !== lastSet[slot]).length;
}
