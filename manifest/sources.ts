import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BotCommand, ManifestDocument } from './fill-template.js';
import { commandTitleAliases, type LocalizationStrings } from './localize.js';
import { PackageValidationError } from './package-error.js';

/** Folder holding the manifest template, commands.json, localization files and icons. */
export const MANIFEST_DIR = import.meta.dirname;

/** One additional language as declared in the template's localizationInfo. */
export interface LanguageSource {
  languageTag: string;
  file: string;
  strings: LocalizationStrings;
}

/** Everything the packager reads from the manifest folder, parsed but not yet filled. */
export interface ManifestSources {
  template: ManifestDocument;
  commands: BotCommand[];
  languages: LanguageSource[];
}

function readJson<T>(dir: string, file: string): T {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new PackageValidationError([`cannot read ${path}: ${(error as Error).message}`]);
  }
}

/** Reads the template, the command list and every localization file the template names. */
export function readSources(dir: string = MANIFEST_DIR): ManifestSources {
  const template = readJson<ManifestDocument>(dir, 'manifest.json');
  const commands = readJson<BotCommand[]>(dir, 'commands.json');
  const languages = (template.localizationInfo?.additionalLanguages ?? []).map(({ languageTag, file }) => ({
    languageTag,
    file,
    strings: readJson<LocalizationStrings>(dir, file),
  }));
  return { template, commands, languages };
}

/**
 * Titles a user may send per command, keyed by English title: Teams sends the localized title
 * (e.g. "hjælp") when a user picks a command, so the bot must accept these too.
 */
export function loadCommandAliases(dir: string = MANIFEST_DIR): Record<string, string[]> {
  const { commands, languages } = readSources(dir);
  return commandTitleAliases(
    commands,
    languages.map((l) => l.strings),
  );
}
