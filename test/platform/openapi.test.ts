import { validate } from '@hyperjump/json-schema/openapi-3-1';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { PLATFORM_COMMAND_TYPES } from '../../src/engine/platform-commands.js';
import { platformCommandSchema } from '../../src/platform/commands.js';
import { PLATFORM_EVENT_TYPES, platformEventSchema } from '../../src/platform/events.js';
import { OPENAPI_PATH, platformOpenApi } from '../../src/platform/openapi.js';
import { startDesk } from '../support/desk-harness.js';

// The official OpenAPI 3.1 schema with its base dialect, as @hyperjump/json-schema ships and registers it: no network.
// (Ajv resolves the schema's $dynamicRef to the wrong anchor, so it cannot check an OpenAPI 3.1 document.)
const OAS_3_1 = 'https://spec.openapis.org/oas/3.1/schema-base';

const document = platformOpenApi() as any;

/** A validator for one component of the document, resolving its $refs inside the document. */
function componentValidator(name: string) {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'https://agentdesk.test/contract', components: document.components });
  return ajv.compile({ $ref: `https://agentdesk.test/contract#/components/schemas/${name}` });
}

describe('the platform contract: one OpenAPI 3.1 document generated from the schemas that validate requests (PLAT-1)', () => {
  it('PLAT-1: is a valid OpenAPI 3.1 document, schema objects included (the official schema with its base dialect)', async () => {
    const result = await validate(OAS_3_1, document, 'BASIC');
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  it('the validator is not a rubber stamp: a response without a description, or a schema with a wrong keyword, fails', async () => {
    const noDescription = structuredClone(document);
    noDescription.paths['/api/platform/events'].post.responses['202'] = { content: {} };
    const badSchema = structuredClone(document);
    badSchema.components.schemas['event.contact.held'].properties.type.minLength = 'one';
    expect((await validate(OAS_3_1, noDescription)).valid).toBe(false);
    expect((await validate(OAS_3_1, badSchema)).valid).toBe(false);
  });

  it('PLAT-1: names every event type and every command type the code has', () => {
    expect(PLATFORM_EVENT_TYPES.length).toBeGreaterThanOrEqual(12);
    for (const type of PLATFORM_EVENT_TYPES) expect(document.components.schemas.Event.discriminator.mapping[type]).toBe(`#/components/schemas/event.${type}`);
    for (const type of PLATFORM_COMMAND_TYPES) {
      expect(document.components.schemas.Command.discriminator.mapping[type]).toBe(`#/components/schemas/command.${type}`);
    }
    expect(Object.keys(document.components.schemas.Command.discriminator.mapping).sort()).toEqual([...PLATFORM_COMMAND_TYPES].sort());
  });

  it('describes both directions: events in as a path, commands out as a signed webhook with its refusal body', () => {
    const events = document.paths['/api/platform/events'].post;
    expect(Object.keys(events.responses).sort()).toEqual(['200', '202', '400', '401', '409', '413', '500', '503']);
    expect(events.parameters.map((p: { name: string }) => p.name)).toEqual(['X-Desk-Timestamp', 'X-Desk-Signature']);
    const commands = document.webhooks.platformCommand.post;
    expect(commands.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Command' });
    expect(commands.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Refusal' });
    expect(commands.description).toContain('PLATFORM_COMMAND_TIMEOUT_MS');
    // PLAT-4: the optional batch of told commands, with one result per command.
    const batch = document.webhooks.platformCommandBatch.post;
    expect(batch.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommandBatch' });
    expect(document.components.schemas.CommandBatch.properties.commands.items).toEqual({ $ref: '#/components/schemas/Command' });
    expect(batch.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommandBatchAnswer' });
    expect(Object.keys(batch.responses).sort()).toEqual(['200', '400', '401', '404', '5XX']);
  });

  it('cannot drift from the code: the generated schemas agree with zod on valid and invalid bodies', () => {
    const event = componentValidator('Event');
    const command = componentValidator('Command');
    const bodies: unknown[] = [
      { id: 'e1', type: 'contact.answered', contactId: 'c1' },
      { id: 'e2', type: 'consult.failed', contactId: 'c1', reason: 'noAnswer' },
      { id: 'e3', type: 'consult.failed', contactId: 'c1', reason: 'bored' },
      { id: 'e4', type: 'recording.changed', contactId: 'c1', state: 'paused', until: '2026-11-20T09:00:00Z' },
      { id: 'e5', type: 'contact.offered', contact: { id: 'c1', channel: 'voice', kind: 'outdial', queue: 'q', from: '+45', agentId: 'a1' } },
      { id: 'e6', type: 'contact.offered', contact: { id: 'c1', channel: 'fax', kind: 'inbound', queue: 'q', from: '+45' } },
      { id: 'e7', type: 'contact.held' },
      { id: '', type: 'transfer.failed', contactId: 'c1' },
      { type: 'contact.resumed', contactId: 'c1' },
      { id: 'e8', type: 'no.such.event', contactId: 'c1' },
    ];
    for (const body of bodies) expect([body, event(body)]).toEqual([body, platformEventSchema.safeParse(body).success]);
    const at = '2026-11-20T09:00:00.000Z';
    const commands: unknown[] = [
      { id: 'k1', at, type: 'contact.hold', agentId: 'a1', contactId: 'c1' },
      { id: 'k2', at, type: 'contact.hold', agentId: 'a1' },
      { id: 'k3', at, type: 'agent.state', agentId: 'a1', state: 'Available', phone: '+4512345678' },
      { id: 'k4', at, type: 'agent.state', agentId: 'a1', state: 'Sleeping' },
      { id: 'k5', at, type: 'outdial.start', agentId: 'a1', number: '+4520304050', phone: '+4512345678', queue: 'tech' },
      { id: 'k6', at: 'yesterday', type: 'contact.end', agentId: 'a1', contactId: 'c1' },
    ];
    for (const body of commands) expect([body, command(body)]).toEqual([body, platformCommandSchema.safeParse(body).success]);
  });

  it(`is served at GET ${OPENAPI_PATH}, also while the platform API is off`, async () => {
    const desk = await startDesk();
    try {
      const response = await fetch(`${desk.url}${OPENAPI_PATH}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual(document);
    } finally {
      await desk.stop();
    }
  });

  it("every answer the events route gives fits the document's body for its status", async () => {
    const desk = await startDesk({ env: { PLATFORM_SECRET: 'openapi-test-secret-0123456789' } });
    const answers = document.paths['/api/platform/events'].post.responses;
    const fits = (status: number, body: unknown) => componentValidator(answers[String(status)].content['application/json'].schema.$ref.split('/').at(-1))(body);
    try {
      const seen: Array<[number, boolean]> = [];
      const note = ({ status, body }: { status: number; body: unknown }) => seen.push([status, fits(status, body)]);
      note(await desk.event({ id: 'x1', type: 'contact.offered', contact: { id: 'c1', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane' } }));
      note(await desk.event({ id: 'x1', type: 'contact.offered', contact: { id: 'c1', channel: 'chat', kind: 'inbound', queue: 'tech', from: 'Jane' } }));
      note(await desk.event({ id: 'x2', type: 'contact.held', contactId: 'c1' }));
      note(await desk.event({ id: 'x3', type: 'contact.held' }));
      note(await desk.event({ id: 'x4', type: 'contact.held', contactId: 'c1' }, 'not-the-secret-at-all-0123'));
      const big = await fetch(`${desk.url}/api/platform/events`, { method: 'POST', body: 'x'.repeat(300 * 1024) });
      note({ status: big.status, body: await big.json() });
      expect(seen).toEqual([
        [202, true],
        [200, true],
        [409, true],
        [400, true],
        [401, true],
        [413, true],
      ]);
    } finally {
      await desk.stop();
    }
    const off = await startDesk();
    try {
      const response = await off.event({ id: 'x', type: 'contact.held', contactId: 'c1' }, 'whatever-secret-0123456789');
      expect([response.status, fits(response.status, response.body)]).toEqual([503, true]);
    } finally {
      await off.stop();
    }
  });
});
