import { confirmedHoldScenario } from './scenario-confirmed-hold.js';
import { events400kScenario } from './scenario-events-400k.js';
import { statusChangeScenario } from './scenario-status.js';
import { storePgScenario } from './scenario-store-pg.js';
import type { TurnScenario } from './turn-comparison.js';

/**
 * The turn comparisons `npm run bench` runs, in this order. To compare another
 * kind of turn, write a `TurnScenario` (its bots, baseline first, and what one
 * turn sends) in its own `scenario-<id>.ts` and add it here; the runner, the
 * report and the results file take it as it is.
 */
export const TURN_SCENARIOS: readonly TurnScenario[] = [statusChangeScenario, confirmedHoldScenario, storePgScenario, events400kScenario];
