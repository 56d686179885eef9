import * as Templating from 'adaptivecards-templating';
import banner from './templates/_banner.json' with { type: 'json' };
import header from './templates/_header.json' with { type: 'json' };
import error from './templates/error.json' with { type: 'json' };
import help from './templates/help.json' with { type: 'json' };
import status from './templates/status.json' with { type: 'json' };
import welcome from './templates/welcome.json' with { type: 'json' };
import requests from './templates/requests.json' with { type: 'json' };
import interaction from './templates/interaction.json' with { type: 'json' };
import wrapUp from './templates/wrap-up.json' with { type: 'json' };
import consultRequest from './templates/consult-request.json' with { type: 'json' };
import signIn from './templates/sign-in.json' with { type: 'json' };
import expert from './templates/expert.json' with { type: 'json' };
import session from './templates/session.json' with { type: 'json' };
import type { Locale } from './locale.js';
import { STRINGS } from './strings.js';
import type { CardName, CardViews } from './views.js';

/** An Adaptive Card as JSON, ready for an attachment or an invoke response. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const TEMPLATES: Record<CardName, unknown> = { welcome, help, error, status, requests, interaction, wrapUp, signIn, expert, consultRequest, session };
const FRAGMENTS: Record<string, unknown> = { header, banner };

/** Renders typed views into Adaptive Cards. */
export interface CardRenderer {
  render<N extends CardName>(name: N, view: CardViews[N], locale: Locale): AdaptiveCardJson;
}

/**
 * Creates a renderer that compiles each template once, on first use, and keeps
 * it: compiling costs about ten expansions. Shared pieces (`{"$include": "header"}`)
 * are spliced in before compiling.
 */
export function createCardRenderer(): CardRenderer {
  const compiled = new Map<CardName, Templating.Template>();
  return {
    render(name, view, locale) {
      let template = compiled.get(name);
      if (!template) {
        template = new Templating.Template(withFragments(TEMPLATES[name]));
        compiled.set(name, template);
      }
      return template.expand({ $root: { ...view, t: STRINGS[locale] } }) as AdaptiveCardJson;
    },
  };
}

function withFragments(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withFragments);
  if (node === null || typeof node !== 'object') return node;
  const include = (node as { $include?: string }).$include;
  if (include !== undefined) {
    const fragment = FRAGMENTS[include];
    if (fragment === undefined) throw new Error(`unknown card fragment ${include}`);
    return withFragments(fragment);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withFragments(value)]));
}
