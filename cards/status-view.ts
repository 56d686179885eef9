import type { Agent } from '../src/engine/model.js';
import { dialView } from './dial-view.js';
import { SELECTABLE_STATES, type AgentState } from '../src/engine/agent-state.js';
import { cardTime, formatElapsed } from './format.js';
import { labelIn, type Locale, type LocalizedLabel } from './locale.js';
import { say } from './strings.js';
import type { StatusAction, StatusView } from './views.js';

/** What the status card shows besides the agent. */
export interface StatusCardContext {
  idleCodes: ReadonlyArray<LocalizedLabel & { id: string }>;
  codeRequiredStates: readonly AgentState[];
  locale: Locale;
  now: Date;
  /** Teams user id that gets automatic refreshes of this card. */
  userId: string;
  error?: string;
  /** The number a Dial just asked the platform to call (OUT-1). */
  dialling?: string;
}

const STYLE_OF: Record<AgentState, StatusView['stateStyle']> = {
  Available: 'good',
  Idle: 'warning',
  Engaged: 'accent',
  WrapUp: 'accent',
  RONA: 'attention',
  WorkingOffline: 'emphasis',
  Break: 'warning',
  LoggedOut: 'default',
};

/** Builds the status card view: state, code, timer, phone, and the buttons that apply now. */
export function statusView(agent: Agent, ctx: StatusCardContext): StatusView {
  const { locale } = ctx;
  const code = agent.code ? ctx.idleCodes.find((c) => c.id === agent.code) : undefined;
  return {
    title: say(locale, 'statusTitle'),
    error: ctx.error ?? '',
    stateLabel: say(locale, `state.${agent.state}`),
    stateStyle: STYLE_OF[agent.state],
    codeLabel: code ? labelIn(code, locale) : (agent.code ?? ''),
    timerText: say(locale, 'timeInState', {
      elapsed: formatElapsed(ctx.now.getTime() - Date.parse(agent.stateSince)),
      since: cardTime(agent.stateSince),
    }),
    stateHint: say(locale, `hint.${agent.state}`),
    codeChoices: ctx.idleCodes.map((c) => ({ title: labelIn(c, locale), value: c.id })),
    selectedCode: agent.code ?? '',
    phoneText: agent.phone ? say(locale, 'phoneRegistered', { phone: agent.phone }) : say(locale, 'phoneMissing'),
    phoneInput: agent.phone ?? '',
    // OUT-1: the phone rings first, so dialling needs one; not while busy with a call or wrap-up.
    dial: dialView(locale, Boolean(agent.phone) && !['LoggedOut', 'Engaged', 'WrapUp'].includes(agent.state), { dialling: ctx.dialling }),
    actions: SELECTABLE_STATES.map((state) => statusAction(agent, state, ctx)),
    refreshUserIds: [ctx.userId],
  };
}

function statusAction(agent: Agent, state: (typeof SELECTABLE_STATES)[number], ctx: StatusCardContext): StatusAction {
  return {
    state,
    title: say(ctx.locale, `action.${state}`),
    enabled: isOffered(agent.state, state, ctx.codeRequiredStates),
    style: state === 'Available' ? 'positive' : state === 'LoggedOut' ? 'destructive' : 'default',
  };
}

// Mirrors the engine's rules so a person sees what is possible; the engine still decides.
function isOffered(current: AgentState, target: AgentState, codeRequired: readonly AgentState[]): boolean {
  if (current === 'Engaged' || current === 'WrapUp') return false;
  if (current === 'RONA') return target === 'Available';
  return current !== target || codeRequired.includes(target);
}
