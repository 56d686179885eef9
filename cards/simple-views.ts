import type { Locale } from './locale.js';
import { clip, MAX_NAME } from './format.js';
import { isStringKey, say } from './strings.js';
import type { CommandLine, ErrorView, HelpView, WelcomeView } from './views.js';

/** The command lines of the help and welcome cards, described in the reader's language. */
export function commandLines(titles: readonly string[], locale: Locale): CommandLine[] {
  return titles.map((command) => {
    const key = `cmd.${command}`;
    return { command, description: isStringKey(key) ? say(locale, key) : '' };
  });
}

/** The welcome card for a person who just installed the app. */
export function welcomeView(name: string, titles: readonly string[], locale: Locale): WelcomeView {
  return {
    title: say(locale, 'welcomeTitle'),
    // Teams' install activities often carry no display name: greet without one rather than "Hi !".
    greeting: name.trim() ? say(locale, 'greeting', { name: clip(name.trim().split(/\s+/)[0]!, MAX_NAME) }) : say(locale, 'greetingNoName'),
    commands: commandLines(titles, locale),
  };
}

/** The help card; `error` explains why it was shown (for example, unknown text). */
export function helpView(titles: readonly string[], locale: Locale, error = ''): HelpView {
  return { title: say(locale, 'helpTitle'), error, commands: commandLines(titles, locale) };
}

/** The error card with a message already localized. */
export function errorView(message: string, locale: Locale): ErrorView {
  return { title: say(locale, 'errorTitle'), error: message };
}
