import * as Templating from 'adaptivecards-templating';
import banner from './templates/_banner.json' with { type: 'json' };
import header from './templates/_header.json' with { type: 'json' };
import more from './templates/_more.json' with { type: 'json' };
import dial from './templates/_dial.json' with { type: 'json' };
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
import compose from './templates/compose.json' with { type: 'json' };
import leadMessage from './templates/lead-message.json' with { type: 'json' };
import report from './templates/report.json' with { type: 'json' };
import messages from './templates/messages.json' with { type: 'json' };
import board from './templates/board.json' with { type: 'json' };
import session from './templates/session.json' with { type: 'json' };
import type { Locale } from './locale.js';
import { STRINGS } from './strings.js';
import type { CardName, CardViews } from './views.js';

/** An Adaptive Card as JSON, ready for an attachment or an invoke response. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const TEMPLATES: Record<CardName, unknown> = {
  welcome,
  help,
  error,
  status,
  requests,
  interaction,
  wrapUp,
  signIn,
  expert,
  consultRequest,
  compose,
  leadMessage,
  report,
  messages,
  board,
  session,
};
const FRAGMENTS: Record<string, unknown> = { header, banner, more, dial };

/** Renders typed views into Adaptive Cards. */
export interface CardRenderer {
  render<N extends CardName>(name: N, view: CardViews[N], locale: Locale): AdaptiveCardJson;
}

/**
 * Creates a renderer that compiles each template once, on first use, and keeps
 * it: compiling costs about ten expansions. Shared pieces (`{"$include": "header"}`)
 * are spliced in before compiling; other keys beside `$include` (a `$data`) are laid over the piece.
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
  const { $include: include, ...over } = node as { $include?: string };
  if (include !== undefined) {
    const fragment = FRAGMENTS[include];
    if (fragment === undefined) throw new Error(`unknown card fragment ${include}`);
    return withFragments({ ...(fragment as object), ...over });
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withFragments(value)]));
}
