import { z } from 'zod';

/** One offending field of a refused activity: dotted path (empty for the body itself) and what is wrong. */
export interface ActivityProblem {
  path: string;
  message: string;
}

// C0 controls and DEL: no Teams id carries them, and the SDK puts ids in HTTP headers, where they are refused.
// A loop over code units: spreading every id into an array of characters was a measurable share of each turn.
const hasControl = (value: string) => {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => !hasControl(value), 'must not contain control characters');
const label = z.string().max(1024, 'must be at most 1024 characters');
// Scalars Teams may send as null; the SDK copies them into replies, where only strings serialize.
const optionalLabel = label.nullish();

/** A person or bot (`from`, `recipient`, `membersAdded`): the SDK echoes these into every reply. */
const account = z.looseObject({
  id,
  name: optionalLabel,
  aadObjectId: id.nullish(),
  role: optionalLabel,
});

// The SDK sends the conversation id in an HTTP header (x-ms-conversation-id): only what a header can carry.
const HEADER_SAFE = /^[ -~\u0080-\u00ff]*$/;
const headerSafe = (value: string) => HEADER_SAFE.test(value);
const conversation = z.looseObject({
  id: id.refine(headerSafe, 'must be printable Latin-1 text (it travels in an HTTP header)'),
  name: optionalLabel,
  conversationType: optionalLabel,
  tenantId: id.nullish(),
  isGroup: z.boolean().nullish(),
});

// The SDK lower-cases every entity's type looking for mentions, then reads a mention's text and whom it names.
const mention = z.looseObject({ mentioned: account, text: z.string() });
// The bot reads the reader's language from this one.
const clientInfo = z.looseObject({ locale: optionalLabel });
const entity = z.looseObject({ type: z.string().max(256, 'must be at most 256 characters') }).superRefine((value, ctx) => {
  const shape = value.type.toLowerCase() === 'mention' ? mention : value.type === 'clientInfo' ? clientInfo : undefined;
  const checked = shape?.safeParse(value);
  for (const issue of checked?.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

const httpUrl = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'must be an http or https URL');

/**
 * The parts of an activity the SDK and the bot read, with the types they
 * assume. Anything else passes through untouched; `value` is checked by
 * whoever handles the invoke.
 */
const activitySchema = z
  .looseObject({
    type: z.string().min(1, 'must not be empty').max(256),
    id: id.optional(),
    name: z.string().min(1, 'must not be empty').max(256).optional(),
    channelId: z.string().min(1, 'must not be empty').max(256),
    serviceUrl: httpUrl,
    from: account,
    recipient: account,
    conversation,
    replyToId: id.nullish(),
    locale: optionalLabel,
    // Not null: the SDK strips a mention of the bot from the text with text.replace().
    text: z.string().optional(),
    textFormat: optionalLabel,
    timestamp: optionalLabel,
    localTimestamp: optionalLabel,
    action: optionalLabel,
    entities: z.array(entity).max(100, 'must have at most 100 entries').optional(),
    channelData: z.looseObject({}).nullish(),
    attachments: z.array(z.looseObject({ contentType: label })).optional(),
    membersAdded: z.array(account).optional(),
    membersRemoved: z.array(account).optional(),
  })
  .superRefine((activity, ctx) => {
    // An invoke without a name cannot be answered by anyone; an unknown name is the SDK's 501.
    if (activity.type === 'invoke' && activity.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required on an invoke' });
  });

/**
 * Checks a request body before it reaches the Bot Framework SDK, which would
 * otherwise throw (an invoke then answers 501), fail to serialize its reply,
 * or hang on what Teams never sends. Returns the offending fields, never
 * their values; empty when the activity may go on.
 */
export function activityProblems(body: unknown): ActivityProblem[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ path: 'body', message: 'must be a JSON object (an activity)' }];
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
