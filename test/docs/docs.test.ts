import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// Every rule ID of the product specification. The specification lives outside
// this repository, so its IDs are copied here: a new rule there is added here too.
const SPEC_RULE_IDS = [
  ...['ST-1', 'ST-2', 'ST-3', 'ST-4', 'ST-5', 'ST-6', 'ST-7', 'ST-8'],
  ...['PO-1', 'PO-2', 'PO-3', 'PO-4', 'ANS-1', 'ANS-2', 'HOLD-1'],
  ...['CON-1', 'CON-2', 'CON-3', 'CON-4', 'CON-5', 'CON-6', 'CON-7', 'CON-8', 'CON-9', 'XFER-1', 'XFER-2'],
  ...['REC-1', 'CAD-1', 'WRAP-1', 'CB-1', 'BN-1'],
  ...['MSG-1', 'MSG-2', 'STAT-1'],
  ...['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4', 'VC-1', 'VC-2', 'VC-3'],
  ...['PLAT-1', 'PLAT-2', 'PLAT-3', 'PLAT-4', 'OUT-1'],
];

// Folders that are not documentation: dependencies, build output, run-time data.
const NOT_DOCS = new Set(['node_modules', 'build', 'data', 'test-artifacts', 'dist']);

/** Every Markdown file of the repository (README.md, docs/, bench/README.md...), relative to the root. */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith('.') || NOT_DOCS.has(name)) return [];
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [relative(ROOT, path)] : [];
  });
}

// Addresses a reader runs on their own machine; `<host>` stands for the reader's own host.
const LOCAL_HOST = /^(127\.0\.0\.1|localhost|\[::1\]|<[^>]+>)(:\d+)?$/i;
const URL = /\b(?:https?|ftp|wss?|file|mailto):(?:\/\/)?[^\s)`'"\]]*|\bwww\.[a-z0-9-]+\.[a-z]{2,}[^\s)`'"\]]*/gi;

/** URLs in `text` that lead outside the reader's own machine. */
function outsideUrls(text: string): string[] {
  return (
    [...text.matchAll(URL)]
      // Punctuation after a URL ends the sentence, not the URL.
      .map(([url]) => url.replace(/[.,;:!?]+$/, ''))
      .filter((url) => {
        const host = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1];
        return host === undefined || !LOCAL_HOST.test(host);
      })
  );
}

/** Markdown link, image and reference targets in `text` (fenced code left out). */
function linkTargets(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  return [
    ...[...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
    ...[...prose.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)].map((m) => m[1]!),
  ];
}

/** GitHub's anchors for the headings of a Markdown text. */
function anchors(text: string): Set<string> {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

/** Why a link target in `file` does not stay inside the repository, or undefined when it does. */
function linkProblem(file: string, target: string, text: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return outsideUrls(target).length > 0 ? 'leads outside the repository' : undefined;
  const [path, anchor] = target.split('#') as [string, string | undefined];
  if (path === '') return anchor !== undefined && !anchors(text).has(anchor) ? `no heading for #${anchor}` : undefined;
  if (path.startsWith('/')) return 'absolute path';
  const resolved = resolve(ROOT, dirname(file), decodeURIComponent(path));
  if (relative(ROOT, resolved).startsWith('..')) return 'leads outside the repository';
  if (!existsSync(resolved)) return 'no such file in the repository';
  if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) return `no heading for #${anchor}`;
  return undefined;
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the documentation stands alone', () => {
  const files = markdownFiles();

  it('finds the README and docs/rules.md', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', join('docs', 'rules.md')]));
  });

  it('names no URL outside the reader’s own machine (loopback and <host> placeholders are fine)', () => {
    const found = files.flatMap((file) => outsideUrls(read(file)).map((url) => `${file}: ${url}`));
    expect(found).toEqual([]);
  });

  it('links only to files and headings inside the repository', () => {
    const found = files.flatMap((file) => {
      const text = read(file);
      return linkTargets(text).flatMap((target) => {
        const problem = linkProblem(file, target, text);
        return problem ? [`${file}: ${target} (${problem})`] : [];
      });
    });
    expect(found).toEqual([]);
  });

  it('points at no path above the repository (../)', () => {
    const found = files.flatMap((file) => (read(file).match(/(?:^|[\s(`'"])\.\.\/\S*/g) ?? []).map((path) => `${file}: ${path.trim()}`));
    expect(found).toEqual([]);
  });

  it('tells a link outside from one inside (the checks above can fail)', () => {
    expect(outsideUrls('see https://www.npmjs.com/package/x, http://127.0.0.1:3978/api/messages and http://localhost:56150.')).toEqual([
      'https://www.npmjs.com/package/x',
    ]);
    expect(outsideUrls('set it to `https://<host>/api/messages`; docs at www.example.com/page')).toEqual(['www.example.com/page']);
    expect(outsideUrls('mail mailto:someone@example.com')).toEqual(['mailto:someone@example.com']);
    expect(linkTargets('[a](https://learn.microsoft.com/x) ![b](docs/x.png)\n[c]: ../shared/SPEC.md')).toEqual([
      'https://learn.microsoft.com/x',
      'docs/x.png',
      '../shared/SPEC.md',
    ]);
    expect(linkProblem('README.md', 'https://learn.microsoft.com/x', '')).toBe('leads outside the repository');
    expect(linkProblem('README.md', '../shared/SPEC.md', '')).toBe('leads outside the repository');
    expect(linkProblem('README.md', 'docs/missing.md', '')).toBe('no such file in the repository');
    expect(linkProblem('README.md', 'docs/rules.md#agent-status', '')).toBeUndefined();
    expect(linkProblem('README.md', 'docs/rules.md#no-such-part', '')).toBe('no heading for #no-such-part');
    expect(linkProblem('README.md', '#two-commands', '## Two commands')).toBeUndefined();
  });
});

describe('docs/rules.md', () => {
  const rules = read(join('docs', 'rules.md'));
  // Each rule is a heading `#### CON-7: title`, with `(planned)` or `(in progress)` when it is not proven built yet.
  const headings = new Map([...rules.matchAll(/^#{2,4}\s+([A-Z]+-\d+):\s*(.+)$/gm)].map((m) => [m[1]!, m[2]!]));

  it('has a heading for every rule ID of the specification, and none it does not know', () => {
    expect(SPEC_RULE_IDS.filter((id) => !headings.has(id))).toEqual([]);
    expect([...headings.keys()].filter((id) => !SPEC_RULE_IDS.includes(id))).toEqual([]);
  });

  it('calls a rule built only when a test names it (a test for a rule carries its ID in its name)', () => {
    const tests = testFiles(join(ROOT, 'test'))
      .filter((file) => !file.includes(`${join('test', 'docs')}`))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const builtWithoutTest = [...headings]
      .filter(([, title]) => !/\((planned|in progress)\)/.test(title))
      .map(([id]) => id)
      .filter((id) => !new RegExp(`\\b${id}\\b`).test(tests));
    expect(builtWithoutTest).toEqual([]);
  });
});

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? testFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}
