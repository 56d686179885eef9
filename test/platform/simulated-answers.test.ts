import { describe, expect, it } from 'vitest';
import type { WireCommand } from '../../src/platform/commands.js';
import { answerCommand, Refusal, type AnswerRules, type FollowUp } from '../../src/platform/simulated-answers.js';
import { SimulatedContacts } from '../../src/platform/simulated-contacts.js';

const AT = '2026-11-20T09:00:00.000Z';
const rules: AnswerRules = { answers: (number) => !number.endsWith('0000'), newId: () => 'out-1', outdialVariables: () => [] };
let seq = 0;
type Body = WireCommand extends infer C ? (C extends unknown ? Omit<C, 'id' | 'at'> : never) : never;
const cmd = (body: Body): WireCommand => ({ ...body, id: `cmd-${++seq}`, at: AT }) as WireCommand;
const on = (
  type: 'contact.hold' | 'contact.resume' | 'contact.end' | 'recording.pause' | 'recording.resume' | 'consult.end' | 'consult.conference',
  contactId = 'c1',
) => cmd({ type, agentId: 'a1', contactId } as Body);

/** A model where the simulator offered call c1 and it was routed to a1 and answered, as its own events said. */
function generatedCall(): SimulatedContacts {
  const model = new SimulatedContacts();
  model.learn({
    id: 'e1',
    type: 'contact.offered',
    contact: { id: 'c1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+4520304050', dnis: '', variables: [] },
  });
  answerCommand(model, cmd({ type: 'contact.route', contactId: 'c1', agentId: 'a1', phone: '+4512345678' }), rules);
  model.learn({ id: 'e2', type: 'contact.answered', contactId: 'c1' });
  return model;
}
const code = (model: SimulatedContacts, command: WireCommand) => {
  const outcome = answerCommand(model, command, rules);
  return outcome instanceof Refusal ? outcome.code : 'ok';
};

