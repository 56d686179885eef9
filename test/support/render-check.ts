/**
 * Set up for every unit test file: each card the compiled fast path renders is
 * rendered by adaptivecards-templating too, and the two must be the same, so
 * every card any test shows checks the compiled templates against the library.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, expect } from 'vitest';
import { checkRendersWith } from '../../cards/render.js';

const differences: string[] = [];
checkRendersWith((name, fast, library) => {
  if (!isDeepStrictEqual(fast, library)) differences.push(`${name}: compiled ${JSON.stringify(fast)} library ${JSON.stringify(library)}`);
});
afterAll(() => {
  expect(differences).toEqual([]);
});
