import { app, authentication } from '@microsoft/teams-js';

/** The Teams themes a tab follows. */
export type ThemeName = 'default' | 'dark' | 'contrast';

/** What Teams tells the tab about where it runs. */
export interface TeamsHost {
  locale: string;
  theme: ThemeName;
  userName: string;
}

// Teams answers within a second; a plain browser never answers at all.
const INITIALIZE_TIMEOUT_MS = 4000;

/** Connects to the Teams host and reads its context; undefined when the page is not running in Teams. */
export async function connectToTeams(): Promise<TeamsHost | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), INITIALIZE_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([app.initialize().then(() => 'ready' as const), timeout]);
    if (outcome !== 'ready') return undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  const context = await app.getContext();
  return { locale: context.app.locale, theme: themeOf(context.app.theme), userName: context.user?.displayName ?? '' };
}

/** Calls `handler` whenever the person switches Teams between light, dark and high contrast. */
export function followTheme(handler: (theme: ThemeName) => void): void {
  app.registerOnThemeChangeHandler((theme) => handler(themeOf(theme)));
}

/** A Teams SSO token for our app (teams-js keeps it until it nearly expires). */
export function teamsToken(): Promise<string> {
  return authentication.getAuthToken();
}

/** Teams' theme names; anything unknown is the default (light) theme. */
export function themeOf(name: string | undefined | null): ThemeName {
  return name === 'dark' || name === 'contrast' ? name : 'default';
}
