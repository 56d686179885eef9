import { z } from 'zod';
import { COMMAND_BATCH_PATH, commandBatchAnswerSchema, MAX_BATCH, platformCommandSchema, refusalSchema } from './commands.js';
import { platformEventSchema } from './events.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_SECONDS } from './signature.js';
import { acceptedSchema, duplicateSchema, errorBodySchema } from './wire-answers.js';

/** Where the document is served. */
export const OPENAPI_PATH = '/api/platform/openapi.json';

type Json = Record<string, unknown>;

/** A zod schema as a JSON Schema 2020-12 object (OpenAPI 3.1's dialect), without its own `$schema`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** One component per member of a discriminated union, named `<prefix>.<type>`, and the union as a oneOf with its discriminator. */
function unionComponents(
  prefix: string,
  options: ReadonlyArray<z.ZodObject & { shape: { type: z.ZodLiteral<string> } }>,
  io: 'input' | 'output',
): { members: Record<string, Json>; union: Json } {
  const members: Record<string, Json> = {};
  const mapping: Record<string, string> = {};
  for (const option of options) {
    const name = `${prefix}.${option.shape.type.value}`;
    members[name] = jsonSchema(option, io);
    mapping[option.shape.type.value] = `#/components/schemas/${name}`;
  }
  return { members, union: { oneOf: Object.values(mapping).map(($ref) => ({ $ref })), discriminator: { propertyName: 'type', mapping } } };
}