describe('the simulated platform answers commands from its model (PLAT-1, PLAT-2)', () => {
  const refusals: Array<[string, (model: SimulatedContacts) => void, WireCommand, string]> = [
    ['holding a call whose customer already hung up', (m) => m.customerLeaves('c1'), on('contact.hold'), 'contact.gone'],
    ['ending a call whose customer already hung up', (m) => m.customerLeaves('c1'), on('contact.end'), 'contact.gone'],
    ['resuming a call that is not on hold', () => {}, on('contact.resume'), 'contact.notOnHold'],
    ['holding a call twice', (m) => answerCommand(m, on('contact.hold'), rules), on('contact.hold'), 'contact.alreadyOnHold'],
    ['resuming a recording that is not paused', () => {}, on('recording.resume'), 'recording.notPaused'],
    ['a conference without a consult', () => {}, on('consult.conference'), 'consult.none'],
    ['ending a consult that does not exist', () => {}, on('consult.end'), 'consult.none'],
  ];
  it.each(refusals)('refuses %s, with a code', (_name, given, command, expected) => {
    const model = generatedCall();
    given(model);
    expect(code(model, command)).toBe(expected);
  });

  it('a refused command changes nothing in the model', () => {
    const model = generatedCall();
    const before = model.contact('c1');
    expect(code(model, on('contact.resume'))).toBe('contact.notOnHold');
    expect(model.contact('c1')).toEqual(before);
  });

  it('holds and resumes: the model says so', () => {
    const model = generatedCall();
    expect(code(model, on('contact.hold'))).toBe('ok');
    expect(model.contact('c1')).toMatchObject({ phase: 'connected', onHold: true });
    expect(code(model, on('contact.resume'))).toBe('ok');
    expect(model.contact('c1')?.onHold).toBe(false);
  });

  it('a call it offered itself cannot be held before it is answered', () => {
    const model = new SimulatedContacts();
    model.learn({
      id: 'e1',
      type: 'contact.offered',
      contact: { id: 'c1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+45', dnis: '', variables: [] },
    });
    expect(code(model, on('contact.hold'))).toBe('contact.notConnected');
  });

  it('a contact it never heard of is adopted on its first command, in the state the command implies', () => {
    const model = new SimulatedContacts();
    expect(code(model, on('contact.resume', 'elsewhere'))).toBe('ok');
    expect(model.contact('elsewhere')).toMatchObject({ origin: 'adopted', phase: 'connected', onHold: false });
    expect(code(model, on('contact.resume', 'elsewhere'))).toBe('contact.notOnHold');
  });

  it('after contact.route of a call it offered, the phone rings and is answered; its own contacts only', () => {
    const model = new SimulatedContacts();
    model.learn({
      id: 'e1',
      type: 'contact.offered',
      contact: { id: 'c1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+45', dnis: '', variables: [] },
    });
    expect(answerCommand(model, cmd({ type: 'contact.route', contactId: 'c1', agentId: 'a1' }), rules)).toEqual([
      { delay: 'answer', event: { type: 'contact.answered', contactId: 'c1' } },
    ]);
    expect(answerCommand(model, cmd({ type: 'contact.route', contactId: 'posted-by-a-test', agentId: 'a1' }), rules)).toEqual([]);
  });

  it('a consult to a number: answered, or (a number ending in 0000) nobody answers and the desk hears consult.failed', () => {
    const consult = (number: string) =>
      answerCommand(
        generatedCall(),
        cmd({ type: 'consult.start', agentId: 'a1', contactId: 'c1', target: { kind: 'dialNumber', id: number, name: '' }, offeredTo: [] }),
        rules,
      ) as FollowUp[];
    expect(consult('+4722998877')).toEqual([{ delay: 'consult', event: { type: 'consult.answered', contactId: 'c1' } }]);
    expect(consult('+4722990000')).toEqual([{ delay: 'consult', event: { type: 'consult.failed', contactId: 'c1', reason: 'noAnswer' } }]);
  });

  it('a blind transfer to a number nobody answers comes back as transfer.failed; the model has the call ringing out meanwhile', () => {
    const model = generatedCall();
    const followUps = answerCommand(
      model,
      cmd({ type: 'transfer.blind', agentId: 'a1', contactId: 'c1', target: { kind: 'dialNumber', id: '+4722990000', name: '' } }),
      rules,
    );
    expect(followUps).toEqual([{ delay: 'transfer', event: { type: 'transfer.failed', contactId: 'c1' } }]);
    expect(model.contact('c1')).toMatchObject({ phase: 'ringing', agentId: 'tel:+4722990000' });
    expect(model.learn({ id: 'e3', type: 'transfer.failed', contactId: 'c1' })).toBe(true);
    expect(model.contact('c1')).toMatchObject({ phase: 'queued' });
  });

  it('OUT-1: outdial.start rings the agent (contact.offered, kind outdial, to that agent), then the customer answers', () => {
    const followUps = answerCommand(
      new SimulatedContacts(),
      cmd({ type: 'outdial.start', agentId: 'a1', number: '+4520304050', phone: '+4512345678', queue: 'tech' }),
      rules,
    );
    expect(followUps).toEqual([
      {
        delay: 'outdialRing',
        event: {
          type: 'contact.offered',
          contact: { id: 'out-1', channel: 'voice', kind: 'outdial', queue: 'tech', from: '+4520304050', dnis: '', variables: [], agentId: 'a1' },
        },
        next: { delay: 'outdialAnswer', event: { type: 'contact.answered', contactId: 'out-1' } },
      },
    ]);
  });

  it('an event that no longer fits is not sent: no answer after the customer ended the call', () => {
    const model = new SimulatedContacts();
    model.learn({
      id: 'e1',
      type: 'contact.offered',
      contact: { id: 'c1', channel: 'voice', kind: 'inbound', queue: 'tech', from: '+45', dnis: '', variables: [] },
    });
    answerCommand(model, cmd({ type: 'contact.route', contactId: 'c1', agentId: 'a1' }), rules);
    expect(model.learn({ id: 'e2', type: 'contact.ended', contactId: 'c1', by: 'customer' })).toBe(true);
    expect(model.learn({ id: 'e3', type: 'contact.answered', contactId: 'c1' })).toBe(false);
  });

  it('PLAT-3: the agent states it is told are kept; ids like __proto__ are data', () => {
    const model = new SimulatedContacts();
    answerCommand(model, cmd({ type: 'agent.state', agentId: '__proto__', state: 'Available', phone: '+4512345678' }), rules);
    expect(model.agent('__proto__')).toEqual({ id: '__proto__', state: 'Available', phone: '+4512345678' });
    expect(model.agent('toString')).toBeUndefined();
  });
});
