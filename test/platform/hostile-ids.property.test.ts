import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useDesk } from '../support/use-desk.js';

const SECRET = 'test-platform-secret-0123456789';
const fx = useDesk({ env: { PLATFORM_SECRET: SECRET } });

/** Names of built-in object members: valid ids that must behave like any other (STYLE 12). */
const BUILT_INS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'];
const hostileId = fc.oneof(
  fc.constantFrom(...BUILT_INS),
  fc.constantFrom(...BUILT_INS).map((name) => `${name}/x`),
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);
const queue = fc.oneof(fc.constant('tech'), fc.constant('billing'), hostileId);
const variable = fc.record({ name: hostileId, label: fc.constant('Label'), value: fc.string({ maxLength: 20 }), secure: fc.boolean() });
const event = fc.oneof(
  fc.record({
    type: fc.constant('contact.offered'),
    contact: fc.record(
      {
        id: hostileId,
        channel: fc.constantFrom('voice', 'chat', 'email', 'social'),
        kind: fc.constant('inbound'),
        queue,
        from: fc.constant('Jane'),
        variables: fc.array(variable, { maxLength: 3 }),
        agentId: hostileId,
      },
      { requiredKeys: ['id', 'channel', 'kind', 'queue', 'from'] },
    ),
  }),
  fc.record({ type: fc.constantFrom('contact.answered', 'contact.noAnswer', 'consult.answered'), contactId: hostileId }),
  fc.record({ type: fc.constant('contact.ended'), contactId: hostileId, by: fc.constantFrom('customer', 'agent', 'system') }),
  fc.record({ type: fc.constant('agent.deviceFailed'), agentId: hostileId }),
);

describe('platform API with hostile ids (STYLE 12: ids that name built-in members are data)', () => {
  it('no event is answered 5xx: every id is data, every refusal has a reason, whatever the id', async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(event, async (body) => {
        const response = await fx.desk.event({ id: `prop-${++seq}`, ...body });
        expect([200, 202, 400, 409]).toContain(response.status);
        if (response.status >= 400) expect(response.body.error.message).toEqual(expect.any(String));
      }),
      { numRuns: 1000 },
    );
    // Nothing was stored under an id that came out as `undefined`.
    const agents = await fx.desk.app.store.scan('agent');
    const contacts = await fx.desk.app.store.scan('contact');
    expect([...agents, ...contacts].map((r) => r.key).filter((key) => key.endsWith('/undefined'))).toEqual([]);
    for (const record of contacts) expect(record.key).toBe(`contact/${(record.value as { id: string }).id}`);
  });
});
