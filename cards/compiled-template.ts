/**
 * Card templates compiled into plain functions, for the part of the Adaptive
 * Cards templating language our templates use: `${path}`, text around
 * `${path}`, `$when` with `length(path)`, `count(path)`, `!path` and `&&`, and
 * `$data` bound to an array or an object. Expanding a template with
 * adaptivecards-templating parses every expression's memory path and looks up
 * every property case-insensitively on every render, which was most of the
 * cost of answering a status change with its card.
 *
 * It is a fast path, not a second templating engine: a template with anything
 * else is not compiled (compileTemplate gives undefined), and a render that
 * meets a value the library would treat in a way of its own (a missing or null
 * value, which it shows as the expression's text; a `length` of something that
 * is not text) stops with NotPlain, and the library renders that card instead.
 */

/** Thrown when a render meets a value outside the fast path: the caller renders with the library. */
export class NotPlain extends Error {
  override name = 'NotPlain';
}

/** A compiled template: the card for a root view. */
export type CompiledTemplate = (root: object) => unknown;

/** Where a render stands: the root view and the current `$data`. */
interface Scope {
  root: unknown;
  data: unknown;
}

type Eval = (scope: Scope) => unknown;
/** A node's expansion: a value, or DROP when it expands to nothing (a `$when` false, an empty `$data`). */
type Expand = (scope: Scope) => unknown;

const DROP = Symbol('drop');
const NOT_PLAIN = new NotPlain('a value outside the compiled templates’ fast path');
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** Compiles a template payload (fragments spliced in); undefined when it uses anything outside the fast path. */
export function compileTemplate(payload: unknown): CompiledTemplate | undefined {
  try {
    const expand = compileNode(payload);
    return (root) => {
      const value = expand({ root, data: root });
      return value === DROP ? null : value;
    };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class Unsupported extends Error {}

function compileNode(node: unknown): Expand {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node);
  if (node !== null && typeof node === 'object') return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileArray(nodes: unknown[]): Expand {
  const items = nodes.map(compileNode);
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      // As the library does: a dropped item is left out, an item that expanded to several is spread.
      if (value === DROP || value === null) continue;
      if (Array.isArray(value)) out.push(...value);
      else out.push(value);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>): Expand {
  const when = node.$when === undefined ? undefined : compileCondition(node.$when);
  const data = node.$data === undefined ? undefined : compileWhole(node.$data);
  const fields: Array<[string, Expand]> = [];
  for (const [key, value] of Object.entries(node)) if (!RESERVED.has(key)) fields.push([key, compileNode(value)]);
  const single = (scope: Scope): Record<string, unknown> | typeof DROP => {
    if (when && !when(scope)) return DROP;
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const value = field(scope);
      // A property the library leaves out is one that expanded to undefined; a dropped object there is null.
      if (value !== undefined) out[key] = value === DROP ? null : value;
    }
    return out;
  };
  if (!data) return single;
  return (scope) => {
    const bound = data(scope);
    if (bound === null || typeof bound !== 'object') throw NOT_PLAIN;
    if (!Array.isArray(bound)) return single({ root: scope.root, data: bound });
    const out: unknown[] = [];
    for (const item of bound) {
      if (item === undefined) throw NOT_PLAIN;
      const value = single({ root: scope.root, data: item });
      if (value !== DROP) out.push(value);
    }
    return out.length === 0 ? DROP : out.length === 1 ? out[0] : out;
  };
}

/** A `$data` or a whole-string `${...}`: the value itself. */
function compileWhole(node: unknown): Eval {
  if (typeof node !== 'string') throw new Unsupported();
  const parts = splitTemplate(node);
  if (parts.length !== 1 || typeof parts[0] === 'string') throw new Unsupported();
  return parts[0]!.value;
}

/** A `$when`: true keeps the object; anything but a boolean is outside the fast path. */
function compileCondition(node: unknown): (scope: Scope) => boolean {
  const value = compileWhole(node);
  return (scope) => {
    const result = value(scope);
    if (typeof result !== 'boolean') throw NOT_PLAIN;
    return result;
  };
}

function compileString(text: string): Expand {
  if (!text.includes('${')) return () => text;
  const parts = splitTemplate(text);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const whole = parts[0]!.value;
    return (scope) => whole(scope);
  }
  return (scope) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = part.value(scope);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw NOT_PLAIN;
      out += String(value);
    }
    return out;
  };
}

/** Text and `${...}` parts of a template string; text with characters the expression language treats specially is not compiled. */
function splitTemplate(text: string): Array<string | { value: Eval }> {
  const parts: Array<string | { value: Eval }> = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('${', at);
    const literal = open < 0 ? text.slice(at) : text.slice(at, open);
    if (/[`\\$]/.test(literal)) throw new Unsupported();
    if (literal) parts.push(literal);
    if (open < 0) break;
    const close = text.indexOf('}', open);
    if (close < 0) throw new Unsupported();
    parts.push({ value: compileExpression(text.slice(open + 2, close)) });
    at = close + 1;
  }
  return parts;
}

/** `a && b && ...` of terms. */
function compileExpression(source: string): Eval {
  const terms = source.split('&&').map((term) => compileTerm(term.trim()));
  if (terms.length === 1) return terms[0]!;
  return (scope) => {
    let result = true;
    for (const term of terms) {
      const value = term(scope);
      if (typeof value !== 'boolean') throw NOT_PLAIN;
      result = result && value;
    }
    return result;
  };
}

/** `!path`, `length(path) > 0`, `count(path) == 0`, `path`. */
function compileTerm(term: string): Eval {
  if (term.startsWith('!')) {
    const inner = compilePath(term.slice(1).trim());
    return (scope) => {
      const value = inner(scope);
      if (typeof value !== 'boolean') throw NOT_PLAIN;
      return !value;
    };
  }
  const compared = /^(length|count)\(([^()]*)\)\s*(>|==)\s*(\d+)$/.exec(term);
  if (compared) {
    const [, fn, path, op, number] = compared;
    const value = compilePath(path!.trim());
    const than = Number(number);
    const size =
      fn === 'length'
        ? (scope: Scope) => {
            const v = value(scope);
            if (typeof v !== 'string') throw NOT_PLAIN;
            return v.length;
          }
        : (scope: Scope) => {
            const v = value(scope);
            if (!Array.isArray(v)) throw NOT_PLAIN;
            return v.length;
          };
    return op === '>' ? (scope) => size(scope) > than : (scope) => size(scope) === than;
  }
  return compilePath(term);
}

/** `name.name...`, from `$data`, or from the root view after `$root.`. */
function compilePath(path: string): Eval {
  const names = path.split('.');
  const fromRoot = names[0] === '$root';
  if (fromRoot) names.shift();
  if (names.length === 0 || !names.every((name) => IDENT.test(name))) throw new Unsupported();
  return (scope) => {
    let value: unknown = fromRoot ? scope.root : scope.data;
    for (const name of names) {
      // The library finds properties case-insensitively; an own property by its exact name is what it finds for our views.
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) throw NOT_PLAIN;
      value = (value as Record<string, unknown>)[name];
    }
    if (value === undefined || value === null) throw NOT_PLAIN;
    return value;
  };
}
