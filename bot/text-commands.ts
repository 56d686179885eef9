/** Text commands the bot answers; the manifest's command lists (manifest/commands.json) name the same. */
export type TextCommand = 'help' | 'status' | 'messages' | 'post' | 'board' | 'session';

/** The commands, in the order the manifest lists them. */
export const COMMAND_TITLES: readonly TextCommand[] = ['help', 'status', 'messages', 'post', 'board', 'session'];

/** Parses a message into a command, or undefined when it is not one. */
export type CommandParser = (text: string) => TextCommand | undefined;

/**
 * Builds the parser from the manifest's titles and their translations (Teams
 * sends the title shown to the user, e.g. "hjælp"), so both come from one place.
 */
export function createCommandParser(aliases: Readonly<Record<string, readonly string[]>>): CommandParser {
  const byWord = new Map<string, TextCommand>();
  for (const command of COMMAND_TITLES) {
    for (const word of [command, ...(aliases[command] ?? [])]) byWord.set(word.toLowerCase(), command);
  }
  byWord.set('?', 'help');
  return (text) => {
    // Mentions of the bot (<at>AgentDesk</at>) may stay in the text when Teams sends no mention entity.
    const cleaned = text
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/\u00a0/g, ' ')
      .trim()
      .toLowerCase();
    return byWord.get(cleaned.replace(/^\//, '').split(/\s+/)[0] ?? '');
  };
}
