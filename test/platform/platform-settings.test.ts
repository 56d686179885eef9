import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/config-error.js';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/desk', { dotEnv: false });

describe('platform settings (PLATFORM_SECRET, SIMULATOR, SIMULATOR_INTERVAL_SECONDS)', () => {
  it('by default the platform API has no secret and the simulator is off with a 20 s interval', () => {
    const config = load({});
    expect(config.PLATFORM_SECRET).toBeUndefined();
    expect(config).toMatchObject({ SIMULATOR: 'off', SIMULATOR_INTERVAL_SECONDS: 20, SIMULATOR_ANSWER_SECONDS: 3 });
  });

  it('takes a secret of 16 characters or more as it is, spaces included', () => {
    expect(load({ PLATFORM_SECRET: ' sixteen chars!! ' }).PLATFORM_SECRET).toBe(' sixteen chars!! ');
  });

  it('refuses a short secret with one line that never shows it', () => {
    expect(() => load({ PLATFORM_SECRET: 'hunter2-short' })).toThrow(ConfigError);
    expect(() => load({ PLATFORM_SECRET: 'hunter2-short' })).toThrow(/^PLATFORM_SECRET: must be at least 16 characters$/);
  });

  it.each([
    [{ SIMULATOR: 'yes' }, /^SIMULATOR: /],
    [{ SIMULATOR_INTERVAL_SECONDS: '1' }, /^SIMULATOR_INTERVAL_SECONDS: must be at least 2 \(got "1"\)$/],
    [{ SIMULATOR_INTERVAL_SECONDS: '3601' }, /^SIMULATOR_INTERVAL_SECONDS: must be at most 3600/],
    [{ SIMULATOR_INTERVAL_SECONDS: '2.5' }, /^SIMULATOR_INTERVAL_SECONDS: must be a whole number/],
    [{ SIMULATOR_INTERVAL_SECONDS: 'often' }, /^SIMULATOR_INTERVAL_SECONDS: must be a whole number of seconds from 2 to 3600/],
    [{ SIMULATOR_ANSWER_SECONDS: '61' }, /^SIMULATOR_ANSWER_SECONDS: must be at most 60/],
    [{ SIMULATOR_ANSWER_SECONDS: '-1' }, /^SIMULATOR_ANSWER_SECONDS: must be at least 0/],
  ])('%j stops start-up naming the setting', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('reads SIMULATOR=on with its interval', () => {
    expect(load({ SIMULATOR: 'on', SIMULATOR_INTERVAL_SECONDS: '5' })).toMatchObject({ SIMULATOR: 'on', SIMULATOR_INTERVAL_SECONDS: 5 });
  });
});
