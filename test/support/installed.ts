/**
 * The conversation record (as ConversationRegistry stores it under
 * `conversation/<id>`) of a person who installed the app in their personal
 * chat at `serviceUrl`: what a desk needs to send them cards proactively.
 */
export function installedConversation(serviceUrl: string, aadObjectId: string) {
  return {
    personal: {
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: `personal-${aadObjectId}`, conversationType: 'personal' },
      user: { id: `29:${aadObjectId}`, aadObjectId },
      bot: { id: '28:agentdesk' },
    },
    welcomed: [] as string[],
  };
}
