import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { ConfigError, issueLine } from './config-error.js';
import { AGENT_STATES, CHANNELS, type Channel } from './engine/agent-state.js';
import type { DeskPolicy } from './engine/model.js';
import { DEFAULT_SUPPORT } from './engine/session-model.js';

const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'ids use letters, digits, dot, dash and underscore');
const labelled = z.object({
  id,
  label: z.string().trim().min(1).max(80),
  labels: z
    .object({ en: z.string().min(1), da: z.string().min(1), nb: z.string().min(1), sv: z.string().min(1) })
    .partial()
    .optional(),
});
const uniqueIds = <T extends { id: string }>(items: T[]) => new Set(items.map((i) => i.id)).size === items.length;

const schema = z
  .object({
    teams: z
      .array(
        z.object({
          id,
          name: z.string().trim().min(1),
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
    wrapUpCodes: z.array(labelled).min(1, 'needs at least one wrap-up code').refine(uniqueIds, 'wrap-up code ids must be unique'),
    outcomeCodes: z.array(labelled).default([]).refine(uniqueIds, 'outcome code ids must be unique'),
    queues: z.array(z.object({ id, name: z.string().trim().min(1), channels: z.array(z.enum(CHANNELS)).min(1) })).refine(uniqueIds, 'queue ids must be unique'),
    variables: z.array(
      z.object({
        name: id,
        label: z.string().trim().min(1),
        labels: labelled.shape.labels,
        secure: z.boolean().default(false),
        editable: z.boolean().default(false),
        popover: z.boolean().default(false),
        type: z.enum(['text', 'date']).default('text'),
      }),
    ),
    recording: z.object({ enabled: z.boolean() }).default({ enabled: true }),
    limits: z
      .object({
        maxConcurrentCalls: z.number().int().min(1).max(100_000),
        maxDigitalPerAgent: z.number().int().min(1).max(50),
      })
      .default({ maxConcurrentCalls: 500, maxDigitalPerAgent: 10 }),
    entryPoints: z
      .array(z.object({ id, name: z.string().trim().min(1), dn: z.string().trim().min(3).max(32), queue: id }))
      .default([])
      .refine(uniqueIds, 'entry point ids must be unique'),
    addressBook: z
      .array(z.object({ name: z.string().trim().min(1).max(80), number: z.string().trim().min(3).max(32) }))
      .max(200)
      .default([]),
    afterWrapUpState: z.enum(AGENT_STATES).default('Available'),
    // SUP-2: customers in one support session at once; how long a session with nobody left waits before it ends.
    support: z
      .object({
        maxCustomers: z.number().int().min(1).max(50).default(DEFAULT_SUPPORT.maxCustomers),
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
    outdialQueue: config.outdial?.queue ?? config.queues.find((q) => q.channels.includes('voice'))?.id,
    support: { ...config.support },
  };
}
