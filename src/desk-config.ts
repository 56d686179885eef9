import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { ConfigError, issueLine } from './config-error.js';
import { AGENT_STATES, CHANNELS, type Channel } from './engine/agent-state.js';
import type { DeskPolicy } from './engine/model.js';
import type { SendLimits } from './outbox/throttle.js';
import { DEFAULT_SUPPORT } from './engine/session-model.js';

const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'ids use letters, digits, dot, dash and underscore');
// Names and labels end up on cards: bounded and printable, so the largest card the configuration allows is known and tested.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const printable = (text: z.ZodString) => text.refine((value) => !CONTROL.test(value), 'must not contain control characters');
const name = printable(z.string().trim().min(1).max(80));
const labelText = printable(z.string().min(1).max(80));
const labelled = z.object({
  id,
  label: name,
  labels: z.object({ en: labelText, da: labelText, nb: labelText, sv: labelText }).partial().optional(),
});
// Most wrap-up codes, outcome codes, queues or entry points the configuration may list.
const MAX_LIST = 200;
// The default card size budget, in KiB of UTF-16 (Teams refuses messages over about 100 KB and advises under 80 KB).
const DEFAULT_MAX_CARD_KB = 80;
const uniqueIds = <T extends { id: string }>(items: T[]) => new Set(items.map((i) => i.id)).size === items.length;

const schema = z
  .object({
    teams: z
      .array(
        z.object({
          id,
          name,
          channels: z.array(z.enum(CHANNELS)).min(1),
          members: z.array(z.string().min(1)).default([]),
          leads: z.array(z.string().min(1)).default([]),
        }),
      )
      .min(1, 'needs at least one team')
      .refine(uniqueIds, 'team ids must be unique'),
    defaultTeam: id,
    idleCodes: z.array(labelled).max(50, 'at most 50 idle codes (ST-4)').refine(uniqueIds, 'idle code ids must be unique'),
    codeRequiredStates: z.array(z.enum(['Idle', 'Break', 'WorkingOffline'])).default(['Idle']),
    wrapUpCodes: z.array(labelled).min(1, 'needs at least one wrap-up code').max(MAX_LIST).refine(uniqueIds, 'wrap-up code ids must be unique'),
    outcomeCodes: z.array(labelled).max(MAX_LIST).default([]).refine(uniqueIds, 'outcome code ids must be unique'),
    queues: z
      .array(z.object({ id, name, channels: z.array(z.enum(CHANNELS)).min(1) }))
      .max(MAX_LIST)
      .refine(uniqueIds, 'queue ids must be unique'),
    variables: z.array(
      z.object({
        name: id,
        label: name,
        labels: labelled.shape.labels,
        secure: z.boolean().default(false),
        editable: z.boolean().default(false),
        popover: z.boolean().default(false),
        type: z.enum(['text', 'date']).default('text'),
      }),
    ),
    recording: z.object({ enabled: z.boolean() }).default({ enabled: true }),
    // BN-1: an organization setting agents see on their calls and cannot change; on unless the admin turns it off.
    backgroundNoiseRemoval: z.object({ enabled: z.boolean() }).default({ enabled: true }),
    limits: z
      .object({
        maxConcurrentCalls: z.number().int().min(1).max(100_000),
        maxDigitalPerAgent: z.number().int().min(1).max(50),
        // Every card is fitted to this many KiB of UTF-16; 40 is what older Teams documentation advised, 100 is where Teams refuses.
        maxCardKB: z.number().int().min(40).max(100).default(DEFAULT_MAX_CARD_KB),
      })
      .default({ maxConcurrentCalls: 500, maxDigitalPerAgent: 10, maxCardKB: DEFAULT_MAX_CARD_KB }),
    entryPoints: z
      .array(z.object({ id, name, dn: z.string().trim().min(3).max(32), queue: id }))
      .max(MAX_LIST)
      .default([])
      .refine(uniqueIds, 'entry point ids must be unique'),
    addressBook: z
      .array(z.object({ name, number: printable(z.string().trim().min(3).max(32)) }))
      .max(200)
      .default([]),
    afterWrapUpState: z.enum(AGENT_STATES).default('Available'),
    // SUP-2: customers in one support session at once; how long a session with nobody left waits before it ends.
    support: z
      .object({
        maxCustomers: z.number().int().min(1).max(10).default(DEFAULT_SUPPORT.maxCustomers),
        idleSeconds: z.number().int().min(30).max(86_400).default(DEFAULT_SUPPORT.idleSeconds),
      })
      .default(DEFAULT_SUPPORT),
    // OUT-1: the queue outdials are placed on; absent: the first queue that takes voice.
    outdial: z.object({ queue: id }).optional(),
    timeouts: z.object({
      ronaSeconds: z.number().int().min(5).max(600),
      consultSeconds: z.number().int().min(5).max(600),
      privacyShieldSeconds: z.number().int().min(5).max(3600),
      logoutGraceSeconds: z.number().int().min(60).max(3600).default(600),
    }),
    // MSG-2: Teams' published send limits (defaults) and how broadcasts are delivered; every figure may be lowered or raised.
    messaging: z
      .object({
        perConversation: z
          .array(z.object({ count: z.number().int().min(1).max(100_000), windowSeconds: z.number().positive().max(86_400) }))
          .min(1)
          .default([
            { count: 7, windowSeconds: 1 },
            { count: 8, windowSeconds: 2 },
            { count: 60, windowSeconds: 30 },
            { count: 1800, windowSeconds: 3600 },
          ]),
        perTenantPerSecond: z.number().positive().max(100_000).default(30),
        maxTries: z.number().int().min(1).max(50).default(8),
        reportEverySeconds: z.number().int().min(2).max(300).default(5),
        inFlight: z.number().int().min(1).max(256).default(16),
      })
      .default({
        perConversation: [
          { count: 7, windowSeconds: 1 },
          { count: 8, windowSeconds: 2 },
          { count: 60, windowSeconds: 30 },
          { count: 1800, windowSeconds: 3600 },
        ],
        perTenantPerSecond: 30,
        maxTries: 8,
        reportEverySeconds: 5,
        inFlight: 16,
      }),
  })
  .superRefine((cfg, ctx) => {
    if (!cfg.teams.some((t) => t.id === cfg.defaultTeam)) {
      ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: 'must name one of the teams' });
    }
    for (const [index, ep] of cfg.entryPoints.entries()) {
      if (!cfg.queues.some((q) => q.id === ep.queue))
        ctx.addIssue({ code: 'custom', path: ['entryPoints', index, 'queue'], message: 'must name one of the queues' });
    }
    if (cfg.outdial && !cfg.queues.some((q) => q.id === cfg.outdial?.queue && q.channels.includes('voice'))) {
      ctx.addIssue({ code: 'custom', path: ['outdial', 'queue'], message: 'must name one of the queues that takes voice' });
    }
    if (cfg.codeRequiredStates.length > 0 && cfg.idleCodes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['idleCodes'], message: 'needs at least one code while codeRequiredStates is not empty' });
    }
  });

