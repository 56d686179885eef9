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
import { compileTemplate, NotPlain, type CompiledTemplate } from './compiled-template.js';
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

/** Every card's name. */
export const CARD_NAMES = Object.keys(TEMPLATES) as CardName[];

/** Renders typed views into Adaptive Cards. */
export interface CardRenderer {
  render<N extends CardName>(name: N, view: CardViews[N], locale: Locale): AdaptiveCardJson;
}

/** A template prepared for rendering: the library's, and the plain function compiled from it when it fits the fast path. */
interface Prepared {
  library: Templating.Template;
  fast: CompiledTemplate | undefined;
}

/** Called with both renders of every card the fast path rendered (tests compare them; see checkRendersWith). */
type RenderCheck = (name: CardName, fast: unknown, library: unknown) => void;
let check: RenderCheck | undefined;

/**
 * For tests: every card the compiled fast path renders is rendered by the
 * library too and both are handed to `compare`, so the whole suite checks
 * that the two agree. Undefined turns it off.
 */
export function checkRendersWith(compare: RenderCheck | undefined): void {
  check = compare;
}

/**
 * Creates a renderer that prepares each template once, on first use, and keeps
 * it: compiled into a plain function where it fits (see compiled-template.ts),
 * with the adaptivecards-templating library for the rest and for any value the
 * fast path leaves to it. Shared pieces (`{"$include": "header"}`) are spliced
 * in first; other keys beside `$include` (a `$data`) are laid over the piece.
 */
export function createCardRenderer(): CardRenderer {
  const prepared = new Map<CardName, Prepared>();
  return {
    render(name, view, locale) {
      let template = prepared.get(name);
      if (!template) {
        const payload = templateOf(name);
        template = { library: new Templating.Template(payload), fast: compileTemplate(payload) };
        prepared.set(name, template);
      }
      const root = { ...view, t: STRINGS[locale] };
      if (template.fast) {
        try {
          const card = template.fast(root);
          check?.(name, card, template.library.expand({ $root: root }));
          return card as AdaptiveCardJson;
        } catch (error) {
          if (!(error instanceof NotPlain)) throw error;
        }
      }
      return template.library.expand({ $root: root }) as AdaptiveCardJson;
    },
  };
}

/** A card's template with its shared pieces spliced in, as it is prepared for rendering. */
export function templateOf(name: CardName): unknown {
  return withFragments(TEMPLATES[name]);
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