const json = (schema: string, description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

const SIGNED_HEADERS = [
  {
    name: TIMESTAMP_HEADER,
    in: 'header',
    required: true,
    description: `The time of sending, unix seconds. More than ${TOLERANCE_SECONDS} seconds away from the receiver's clock, in either direction, is refused with 401.`,
    schema: { type: 'string', pattern: '^\\d{1,12}$' },
  },
  {
    name: SIGNATURE_HEADER,
    in: 'header',
    required: true,
    description: '`sha256=` + hex HMAC-SHA256 over `timestamp + "." + body` (the exact bytes sent).',
    schema: { type: 'string', pattern: '^sha256=[0-9a-fA-F]{64}$' },
  },
];

/**
 * The platform contract (SPEC 10, PLAT-1..PLAT-4) as an OpenAPI 3.1 document,
 * generated from the zod schemas that validate events in and commands out,
 * so it cannot drift from the code: events in are the path
 * `POST /api/platform/events`; commands out are the webhook
 * `POST {PLATFORM_URL}/commands` the desk calls on the platform.
 */
export function platformOpenApi(): Json {
  const events = unionComponents('event', platformEventSchema.options as never, 'input');
  const commands = unionComponents('command', platformCommandSchema.options as never, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'AgentDesk platform contract',
      version: '1.0.0',
      description: [
        'Two directions, one HMAC scheme. Events in: the contact-center platform tells the desk what happens to contacts',
        '(`POST /api/platform/events`, signed with PLATFORM_SECRET). Commands out: the desk tells the platform what an agent did',
        '(the `platformCommand` webhook, `POST {PLATFORM_URL}/commands`, signed with PLATFORM_COMMAND_SECRET).',
        'Both carry an `id` to dedupe on: a retry carries the same id and is answered 200 duplicate.',
      ].join(' '),
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths: {
      '/api/platform/events': {
        post: {
          operationId: 'postPlatformEvent',
          summary: 'One platform event (at most 256 KiB)',
          description:
            'Retry on a timeout, a network error or a 5xx with the same `id` and a fresh timestamp and signature. Only accepted events are remembered: a refused one (4xx) may be sent again under its id once it fits.',
          security: [{ deskSignature: [] }],
          parameters: SIGNED_HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } } },
          responses: {
            '202': json('Accepted', 'The event was applied.'),
            '200': json('Duplicate', 'An event with this id was accepted before; nothing changed.'),
            '400': json('Error', 'The body is not JSON (`fields` is empty) or does not fit the schema (one entry per offending field).'),
            '401': json('Error', 'A header is missing or malformed, the signature does not match, or the timestamp is outside the window.'),
            '409': json('Error', 'The event does not fit the desk now; the code says why (`contact.unknown`, `contact.exists`, `consult.none`...).'),
            '413': json('Error', 'The body is over 256 KiB.'),
            '500': json('Error', 'An unexpected failure; safe to retry with the same id.'),
            '503': json(
              'Error',
              'PLATFORM_SECRET is not set (the platform API is off), or the desk cannot apply events right now (its store is down or too busy; Retry-After says when to send again). Nothing was applied; safe to retry with the same id.',
            ),
          },
        },
      },
      [OPENAPI_PATH]: {
        get: {
          operationId: 'getPlatformContract',
          summary: 'This document',
          responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    webhooks: {
      platformCommand: {
        post: {
          operationId: 'postPlatformCommand',
          summary: 'POST {PLATFORM_URL}/commands: one command the platform must carry out (PLAT-1)',
          description: [
            'Sent by the desk to the platform, signed with PLATFORM_COMMAND_SECRET.',
            'A change to a live contact (hold, transfer, consult, outdial...) waits for the answer within PLATFORM_COMMAND_TIMEOUT_MS (PLAT-2):',
            'a 2xx applies it on the desk; a 4xx is a refusal whose `error.message` the agent reads on the card; silence past the limit, a 408, 429 or 5xx',
            'change nothing on the desk either. State changes, variables and wrap-ups (`agent.state`, `variables.save`, `wrapUp.submit`, `contact.route`...)',
            'come through a durable outbox (PLAT-3, PLAT-4): in order per agent and per contact, retried with backoff until a 2xx or a 4xx.',
            'A retry carries the same `id`: answer it 200 duplicate and apply it once.',
          ].join(' '),
          security: [{ deskSignature: [] }],
          parameters: SIGNED_HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Command' } } } },
          responses: {
            '202': json('Accepted', 'Carried out.'),
            '200': json('Duplicate', 'A command with this id was carried out before; nothing changed.'),
            '400': json('Refusal', 'The body does not fit the schema.'),
            '401': json('Refusal', 'The signature or timestamp was refused.'),
            '409': json(
              'Refusal',
              'The platform will not carry it out (for example `contact.gone`: the customer already hung up); the message is shown to the agent.',
            ),
            '4XX': json('Refusal', 'Any other refusal (408 and 429 count as no answer).'),
            '5XX': { description: 'No answer: the desk changes nothing (live changes) or tries again later (the outbox).' },
          },
        },
      },
      platformCommandBatch: {
        post: {
          operationId: 'postPlatformCommandBatch',
          summary: `POST {PLATFORM_URL}${COMMAND_BATCH_PATH}: several told commands at once (optional, PLAT-4)`,
          description: [
            `Optional. When several told commands (\`agent.state\`, \`variables.save\`, \`wrapUp.submit\`...) leave the outbox together, the desk sends up to ${MAX_BATCH}`,
            'of them in one request, signed as one body. They belong to different agents and contacts (a stream sends its next command only after the one before),',
            'so the platform may carry them out in any order. Answer 200 with one result per command, in the order given: the status and body that',
            '`POST /commands` would have answered that command alone (202 accepted, 200 duplicate, a 4xx refusal, 400 for one that does not fit the schema).',
            'Silence, a 408, 429 or 5xx is no answer for any of them: the outbox sends them again later. A platform that does not serve this path answers 404',
            '(405 or 501 do too); the desk then sends every command alone. Any other answer is read the same way, so a misrouted batch is never taken as a refusal.',
          ].join(' '),
          security: [{ deskSignature: [] }],
          parameters: SIGNED_HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CommandBatch' } } } },
          responses: {
            '200': json('CommandBatchAnswer', 'One result per command, in the order sent.'),
            '400': json('Refusal', 'The body is not a list of 1 to 100 commands.'),
            '401': json('Refusal', 'The signature or timestamp was refused (for every command in it).'),
            '404': { description: 'Batches are not served: the desk sends each command alone, from then on.' },
            '5XX': { description: 'No answer for any of the commands: the outbox tries them again.' },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        deskSignature: {
          type: 'apiKey',
          in: 'header',
          name: SIGNATURE_HEADER,
          description: `HMAC-SHA256 of \`${TIMESTAMP_HEADER} + "." + body\`, keyed with the direction's shared secret (at least 16 characters).`,
        },
      },
      schemas: {
        Event: events.union,
        ...events.members,
        Command: commands.union,
        ...commands.members,
        Accepted: jsonSchema(acceptedSchema, 'output'),
        Duplicate: jsonSchema(duplicateSchema, 'output'),
        Error: jsonSchema(errorBodySchema, 'output'),
        Refusal: jsonSchema(refusalSchema, 'output'),
        CommandBatch: {
          type: 'object',
          required: ['commands'],
          properties: { commands: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/Command' } } },
        },
        CommandBatchAnswer: jsonSchema(commandBatchAnswerSchema, 'output'),
      },
    },
  };
}
