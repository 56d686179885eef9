import type { BotCommand } from './fill-template.js';

/** A localization file: flat keys as defined by MicrosoftTeams.Localization.schema.json. */
export type LocalizationStrings = Record<string, string>;

const COMMAND_KEY = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;

/**
 * Source files translate each command once, under `commandLists[0]`; this copies those strings to
 * every list so all scopes are localized, like the packager copies commands.json into every list.
 * Returns the expanded file and the problems found (a missing or surplus command translation).
 */
export function expandCommandTranslations(
  strings: LocalizationStrings,
  commands: readonly BotCommand[],
  listCount: number,
): { strings: LocalizationStrings; issues: string[] } {
  const issues: string[] = [];
  const out: LocalizationStrings = {};
  for (const [key, value] of Object.entries(strings)) {
    const match = COMMAND_KEY.exec(key);
    if (!match) {
      out[key] = value;
      continue;
    }
    const [, list, index] = match.map(Number);
    if (list !== 0) issues.push(`${key}: translate commands under commandLists[0] only; the packager copies them`);
    if ((index ?? 0) >= commands.length) issues.push(`${key}: commands.json has only ${commands.length} commands`);
  }
  commands.forEach((command, j) => {
    for (const field of ['title', 'description'] as const) {
      const value = strings[`bots[0].commandLists[0].commands[${j}].${field}`];
      if (value === undefined) {
        issues.push(`missing ${field} translation for command "${command.title}" (bots[0].commandLists[0].commands[${j}].${field})`);
        continue;
      }
      for (let i = 0; i < listCount; i++) out[`bots[0].commandLists[${i}].commands[${j}].${field}`] = value;
    }
  });
  return { strings: out, issues };
}

/** Every title a user may send for each command (English plus translations), keyed by English title. */
export function commandTitleAliases(commands: readonly BotCommand[], localizations: readonly LocalizationStrings[]): Record<string, string[]> {
  return Object.fromEntries(
    commands.map((command, j) => {
      const translated = localizations.map((l) => l[`bots[0].commandLists[0].commands[${j}].title`]);
      const titles = [command.title, ...translated].filter((t): t is string => t !== undefined);
      return [command.title, [...new Set(titles)]];
    }),
  );
}
