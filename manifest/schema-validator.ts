import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';

// Both packages are CommonJS with an `exports.default`; under NodeNext the default import is the module object.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

/** Which official Teams schema a document is checked against. */
export type SchemaKind = 'manifest' | 'localization';

const SCHEMA_FILES: Record<SchemaKind, string> = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
};

/** Directory of the official JSON schemas shipped in @microsoft/app-manifest (no network needed). */
export const SCHEMA_ROOT = join(dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');

/** Path of the official schema file for a manifest version, e.g. ('1.30', 'manifest'). */
export function schemaFile(version: string, kind: SchemaKind): string {
  return join(SCHEMA_ROOT, `v${version}`, SCHEMA_FILES[kind]);
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(version: string, kind: SchemaKind): ValidateFunction {
  const file = schemaFile(version, kind);
  let validate = compiled.get(file);
  if (!validate) {
    const ajv = new Ajv04({
      allErrors: true,
      // The official schemas mix in keywords without `type` (e.g. minimum on an array); that is theirs to fix.
      strictTypes: false,
      // The localization schema has patterns like `\b]` that are invalid under the `u` flag.
      unicodeRegExp: false,
    });
    addFormats(ajv, ['uri', 'email', 'regex']);
    // compile() is synchronous and has no loadSchema hook: an unresolved $ref throws, nothing is fetched.
    validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
    compiled.set(file, validate);
  }
  return validate;
}

/** Pattern of the official `$schema` URLs for a version (Microsoft publishes both en-us and locale-less forms). */
export function officialSchemaUrl(version: string, kind: SchemaKind): RegExp {
  const v = version.replace(/\./g, '\\.');
  return new RegExp(`^https://developer\\.microsoft\\.com/(?:[a-z]{2}-[a-z]{2}/)?json-schemas/teams/v${v}/${SCHEMA_FILES[kind].replace(/\./g, '\\.')}$`);
}

/**
 * Validates a filled manifest or localization file offline against the official schema of
 * `version` and checks that its `$schema` URL names that same schema. Returns readable issues
 * ("/bots/0/botId must match pattern ..."); an empty array means valid.
 */
export function validateDocument(doc: unknown, version: string, kind: SchemaKind): string[] {
  const issues: string[] = [];
  const schemaUrl = (doc as { $schema?: unknown } | null)?.$schema;
  if (typeof schemaUrl !== 'string' || !officialSchemaUrl(version, kind).test(schemaUrl)) {
    issues.push(`/$schema must be the official ${SCHEMA_FILES[kind]} URL for v${version}, got ${JSON.stringify(schemaUrl)}`);
  }
  let validate: ValidateFunction;
  try {
    validate = validatorFor(version, kind);
  } catch (error) {
    const known = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!known) throw error;
    return [...issues, `no official schema for manifest version ${JSON.stringify(version)} in @microsoft/app-manifest`];
  }
  if (!validate(doc)) issues.push(...(validate.errors ?? []).map(describeError));
  return issues;
}

/** Validates a manifest against the schema its own `manifestVersion` names. */
export function validateManifest(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return ['/manifestVersion must be a string'];
  return validateDocument(manifest, version, 'manifest');
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  const detail =
    'additionalProperty' in params
      ? ` (${String(params.additionalProperty)})`
      : 'allowedValues' in params
        ? ` (${JSON.stringify(params.allowedValues)})`
        : 'allowedValue' in params
          ? ` (${JSON.stringify(params.allowedValue)})`
          : '';
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}
