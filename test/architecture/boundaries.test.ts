import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of the codebase, checked from the source: the engine
 * is pure and imports only itself; nothing below the composition root
 * imports the Teams edge; botbuilder stays in bot/; cards do no I/O; and the
 * production code has no import cycle.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PRODUCTION = ['src', 'bot', 'cards', 'manifest'];
// The composition root wires every part together, so it alone may reach into bot/.
const COMPOSITION_ROOT = ['src/app.ts', 'src/main.ts'];

interface SourceFile {
  path: string;
  text: string;
  /** Repo-relative paths of the files it imports (relative imports only). */
  local: string[];
  /** The same, without type-only imports: what loads at run time. */
  runtime: string[];
  /** Package names it imports. */
  packages: string[];
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function parse(path: string): SourceFile {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  const local: string[] = [];
  const runtime: string[] = [];
  const packages: string[] = [];
  for (const match of found) {
    const specifier = (match[3] ?? match[4])!;
    if (specifier.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), specifier)).replace(/\.js$/, '.ts');
      local.push(target);
      if (!match[2]) runtime.push(target);
    } else {
      packages.push(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  }
  return { path, text, local, runtime, packages };
}

const files = PRODUCTION.flatMap(walk).map(parse);
const under = (prefix: string) => files.filter((f) => f.path.startsWith(`${prefix}/`));

describe('import boundaries (STYLE 1, SPEC 2)', () => {
  it('reads the whole production tree', () => {
    expect(under('src/engine').length).toBeGreaterThan(15);
    expect(under('bot').length).toBeGreaterThan(10);
  });

  it('the engine imports only the engine: no packages, no node modules', () => {
    const offenders = under('src/engine').flatMap((f) => [
      ...f.packages.map((p) => `${f.path} imports ${p}`),
      ...f.local.filter((l) => !l.startsWith('src/engine/')).map((l) => `${f.path} imports ${l}`),
    ]);
    expect(offenders).toEqual([]);
  });

  it('the engine reads no environment and no clock: time comes in as `now`', () => {
    const offenders = under('src/engine').flatMap((f) =>
      [/process\.env/, /Date\.now\(\)/, /new Date\(\)/, /Math\.random\(\)/].filter((re) => re.test(f.text)).map((re) => `${f.path}: ${re.source}`),
    );
    expect(offenders).toEqual([]);
  });

  it('nothing below the composition root imports the Teams edge (bot/)', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('bot/') && !COMPOSITION_ROOT.includes(f.path))
      .flatMap((f) => f.local.filter((l) => l.startsWith('bot/')).map((l) => `${f.path} imports ${l}`));
    expect(offenders).toEqual([]);
  });

  it('only bot/ imports botbuilder and the Bot Framework packages', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('bot/'))
      .flatMap((f) => f.packages.filter((p) => p.startsWith('botbuilder') || p.startsWith('botframework')).map((p) => `${f.path} imports ${p}`));
    expect(offenders).toEqual([]);
  });

  it('cards do no I/O and know nothing of the bot', () => {
    const offenders = under('cards').flatMap((f) => [
      ...f.packages.filter((p) => p.startsWith('node:') || p === 'fs' || p.startsWith('botbuilder')).map((p) => `${f.path} imports ${p}`),
      ...f.local.filter((l) => l.startsWith('bot/')).map((l) => `${f.path} imports ${l}`),
    ]);
    expect(offenders).toEqual([]);
  });

  it('the production code has no import cycle', () => {
    // Type-only imports vanish at run time; a cycle of them is harmless.
    const graph = new Map(files.map((f) => [f.path, f.runtime.filter((l) => l !== f.path)]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (path: string, trail: string[]) => {
      if (state.get(path) === 'done') return;
      if (state.get(path) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(path)), path].join(' -> '));
        return;
      }
      state.set(path, 'visiting');
      for (const next of graph.get(path) ?? []) visit(next, [...trail, path]);
      state.set(path, 'done');
    };
    for (const path of graph.keys()) visit(path, []);
    expect(cycles).toEqual([]);
  });
});
