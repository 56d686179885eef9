/** The fields every activity needs before the SDK may see it; anything else is the client's error. */
const REQUIRED: ReadonlyArray<[string, (a: Record<string, unknown>) => unknown]> = [
  ['type', (a) => a.type],
  ['channelId', (a) => a.channelId],
  ['serviceUrl', (a) => a.serviceUrl],
  ['from.id', (a) => (a.from as Record<string, unknown> | undefined)?.id],
  ['conversation.id', (a) => (a.conversation as Record<string, unknown> | undefined)?.id],
];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a request body before it reaches the Bot Framework SDK, which would
 * otherwise throw or answer 500 on a malformed activity. Returns the names of
 * the missing or malformed fields; empty when the activity may go on.
 */
export function activityProblems(body: unknown): string[] {
  if (!isObject(body)) return ['body'];
  const problems = REQUIRED.filter(([, read]) => {
    const value = read(body);
    return typeof value !== 'string' || value.length === 0 || value.length > 2048;
  }).map(([name]) => name);
  if (!isObject(body.from) && !problems.includes('from.id')) problems.push('from.id');
  if (body.text !== undefined && typeof body.text !== 'string') problems.push('text');
  return problems;
}
