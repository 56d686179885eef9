import { createRequire } from 'node:module';

// The package's main entry does not resolve on Node 20; its UMD bundle needs no DOM to parse and validate.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Parses a card as Adaptive Cards 1.5 and returns every parse and validation message. */
export function validateCard(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}
