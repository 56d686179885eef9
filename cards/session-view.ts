import { groupedNumber, MAX_SPEAKERS, participant, type SessionParticipant, type SupportSession } from '../src/engine/session-model.js';
import { cardTime } from './format.js';
import type { Locale } from './locale.js';
import { say, type StringKey } from './strings.js';
import type { Fact } from './views.js';

/** A button on the session card; `target` is the participant, customer or activity it is about (empty when none). */
export interface SessionButton {
  title: string;
  verb: string;
  target: string;
  style: 'default' | 'positive' | 'destructive';
}

/** One participant's row: who, their part, their place in the voice call, and what the viewer may do with them now. */
export interface SessionRow {
  name: string;
  role: string;
  voice: string;
  voiceColor: 'Good' | 'Accent' | 'Default';
  actions: SessionButton[];
}

/** The session card (SUP-1..SUP-4, VC-1..VC-3) as one representative sees it. */
export interface SessionView {
  title: string;
  error: string;
  sessionId: string;
  statusText: string;
  statusStyle: 'good' | 'accent' | 'warning' | 'attention' | 'default' | 'emphasis';
  notice: string;
  transferMessage: string;
  facts: Fact[];
  participants: SessionRow[];
  actions: SessionButton[];
  /** Zero or one: the ways to invite (SUP-1), for representatives in an open session. */
  invite: Array<{ intro: string; link: string; emailText: string; mailto: string }>;
  /** Zero or one: the transfer form (SUP-4), for the holder of control. */
  transfer: Array<{ queues: Array<{ title: string; value: string }>; agents: Array<{ title: string; value: string }> }>;
  refreshUserIds: string[];
}

/** What the card needs besides the session. */
export interface SessionCardContext {
  /** The representative looking at the card. */
  viewerId: string;
  locale: Locale;
  userId: string;
  /** The join link of this session and the page where a number is typed (SUP-1). */
  joinLink: string;
  joinPage: string;
  queues: ReadonlyArray<{ id: string; name: string }>;
  /** Agents who can receive a transfer now (Available or Idle). */
  agents: ReadonlyArray<{ id: string; name: string }>;
  error?: string;
}

/** Builds the card: what the session is now, and only the actions the viewer may take now. */
export function sessionView(session: SupportSession, ctx: SessionCardContext): SessionView {
  const { locale, viewerId } = ctx;
  const open = session.status === 'open';
  const me = participant(session, viewerId, 'rep');
  const inSession = open && me?.present === true;
  const controls = open && session.controllerId === viewerId;
  const offered = open && session.transfer?.offeredTo.includes(viewerId) === true;
  const number = groupedNumber(session.number);
  const names = (ids: readonly string[]) => ids.map((id) => participant(session, id)?.name ?? '').join(', ');
  const controller = participant(session, session.controllerId, 'rep');

  const facts: Fact[] = [
    { title: say(locale, 'fact.sessionNumber'), value: number },
    { title: say(locale, 'fact.control'), value: controller?.name ?? say(locale, open ? 'sessionControlPending' : 'sessionNobody') },
    { title: say(locale, 'fact.serving'), value: participant(session, session.servingId, 'customer')?.name ?? say(locale, 'sessionNobody') },
    {
      title: say(locale, 'fact.voice'),
      value: session.voice ? say(locale, 'sessionVoiceOn', { since: cardTime(session.voice.startedAt) }) : say(locale, 'sessionVoiceOff'),
    },
  ];
  if (session.voice) facts.push({ title: say(locale, 'fact.speakers'), value: names(session.voice.speakers) || say(locale, 'sessionNobody') });
  if (session.activities.length > 0) {
    const activities = session.activities
      .map((a) => say(locale, 'sessionActivityWith', { activity: say(locale, `activity.${a.kind}`), name: participant(session, a.customerId)?.name ?? '' }))
      .join(', ');
    facts.push({ title: say(locale, 'fact.activities'), value: activities });
  }

  const visible = inSession || controls || offered;
  return {
    title: say(locale, 'sessionTitle', { number }),
    error: ctx.error ?? '',
    sessionId: session.id,
    ...status(session, ctx, me),
    notice: visible && session.notice ? noticeText(session, locale) : '',
    transferMessage:
      offered && session.transfer?.message ? say(locale, 'sessionTransferMessage', { name: session.transfer.fromName, message: session.transfer.message }) : '',
    facts,
    participants: visible ? session.participants.filter((p) => p.present).map((p) => row(session, p, ctx, controls)) : [],
    actions: sessionActions(session, ctx, me, controls, offered),
    invite: inSession ? [invite(session, ctx)] : [],
    transfer: controls
      ? [
          {
            queues: ctx.queues.map((q) => ({ title: q.name, value: q.id })),
            agents: ctx.agents.filter((a) => a.id !== viewerId).map((a) => ({ title: a.name, value: a.id })),
          },
        ]
      : [],
    refreshUserIds: [ctx.userId],
  };
}

