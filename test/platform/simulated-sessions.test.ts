import { describe, expect, it } from 'vitest';
import type { WireCommand } from '../../src/platform/commands.js';
import { answerCommand, Refusal, type AnswerRules } from '../../src/platform/simulated-answers.js';
import { SimulatedContacts } from '../../src/platform/simulated-contacts.js';

const AT = '2026-11-20T09:00:00.000Z';
const rules: AnswerRules = { answers: () => true, newId: () => 'out-1', outdialVariables: () => [] };
let seq = 0;
type Body = WireCommand extends infer C ? (C extends unknown ? Omit<C, 'id' | 'at'> : never) : never;
const cmd = (body: Body): WireCommand => ({ ...body, id: `cmd-${++seq}`, at: AT }) as WireCommand;
const code = (model: SimulatedContacts, command: WireCommand) => {
  const outcome = answerCommand(model, command, rules);
  return outcome instanceof Refusal ? outcome.code : 'ok';
};
const voiceStart = cmd({ type: 'session.voice.start', sessionId: 's1', agentId: 'lars', speakers: ['lars'] });
const join = (participantId: string, participantKind: 'rep' | 'customer' = 'customer') =>
  cmd({ type: 'session.voice.join', sessionId: 's1', participantId, participantKind });
const mic = (...speakers: string[]) => cmd({ type: 'session.mic', sessionId: 's1', agentId: 'lars', speakers });

describe("the built-in platform carries out a support session's voice call, mic and activities (PLAT-1, VC-1..VC-3)", () => {
  it('PLAT-1, VC-1, VC-2: a voice call starts once, participants join and leave it, and the mic goes to whom the desk names', () => {
    const model = new SimulatedContacts();
    expect(code(model, voiceStart)).toBe('ok');
    expect(code(model, voiceStart)).toBe('session.voiceRunning');
    expect(code(model, join('mette'))).toBe('ok');
    expect(code(model, mic('lars', 'mette'))).toBe('ok');
    expect(model.sessions.find('s1')?.voice).toEqual({ inCall: new Set(['lars', 'mette']), speakers: ['lars', 'mette'] });
    // VC-3: leaving the call takes the mic with it; the session stays.
    expect(code(model, cmd({ type: 'session.voice.leave', sessionId: 's1', participantId: 'mette', participantKind: 'customer' }))).toBe('ok');
    expect(model.sessions.find('s1')?.voice?.speakers).toEqual(['lars']);
    expect(code(model, cmd({ type: 'session.voice.end', sessionId: 's1', agentId: 'lars', reason: 'agent' }))).toBe('ok');
    expect(model.sessions.find('s1')).toBeUndefined();
  });

  it('PLAT-1, VC-2: a third speaker is refused by the platform too, and joining or the mic without a voice call', () => {
    const model = new SimulatedContacts();
    expect(code(model, voiceStart)).toBe('ok');
    expect(code(model, mic('lars', 'mette', 'ola'))).toBe('session.tooManySpeakers');
    expect(model.sessions.find('s1')?.voice?.speakers).toEqual(['lars']);
    expect(code(model, cmd({ type: 'session.activity.start', sessionId: 's1', agentId: 'lars', kind: 'shareScreen', customerId: 'mette' }))).toBe('ok');
    expect(code(model, cmd({ type: 'session.voice.end', sessionId: 's1', reason: 'sessionEnded' }))).toBe('ok');
    // The session is still known (an activity runs): a join without a call is refused.
    expect(code(model, join('mette'))).toBe('session.noVoice');
    expect(code(model, mic('lars'))).toBe('session.noVoice');
  });

  it('PLAT-1, SUP-2: one activity of a kind at a time; stopping it ends it', () => {
    const model = new SimulatedContacts();
    const start = cmd({ type: 'session.activity.start', sessionId: 's1', agentId: 'lars', kind: 'viewDesktop', customerId: 'mette' });
    expect(code(model, start)).toBe('ok');
    expect(code(model, start)).toBe('session.activityRunning');
    const stop = cmd({ type: 'session.activity.stop', sessionId: 's1', agentId: 'lars', kind: 'viewDesktop', customerId: 'mette', reason: 'switch' });
    expect(code(model, stop)).toBe('ok');
    expect(model.sessions.find('s1')).toBeUndefined();
  });

  it('PLAT-1: a session first heard of in a join is taken in with the call the command implies (the platform restarted)', () => {
    const model = new SimulatedContacts();
    expect(code(model, join('kjersti', 'rep'))).toBe('ok');
    expect(model.sessions.find('s1')?.voice?.inCall).toEqual(new Set(['kjersti']));
  });
});
