import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { fillPlaceholders, insertCommands, unfilledPlaceholders, type ManifestDocument } from './fill-template.js';
import { checkIcon } from './icon-rules.js';
import { expandCommandTranslations } from './localize.js';
import { placeholderValues, type PackageSettings } from './package-env.js';
import { PackageValidationError } from './package-error.js';
import { validateDocument, validateManifest } from './schema-validator.js';
import { MANIFEST_DIR, readSources } from './sources.js';

/** Inputs of one package build. */
export interface BuildOptions {
  settings: PackageSettings;
  /** Where the zip is written, e.g. `<root>/build/appPackage.zip`. */
  outFile: string;
  /** Source folder; the real manifest/ unless a test points elsewhere. */
  manifestDir?: string;
}

/** The written package: its path, the filled manifest, and every file inside by name. */
export interface BuiltPackage {
  zipPath: string;
  manifest: ManifestDocument;
  files: Record<string, Uint8Array>;
}

// Fixed timestamp so the same inputs give a byte-identical zip.
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

/** Fills, validates and zips the Teams app package; throws PackageValidationError instead of writing a bad one. */
export function buildAppPackage(options: BuildOptions): BuiltPackage {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const { template, commands, languages } = readSources(dir);
  const manifest = insertCommands(fillPlaceholders(template, placeholderValues(options.settings)), commands);

  const issues = [...validateManifest(manifest), ...unfilledPlaceholders(manifest).map((p) => `${p} still has a \${{...}} placeholder`)];
  const files: Record<string, Uint8Array> = {};

  const listCount = manifest.bots?.[0]?.commandLists?.length ?? 0;
  for (const { file, strings } of languages) {
    const expanded = expandCommandTranslations(strings, commands, listCount);
    const problems = [...expanded.issues, ...validateDocument(expanded.strings, manifest.manifestVersion, 'localization')];
    issues.push(...problems.map((p) => `${file}: ${p}`));
    files[file] = strToU8(`${JSON.stringify(expanded.strings, null, 2)}\n`);
  }

  for (const slot of ['color', 'outline'] as const) {
    const file = manifest.icons[slot];
    try {
      const bytes = readFileSync(join(dir, file));
      issues.push(...checkIcon(slot, file, bytes));
      files[file] = bytes;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      issues.push(`${file}: ${slot} icon file not found in ${dir}`);
    }
  }

  if (issues.length > 0) throw new PackageValidationError(issues);
  files['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);

  mkdirSync(dirname(options.outFile), { recursive: true });
  writeFileSync(options.outFile, zipSync(files, { level: 9, mtime: ZIP_MTIME }));
  return { zipPath: options.outFile, manifest, files };
}
