import { PackageValidationError } from './package-error.js';

/** One bot command as listed in manifest/commands.json, the single source of the command list. */
export interface BotCommand {
  title: string;
  description: string;
}

/** The parts of a Teams manifest this module touches; everything else passes through untouched. */
export interface ManifestDocument {
  manifestVersion: string;
  bots?: { scopes: string[]; commandLists?: { scopes: string[]; commands: BotCommand[] }[] }[];
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
  icons: { color: string; outline: string };
  [key: string]: unknown;
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces `${{NAME}}` in every string of `template` (keys are left alone). Works on the parsed
 * value, not the JSON text, so a value containing a quote cannot break the document. Throws on a
 * placeholder with no value, naming all of them.
 */
export function fillPlaceholders<T>(template: T, values: Readonly<Record<string, string>>): T {
  const missing = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        const value = values[name];
        if (value === undefined) missing.add(name);
        return value ?? whole;
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  const filled = walk(template) as T;
  if (missing.size > 0) throw new PackageValidationError([...missing].map((name) => `manifest.json uses \${{${name}}} but no value is set for it`));
  return filled;
}

/**
 * Puts `commands` into every command list of every bot. Each bot scope must sit in exactly one
 * list: the schema asks for a separate list per scope, and localization keys address lists by index.
 */
export function insertCommands<M extends ManifestDocument>(manifest: M, commands: readonly BotCommand[]): M {
  const bots = (manifest.bots ?? []).map((bot, b) => {
    const lists = bot.commandLists ?? [];
    for (const scope of bot.scopes) {
      const count = lists.filter((list) => list.scopes.includes(scope)).length;
      if (count !== 1) throw new PackageValidationError([`manifest.json: bots[${b}] scope "${scope}" must be in exactly one commandList, found ${count}`]);
    }
    const commandLists = lists.map((list) => ({ ...list, commands: commands.map((c) => ({ ...c })) }));
    return { ...bot, commandLists };
  });
  return { ...manifest, bots };
}

/** Paths (like `/bots/0/botId`) of strings that still contain `${{`, for a last safety check. */
export function unfilledPlaceholders(node: unknown, path = ''): string[] {
  if (typeof node === 'string') return node.includes('${{') ? [path || '/'] : [];
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => unfilledPlaceholders(v, `${path}/${k}`));
  }
  return [];
}
