import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTabFiles } from '../../src/tab/tab-files.js';

let dir: string;
let built: string;
const servers: restify.Server[] = [];

async function serve(from: string): Promise<string> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  registerTabFiles(server, from);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agentdesk-tab-files-'));
  built = join(dir, 'build', 'tab');
  await mkdir(join(built, 'assets'), { recursive: true });
  await writeFile(join(built, 'index.html'), '<!doctype html><title>AgentDesk</title>');
  await writeFile(join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, 'build', 'secret.json'), '{"secret":true}');
});
afterAll(async () => {
  for (const server of servers) server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the built Desk tab page under /tab/', () => {
  it('serves the page, always revalidated, framable by Teams only', async () => {
    const base = await serve(built);
    const page = await fetch(`${base}/tab/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    expect(await page.text()).toContain('<title>AgentDesk</title>');
    const asset = await fetch(`${base}/tab/assets/index-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const bare = await fetch(`${base}/tab`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([302, '/tab/']);
  });

  it('never serves a file outside the build, nor a hidden one', async () => {
    const base = await serve(built);
    for (const path of ['/tab/../secret.json', '/tab/%2e%2e/secret.json', '/tab/..%2fsecret.json', '/tab/.env', '/tab/%E0%A4%A']) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(404);
      expect(await answer.text(), path).not.toContain('"secret":true');
    }
  });

  it('says how to build it when it was not built (503), rather than a bare 404', async () => {
    const base = await serve(join(dir, 'nothing-here'));
    const answer = await fetch(`${base}/tab/`);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toContain('npm run build:tab');
  });
});
