import { describe, expect, it } from 'vitest';
import * as Templating from 'adaptivecards-templating';
import { compileTemplate, NotPlain } from '../../cards/compiled-template.js';
import { CARD_NAMES, templateOf } from '../../cards/render.js';

const library = (template: unknown, root: object) => new Templating.Template(template).expand({ $root: root });
const compiled = (template: unknown, root: object) => compileTemplate(template)!(root);

const TEMPLATE = {
  type: 'AdaptiveCard',
  body: [
    { type: 'TextBlock', text: '${title}' },
    { type: 'TextBlock', $when: '${length(error) > 0}', text: 'Error: ${error} (${count})' },
    { type: 'Container', $when: '${count(items) == 0}', items: [{ type: 'TextBlock', text: '${$root.t.empty}' }] },
    { type: 'TextBlock', $data: '${items}', $when: '${!hidden && length(name) > 0}', text: '${name} of ${$root.title}' },
    { type: 'Container', $data: '${one}', items: [{ type: 'TextBlock', text: '${label}' }] },
  ],
  actions: [{ $data: '${actions}', type: 'Action.Execute', title: '${title}', data: '${data}', isEnabled: '${enabled}' }],
  refresh: { userIds: '${users}', nothing: { $when: '${flag}', a: 1 } },
};
const root = (over: Record<string, unknown> = {}) => ({
  title: 'Status',
  error: '',
  count: 3,
  items: [
    { name: 'a', hidden: false },
    { name: 'b', hidden: true },
    { name: '', hidden: false },
    { name: 'c', hidden: false },
  ],
  one: { label: 'only' },
  actions: [{ title: 'Go', data: { state: 'Available' }, enabled: true }],
  users: ['29:u'],
  flag: false,
  t: { empty: 'Nothing' },
  ...over,
});

describe('card templates compiled into plain functions', () => {
  it('every card template of the desk compiles', () => {
    for (const name of CARD_NAMES) expect(compileTemplate(templateOf(name)), name).toBeTypeOf('function');
  });

  it.each([
    ['as given', root()],
    ['with an error', root({ error: 'Nope' })],
    ['with no items', root({ items: [] })],
    ['with one item', root({ items: [{ name: 'x', hidden: false }] })],
    ['with no actions', root({ actions: [] })],
    ['with a true flag', root({ flag: true })],
  ])('render what adaptivecards-templating renders: %s', (_name, view) => {
    expect(compiled(TEMPLATE, view)).toEqual(library(TEMPLATE, view));
  });

  it.each([
    ['a missing value (the library shows the expression)', root({ title: undefined })],
    ['a null value', root({ one: null })],
    ['a length of something that is not text', root({ error: 7 })],
    ['a count of something that is not a list', root({ items: 'abc' })],
    ['a condition that is not a boolean', root({ flag: 'yes' })],
  ])('leave %s to the library', (_name, view) => {
    expect(() => compiled(TEMPLATE, view)).toThrow(NotPlain);
  });

  it('are not made for what they do not cover: other functions, an index, text the expression language escapes', () => {
    expect(compileTemplate({ text: '${toUpper(name)}' })).toBeUndefined();
    expect(compileTemplate({ text: '${$index}' })).toBeUndefined();
    expect(compileTemplate({ text: 'a `quoted` ${name}' })).toBeUndefined();
    expect(compileTemplate({ text: 'a \\\\ ${name}' })).toBeUndefined();
    expect(compileTemplate({ $when: true, text: 'x' })).toBeUndefined();
  });
});
