import type { Theme } from '@fluentui/react-components';
import { AdaptiveCard, ExecuteAction, type Input } from 'adaptivecards';
import { useEffect, useRef } from 'react';
import type { CardJson } from '../../src/tab/tab-wire.ts';
import { hostConfigFor } from './host-config.ts';

/** What a press on a card sends: its verb and data, inputs merged in, as Teams sends them to the bot. */
export type CardPress = (verb: string, data: Record<string, unknown>) => void;

interface Props {
  card: CardJson;
  theme: Theme;
  onPress: CardPress;
  /** Names the card for screen readers and tests. */
  label: string;
}

/**
 * One of our Adaptive Card templates, rendered in the page by the
 * `adaptivecards` renderer (the same card the chat shows). What the person
 * typed survives a re-render caused by a live update.
 */
export function AdaptiveCardView({ card, theme, onPress, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const shown = useRef<AdaptiveCard | undefined>(undefined);
  const press = useRef(onPress);
  press.current = onPress;

  useEffect(() => {
    const typed = new Map<string, string>();
    for (const input of shown.current?.getAllInputs() ?? []) {
      const value = input.value as unknown;
      if (input.id && typeof value === 'string' && value !== defaultOf(input)) typed.set(input.id, value);
    }
    const adaptive = new AdaptiveCard();
    adaptive.hostConfig = hostConfigFor(theme);
    adaptive.onExecuteAction = (action) => {
      if (action instanceof ExecuteAction) press.current(action.verb, { ...((action.data as Record<string, unknown> | undefined) ?? {}) });
    };
    adaptive.parse(card);
    for (const input of adaptive.getAllInputs()) {
      const value = input.id ? typed.get(input.id) : undefined;
      if (value !== undefined) (input as Input & { defaultValue?: string }).defaultValue = value;
    }
    const element = adaptive.render();
    if (element && host.current) host.current.replaceChildren(element);
    shown.current = adaptive;
  }, [card, theme]);

  return <section className="card-host" aria-label={label} ref={host} />;
}

function defaultOf(input: Input): string | undefined {
  const value = (input as Input & { defaultValue?: unknown }).defaultValue;
  return typeof value === 'string' ? value : undefined;
}
