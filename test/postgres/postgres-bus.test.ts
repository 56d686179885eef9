import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/store/bus.js';
import { PostgresBus } from '../../src/store/postgres-bus.js';
import { StoreUnavailableError } from '../../src/store/store-port.js';
import { busContract, collect } from '../store/bus-contract.js';
import { databaseUrl, freshSchema } from '../support/postgres-stores.js';

const buses: Bus[] = [];
async function openBus(schema: string): Promise<PostgresBus> {
  const bus = await PostgresBus.open({ connectionString: databaseUrl(), schema });
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

// Two instances: two buses, each with its own listening connection, on one database.
busContract('postgres', async () => {
  const schema = freshSchema();
  return [await openBus(schema), await openBus(schema)];
});

describe('postgres bus', () => {
  it('instances on another schema of the same database do not hear each other', async () => {
    const mine = await openBus(freshSchema());
    const theirs = await openBus(freshSchema());
    const heard: string[] = [];
    await theirs.subscribe('cards', (message) => heard.push(message));
    const own = await collect(mine, 'cards', 1);
    await mine.publish('cards', 'mine');
    expect(await own.messages).toEqual(['mine']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([]);
  });

  it('a topic longer than a PostgreSQL channel name still reaches its subscribers, and only them', async () => {
    const schema = freshSchema();
    const [a, b] = [await openBus(schema), await openBus(schema)];
    const long = `agent/${'x'.repeat(80)}`;
    const near: string[] = [];
    await b.subscribe(`${long}y`, (message) => near.push(message));
    const got = await collect(b, long, 1);
    await a.publish(long, 'hello');
    expect(await got.messages).toEqual(['hello']);
    expect(near).toEqual([]);
  });

  it('a server that cannot be reached is a StoreUnavailableError naming the server, not the password', async () => {
    const error = await PostgresBus.open({ connectionString: 'postgresql://desk:Sup3rSecret@127.0.0.1:1/desk', schema: 'public' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/^PostgreSQL 127\.0\.0\.1:1\/desk: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('Sup3rSecret');
  });
});