/** The admin's desk configuration (teams, leads, codes, queues, variables, timeouts). */
export type DeskConfig = z.infer<typeof schema>;

/** Validates a parsed desk configuration; `source` names it in the error line. */
export function parseDeskConfig(raw: unknown, source: string): DeskConfig {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(issueLine(`DESK_CONFIG_FILE ${source}:`, parsed.error, raw));
  return parsed.data;
}

/** Reads and validates the desk configuration file named by DESK_CONFIG_FILE. */
export function loadDeskConfig(path: string, rootDir: string): DeskConfig {
  const source = relative(rootDir, path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`DESK_CONFIG_FILE ${source}: cannot be read`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`DESK_CONFIG_FILE ${source}: is not valid JSON (${(error as Error).message})`);
  }
  return parseDeskConfig(raw, source);
}

/** The engine's view of the configuration (no labels, no I/O). */
export function policyOf(config: DeskConfig): DeskPolicy {
  const teamOf = new Map<string, Channel[]>();
  for (const team of config.teams) for (const member of team.members) teamOf.set(member, team.channels);
  const fallback = config.teams.find((t) => t.id === config.defaultTeam)!.channels;
  return {
    idleCodeIds: config.idleCodes.map((c) => c.id),
    codeRequiredStates: config.codeRequiredStates,
    channelsOf: (agentId) => teamOf.get(agentId) ?? fallback,
    queueChannels: new Map(config.queues.map((q) => [q.id, q.channels])),
    entryPoints: new Map(config.entryPoints.map((ep) => [ep.id, { dn: ep.dn, queue: ep.queue, name: ep.name }])),
    wrapUpCodeIds: config.wrapUpCodes.map((c) => c.id),
    outcomeCodeIds: config.outcomeCodes.map((c) => c.id),
    afterWrapUpState: config.afterWrapUpState,
    ronaSeconds: config.timeouts.ronaSeconds,
    consultSeconds: config.timeouts.consultSeconds,
    privacyShieldSeconds: config.timeouts.privacyShieldSeconds,
    recordingEnabled: config.recording.enabled,
    maxConcurrentCalls: config.limits.maxConcurrentCalls,
    maxDigitalPerAgent: config.limits.maxDigitalPerAgent,
    variableTypes: new Map(config.variables.map((v) => [v.name, v.type])),
    teams: config.teams.map((t) => ({ id: t.id, channels: t.channels, members: t.members, leads: t.leads })),
    defaultTeam: config.defaultTeam,
    logoutGraceSeconds: config.timeouts.logoutGraceSeconds,
    outdialQueue: config.outdial?.queue ?? config.queues.find((q) => q.channels.includes('voice'))?.id,
    support: { ...config.support },
  };
}

/** Teams' send limits as the admin configured them (MSG-2). */
export function sendLimitsOf(config: DeskConfig): SendLimits {
  return {
    perConversation: config.messaging.perConversation.map((l) => ({ count: l.count, windowMs: l.windowSeconds * 1000 })),
    perTenantPerSecond: config.messaging.perTenantPerSecond,
  };
}
