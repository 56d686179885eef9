/**
 * Reads a V8 CPU profile (`.cpuprofile`, as `node --cpu-prof` or the inspector
 * writes it) and says where the time went: self time per function and per area
 * (garbage collection, card templating, zod, the store, botbuilder...), and the
 * time spent inside each area with what it calls (inclusive).
 */

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** A share of the profiled time. */
export interface ProfileShare {
  name: string;
  ms: number;
  /** Percent of the busy time (everything but idle). */
  percent: number;
}

/** Where the time went. */
export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  /** Self time per function, largest first. */
  functions: ProfileShare[];
  /** Self time per area, largest first. */
  areas: ProfileShare[];
  /** Time with an area anywhere on the stack, largest first (shares overlap). */
  inclusive: ProfileShare[];
}

// The SDK and the HTTP client it builds a connector with on every turn.
const BOTBUILDER = /node_modules\/(botbuilder[^/]*|botframework-[^/]*|@azure\/[^/]+|@typespec\/[^/]+)\//;

// First match wins; `url` is a file URL or a node: module, `name` the function name.
const AREAS: Array<[area: string, test: (url: string, name: string) => boolean]> = [
  ['garbage collection', (_, name) => name === '(garbage collector)'],
  ['V8 and native code (program)', (_, name) => name === '(program)'],
  ['card templating (adaptive-expressions, adaptivecards-templating)', (url) => /node_modules\/(adaptive-expressions|adaptivecards-templating)\//.test(url)],
  ['zod', (url) => url.includes('/node_modules/zod/')],
  ['lowdb and steno (data file)', (url) => /node_modules\/(lowdb|steno)\//.test(url)],
  ['botbuilder and connector (with @azure, @typespec)', (url) => BOTBUILDER.test(url)],
  ['restify', (url) => /node_modules\/(restify[^/]*|find-my-way|formidable|send)\//.test(url)],
  ['other packages', (url) => url.includes('/node_modules/')],
  ['our store (src/store)', (url) => url.includes('/src/store/')],
  ['our engine (src/engine)', (url) => url.includes('/src/engine/')],
  ['our cards (cards/)', (url) => /\/cards\/[^/]+\.ts$/.test(url)],
  ['our bot (bot/)', (url) => url.includes('/bot/')],
  ['our platform link and outbox (src/platform, src/outbox)', (url) => /\/src\/(platform|outbox)\//.test(url)],
  ['our desk service and server (src/)', (url) => url.includes('/src/')],
  ['the bench itself (bench/)', (url) => url.includes('/bench/')],
  ['node: http, net, streams, events', (url) => /^node:(_http|http|net|events|internal\/(http|net|stream_base|streams|js_stream))/.test(url)],
  ['node: fs', (url) => /^node:(fs|internal\/fs)/.test(url)],
  ['node: fetch (undici, web streams)', (url) => /^node:internal\/(deps\/undici|webstreams|event_target)/.test(url)],
  ['node: other', (url) => url.startsWith('node:')],
];

// The areas whose inclusive time is reported: what a turn spends in each, callees included.
const INCLUSIVE: Array<[area: string, test: (url: string) => boolean]> = [
  [
    'card rendering (cards/ and templating)',
    (url) => /\/cards\/[^/]+\.ts$/.test(url) || /node_modules\/(adaptive-expressions|adaptivecards-templating)\//.test(url),
  ],
  ['store (src/store, lowdb, steno)', (url) => url.includes('/src/store/') || /node_modules\/(lowdb|steno)\//.test(url)],
  ['engine (src/engine)', (url) => url.includes('/src/engine/')],
  ['zod', (url) => url.includes('/node_modules/zod/')],
  ['botbuilder and connector (with @azure, @typespec)', (url) => BOTBUILDER.test(url)],
  ['platform link and outbox (src/platform, src/outbox, fetch)', (url) => /\/src\/(platform|outbox)\//.test(url) || /^node:internal\/deps\/undici/.test(url)],
];

const areaOf = (url: string, name: string) => AREAS.find(([, test]) => test(url, name))?.[0] ?? 'other';

/** Summarizes `profile`: the `top` largest functions, every area. */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // A sample lasts until the next one (as DevTools counts it).
  const selfMs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);

  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    // Line numbers of .ts files are those of tsx's output, not of the source: left out.
    const where = url ? (url.endsWith('.ts') ? shortUrl(url) : `${shortUrl(url)}:${lineNumber + 1}`) : '';
    // Native code has no url: name it after its caller (`(native in createFromString)`).
    const name =
      url || functionName.startsWith('(')
        ? functionName || '(anonymous)'
        : `(native${functionName ? ` ${functionName}` : ''} in ${callerName(id, byId, parent)})`;
    const key = `${name}${where ? ` ${where}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    let area = areaOf(attributedUrl(id, byId, parent), functionName);
    // botbuilder builds and runs zod schemas of its own on every request (the baseline's too).
    if (area === 'zod') area = calledBy(id, byId, parent, BOTBUILDER) ? 'zod, called by botbuilder' : 'zod, called by our code';
    areas.set(area, (areas.get(area) ?? 0) + ms);
    for (const name of stackAreas(id, byId, parent)) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
  const shares = (map: Map<string, number>) => [...map].map(([name, ms]) => ({ name, ms, percent: (100 * ms) / busyMs })).sort((a, b) => b.ms - a.ms);
  return { busyMs, idleMs, functions: shares(functions).slice(0, top), areas: shares(areas), inclusive: shares(inclusive) };
}

/**
 * The url whose area a frame's time counts to: its own, or for native code
 * without one (Buffer.from, writev, JSON.stringify...) the nearest caller's,
 * preferring a caller outside Node's own modules (the code that asked for it).
 */
function attributedUrl(id: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): string {
  const own = byId.get(id)!.callFrame.url;
  if (own) return own;
  let nodeUrl = '';
  for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
    const { url } = byId.get(at)!.callFrame;
    if (url && !url.startsWith('node:')) return url;
    if (url && !nodeUrl) nodeUrl = url;
  }
  return nodeUrl;
}

/** True when a frame whose url matches `caller` is on the stack ending at `id`. */
function calledBy(id: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>, caller: RegExp): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (caller.test(byId.get(at)!.callFrame.url)) return true;
  return false;
}

/** The inclusive areas present anywhere on the stack ending at `id`. */
function stackAreas(id: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): Set<string> {
  const found = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { url } = byId.get(at)!.callFrame;
    for (const [name, test] of INCLUSIVE) if (test(url)) found.add(name);
  }
  return found;
}

function callerName(id: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): string {
  const caller = parent.get(id);
  return (caller !== undefined && byId.get(caller)!.callFrame.functionName) || '(anonymous)';
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const match = /\/(src|bot|cards|bench)\/.*$/.exec(url);
  return match ? match[0].slice(1) : url;
}

/** The summary as text. */
export function formatProfile(summary: ProfileSummary): string {
  const row = (s: ProfileShare) => `${s.percent.toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(6)} ms  ${s.name}`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms; percentages of busy time`,
    '',
    'self time by area:',
    ...summary.areas.map(row),
    '',
    'inclusive time (the area and what it calls; shares overlap):',
    ...summary.inclusive.map(row),
    '',
    'self time, top functions:',
    ...summary.functions.map(row),
  ].join('\n');
}
