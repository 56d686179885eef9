// Metric labels must come from a fixed set: a name sent from outside becomes "other", never a new series.
const ACTIVITY_TYPES = new Set([
  'message',
  'conversationUpdate',
  'installationUpdate',
  'messageReaction',
  'messageUpdate',
  'messageDelete',
  'event',
  'typing',
  'endOfConversation',
]);
const INVOKE_NAMES = new Set([
  'adaptiveCard/action',
  'composeExtension/query',
  'composeExtension/selectItem',
  'composeExtension/querySettingUrl',
  'composeExtension/fetchTask',
  'composeExtension/submitAction',
  'signin/tokenExchange',
  'signin/verifyState',
  'task/fetch',
  'task/submit',
]);

/** The kind of a Bot Framework turn for metrics: the activity type, or `invoke/<name>` for invokes; `other` for anything unknown. */
export function turnKind(activity: unknown): string {
  const { type, name } = (typeof activity === 'object' && activity !== null ? activity : {}) as { type?: unknown; name?: unknown };
  if (type === 'invoke') return typeof name === 'string' && INVOKE_NAMES.has(name) ? `invoke/${name}` : 'invoke/other';
  return typeof type === 'string' && ACTIVITY_TYPES.has(type) ? type : 'other';
}
