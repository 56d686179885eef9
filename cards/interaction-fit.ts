/**
 * The smaller forms of the interaction card. What a person needs stays on
 * every form: title, status and timer, recording, the consult panes, notices,
 * the call's buttons, the consult and transfer buttons, the dial number and
 * the expert search. What can be long is cut, each with a "n more" row:
 * read-only and editable variables (up to 50 of 256 characters), expert
 * results, agents, queues and entry points, the address book.
 */
import { type FitRequest, type ListWindow, listShrinking, type MoreButton, moreRow, type Shrinking, sliceOf } from './card-fit.js';
import { VARIABLE_INPUT_PREFIX } from './interaction-view.js';
import type { Locale } from './locale.js';
import type { StringKey } from './strings.js';
import type { InteractionView } from './views.js';

/** The lists of the interaction card that can be cut, in the order they appear. */
export const INTERACTION_LISTS = ['variables', 'inputs', 'experts', 'agents', 'queues', 'addresses'] as const;

/** A list of the interaction card that can be cut. */
export type InteractionList = (typeof INTERACTION_LISTS)[number];

const NAMES: Record<InteractionList, StringKey> = {
  variables: 'list.variables',
  inputs: 'list.inputs',
  experts: 'list.experts',
  agents: 'list.agents',
  queues: 'list.queues',
  addresses: 'list.addresses',
};

/** The interaction card's forms; `request` pages through one list ("Show all"). */
export function interactionShrinking(view: InteractionView, locale: Locale, request?: FitRequest): Shrinking<InteractionView> {
  const lengths: Record<InteractionList, number> = {
    variables: view.variables.length,
    inputs: view.inputs.length,
    experts: view.experts.length,
    agents: view.agentChoices.length,
    queues: view.queueChoices.length,
    addresses: view.addressChoices.length,
  };
  return listShrinking(lengths, request, (windows, focus) => cut(view, windows, focus, lengths, locale));
}

function cut(
  view: InteractionView,
  windows: Record<InteractionList, ListWindow>,
  focus: InteractionList | undefined,
  lengths: Record<InteractionList, number>,
  locale: Locale,
): InteractionView {
  const inputs = sliceOf(view.inputs, windows.inputs);
  // A save sends the versions of the inputs it carries: only those shown.
  const shownNames = new Set(inputs.map((input) => input.id.slice(VARIABLE_INPUT_PREFIX.length)));
  const versions = Object.fromEntries(Object.entries(view.versions).filter(([name]) => shownNames.has(name)));
  const more = Object.fromEntries(
    INTERACTION_LISTS.map((list) => [
      list,
      moreRow(
        {
          what: NAMES[list],
          total: lengths[list],
          window: windows[list],
          focused: list === focus,
          button: (title, start) => showButton(view.contactId, list, title, start),
        },
        locale,
      ),
    ]),
  ) as Record<InteractionList, ReturnType<typeof moreRow>>;
  return {
    ...view,
    variables: sliceOf(view.variables, windows.variables),
    inputs,
    versions,
    canSave: view.canSave && inputs.length > 0,
    experts: sliceOf(view.experts, windows.experts),
    agentChoices: sliceOf(view.agentChoices, windows.agents),
    queueChoices: sliceOf(view.queueChoices, windows.queues),
    addressChoices: sliceOf(view.addressChoices, windows.addresses),
    more,
  };
}

/** Expert results are not stored: showing more of them runs the search again (with the query on the card). */
function showButton(contactId: string, list: InteractionList, title: string, from: number): MoreButton {
  return { title, verb: list === 'experts' ? 'consult.search' : 'interaction.refresh', contactId, show: list, from };
}