function status(session: SupportSession, ctx: SessionCardContext, me: SessionParticipant | undefined): Pick<SessionView, 'statusText' | 'statusStyle'> {
  const { locale, viewerId } = ctx;
  const controllerName = participant(session, session.controllerId, 'rep')?.name ?? '';
  if (session.status === 'ended') return { statusText: say(locale, 'sessionEnded'), statusStyle: 'default' };
  const transfer = session.transfer;
  if (transfer?.offeredTo.includes(viewerId)) {
    const queue = ctx.queues.find((q) => q.id === transfer.queue)?.name ?? transfer.queue;
    const text = queue ? say(locale, 'sessionOfferedQueue', { name: transfer.fromName, queue }) : say(locale, 'sessionOffered', { name: transfer.fromName });
    return { statusText: text, statusStyle: 'warning' };
  }
  if (session.lastTransfer?.offeredTo.includes(viewerId) && session.controllerId !== viewerId && !me?.present) {
    return { statusText: say(locale, 'sessionTakenBy', { name: session.lastTransfer.takenBy }), statusStyle: 'default' };
  }
  if (!me?.present) return { statusText: say(locale, 'sessionLeft', { number: session.number }), statusStyle: 'default' };
  if (session.controllerId === viewerId) return { statusText: say(locale, 'sessionYouControl'), statusStyle: 'good' };
  if (transfer) return { statusText: say(locale, 'sessionTransferWaiting'), statusStyle: 'warning' };
  return { statusText: say(locale, 'sessionHelping', { name: controllerName }), statusStyle: 'accent' };
}

function noticeText(session: SupportSession, locale: Locale): string {
  const notice = session.notice!;
  const activities = notice.activities.map((kind) => say(locale, `activity.${kind}`)).join(', ');
  return say(locale, `sessionNotice.${notice.reason}` as StringKey, { activities });
}

function row(session: SupportSession, p: SessionParticipant, ctx: SessionCardContext, controls: boolean): SessionRow {
  const { locale } = ctx;
  const speaking = session.voice?.speakers.includes(p.id) === true;
  let role: string;
  if (p.kind === 'customer') role = say(locale, session.servingId === p.id ? 'roleServed' : 'roleCustomer');
  else role = say(locale, session.controllerId === p.id ? 'roleControl' : 'roleHelper');
  const voice = !session.voice ? '' : speaking ? say(locale, 'voiceSpeaking') : p.inVoice ? say(locale, 'voiceInCall') : say(locale, 'voiceNotInCall');
  const actions: SessionButton[] = [];
  const add = (key: StringKey, verb: string, style: SessionButton['style'] = 'default') => actions.push({ title: say(locale, key), verb, target: p.id, style });
  if (controls) {
    if (p.kind === 'customer' && session.servingId !== p.id) add('sessionServe', 'session.serve');
    // VC-2: the mic is offered only while there is room for one more speaker.
    if (session.voice && p.inVoice && !speaking && session.voice.speakers.length < MAX_SPEAKERS) add('sessionMicGive', 'session.micGive', 'positive');
    if (speaking) add('sessionMicTake', 'session.micTake');
    if (p.kind === 'rep' && p.id !== ctx.viewerId) add('sessionControlGive', 'session.control');
  }
  const name = p.kind === 'rep' && p.id === ctx.viewerId ? say(locale, 'sessionYou', { name: p.name }) : p.name;
  return { name, role, voice, voiceColor: speaking ? 'Good' : p.inVoice ? 'Accent' : 'Default', actions };
}

function sessionActions(
  session: SupportSession,
  ctx: SessionCardContext,
  me: SessionParticipant | undefined,
  controls: boolean,
  offered: boolean,
): SessionButton[] {
  const { locale } = ctx;
  const actions: SessionButton[] = [];
  const add = (key: StringKey, verb: string, style: SessionButton['style'] = 'default', target = '') =>
    actions.push({ title: say(locale, key), verb, target, style });
  if (session.status !== 'open') return actions;
  if (offered) add('sessionAccept', 'session.accept', 'positive');
  if (!me?.present) return actions;
  if (controls)
    add(
      session.voice ? 'sessionVoiceEnd' : 'sessionVoiceStart',
      session.voice ? 'session.voiceEnd' : 'session.voiceStart',
      session.voice ? 'default' : 'positive',
    );
  if (session.voice)
    add(me.inVoice ? 'sessionVoiceLeave' : 'sessionVoiceJoin', me.inVoice ? 'session.voiceLeave' : 'session.voiceJoin', me.inVoice ? 'default' : 'positive');
  if (controls && session.servingId) {
    for (const kind of ['shareScreen', 'viewDesktop'] as const) {
      const on = session.activities.some((a) => a.kind === kind);
      add(`sessionActivity.${kind}.${on ? 'stop' : 'start'}` as StringKey, on ? 'session.activityStop' : 'session.activityStart', 'default', kind);
    }
  }
  if (controls) add('sessionEnd', 'session.end', 'destructive');
  else add('sessionLeave', 'session.leave', 'destructive');
  return actions;
}

function invite(session: SupportSession, ctx: SessionCardContext): SessionView['invite'][number] {
  const { locale } = ctx;
  const inviter = participant(session, ctx.viewerId, 'rep')?.name ?? '';
  const emailText = say(locale, 'sessionEmailBody', { name: inviter, link: ctx.joinLink, joinPage: ctx.joinPage, number: session.number });
  const subject = say(locale, 'sessionEmailSubject', { number: groupedNumber(session.number) });
  return {
    intro: say(locale, 'sessionInviteIntro', { joinPage: ctx.joinPage, number: session.number }),
    link: ctx.joinLink,
    emailText,
    // Sent from the CSR's own mail program, as the guide advises (it gets past spam filters and arrives sooner).
    mailto: `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(emailText)}`,
  };
}
