import type { Locale } from '../../cards/locale.js';
import { groupedNumber, participant, repsOf, type SupportSession } from '../engine/session-model.js';
import { html, type SafeHtml } from './html.js';
import { pageSay } from './page-strings.js';

/**
 * What a customer sees of a session on its page (SUP-1, SUP-2, VC-1..VC-3):
 * their representative, whether they are the one being served, the voice
 * call and whether they may speak, and what just ended. Other customers'
 * names are never shown: another customer is "another customer".
 */
export function customerView(session: SupportSession, customerId: string, locale: Locale): SafeHtml {
  const say = (key: Parameters<typeof pageSay>[1], params: Record<string, string | number> = {}) => pageSay(locale, key, params);
  const me = participant(session, customerId, 'customer');
  if (session.status === 'ended') return html`<p class="status ended" data-state="ended">${say('ended')}</p>`;
  if (!me?.present) return html`<p class="status" data-state="left">${say('left')}</p><p><a href="/join">${say('joinAgain')}</a></p>`;
  const base = `/support/s/${encodeURIComponent(session.id)}`;
  const rep = participant(session, session.controllerId, 'rep');
  const helpers = repsOf(session).filter((p) => p.id !== rep?.id);
  const repName = rep?.name ?? '';
  const whoFor = (id: string) => (id === customerId ? say('you') : (participant(session, id, 'rep')?.name ?? say('anotherCustomer')));

  const served = !rep
    ? ''
    : session.servingId === customerId
      ? say('servedYou', { name: repName })
      : session.servingId
        ? say('servedOther', { name: repName })
        : say('servedNobody', { name: repName });
  const activities = session.activities.filter((a) => a.customerId === customerId).map((a) => html`<li>${say(`activity.${a.kind}`, { name: repName })}</li>`);
  const notice = session.notice ? html`<p class="notice" role="status">${say(`notice.${session.notice.reason}`)}</p>` : '';
  const speakers = session.voice?.speakers ?? [];
  const mayspeak = speakers.includes(customerId);

  let voice: SafeHtml;
  if (!session.voice) voice = html`<p data-voice="off">${say('voiceOff')}</p>`;
  else if (!me.inVoice) {
    voice = html`<div class="ask" data-voice="asked"><p>${say('voiceAsk', { name: repName })}</p>
      <form method="post" action="${base}/voice"><input type="hidden" name="join" value="yes"><button class="primary">${say('voiceJoin')}</button></form></div>`;
  } else {
    voice = html`<p data-voice="in">${say('voiceIn')}</p>
      <p class="mic ${mayspeak ? 'on' : 'off'}" data-mic="${mayspeak ? 'on' : 'off'}">${say(mayspeak ? 'micYou' : 'micMuted')}</p>
      <form method="post" action="${base}/voice"><input type="hidden" name="join" value="no"><button>${say('voiceLeave')}</button></form>`;
  }
  const speaking = session.voice ? html`<p class="speakers">${say('speakersLabel', { names: speakers.map(whoFor).join(', ') || '-' })}</p>` : '';

  return html`<p class="status" data-state="open">${rep ? say('repLabel', { name: repName }) : say('repTransferring')}</p>
    ${helpers.length > 0 ? html`<p>${say('helpersLabel', { names: helpers.map((h) => h.name).join(', ') })}</p>` : ''}
    ${served ? html`<p class="served" data-served="${session.servingId === customerId ? 'you' : 'other'}">${served}</p>` : ''}
    ${notice}
    ${activities.length > 0 ? html`<ul class="activities">${activities}</ul>` : ''}
    <section class="voice" aria-labelledby="voice-title"><h2 id="voice-title">${say('voiceTitle')}</h2>${voice}${speaking}</section>
    <form method="post" action="${base}/leave" class="leave"><button class="danger">${say('leaveButton')}</button></form>`;
}

/** The page's heading for a session. */
export const sessionHeading = (session: SupportSession, locale: Locale): string => pageSay(locale, 'sessionTitle', { number: groupedNumber(session.number) });
