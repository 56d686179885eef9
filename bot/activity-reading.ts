/** Reading what an activity says: who sent it, in which language, what a card submitted. */
import type { Activity } from 'botbuilder';
import { VARIABLE_INPUT_PREFIX } from '../cards/interaction-view.js';
import { pickLocale, type Locale } from '../cards/locale.js';
import type { Actor } from '../src/engine/model.js';
import type { CardAction } from './card-actions.js';

/** The person behind an activity: their Entra object id when Teams sends it. */
export function actorOf(activity: Activity): Actor {
  return { id: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? '' };
}

/** The reader's language: the activity's locale, else the Teams client's. */
export function localeOf(activity: Activity): Locale {
  if (typeof activity.locale === 'string') return pickLocale(activity.locale);
  // The guard checked the shape; still, a language is never worth failing a turn over.
  const entities: unknown[] = Array.isArray(activity.entities) ? activity.entities : [];
  const client = entities.find((e): e is { locale?: unknown } => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'clientInfo');
  return pickLocale(client?.locale);
}

/** The edited variables of a save: inputs named var_<name>, with the versions the card showed (CAD-1). */
export function editedVariables(data: Extract<CardAction, { verb: 'variables.save' }>['data']): Map<string, { value: string; version: number }> {
  const values = new Map<string, { value: string; version: number }>();
  const inputs = new Map(Object.entries(data));
  for (const [name, version] of data.versions) {
    const value = inputs.get(`${VARIABLE_INPUT_PREFIX}${name}`);
    // An empty input means "keep": a secure value is never sent to the card to be sent back.
    if (typeof value === 'string' && value !== '') values.set(name, { value, version });
  }
  return values;
}
