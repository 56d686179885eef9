/** A command line of the help and welcome cards. */
export interface CommandLine {
  command: string;
  description: string;
}

/** Welcome card, sent once per conversation on install. */
export interface WelcomeView {
  title: string;
  greeting: string;
  commands: CommandLine[];
}

/** Help card, for `help` and for text the bot does not understand. */
export interface HelpView {
  title: string;
  error: string;
  commands: CommandLine[];
}

/** Error card for requests that cannot be served. */
export interface ErrorView {
  title: string;
  error: string;
}

/** One status button. */
export interface StatusAction {
  state: string;
  title: string;
  enabled: boolean;
  style: 'default' | 'positive' | 'destructive';
}

/** The agent's status card (ST-1, ST-3, ST-4, ST-5). */
export interface StatusView {
  title: string;
  error: string;
  stateLabel: string;
  stateStyle: 'good' | 'warning' | 'attention' | 'accent' | 'emphasis' | 'default';
  codeLabel: string;
  timerText: string;
  stateHint: string;
  codeChoices: Array<{ title: string; value: string }>;
  selectedCode: string;
  phoneText: string;
  phoneInput: string;
  actions: StatusAction[];
  refreshUserIds: string[];
}

/** Every card and the view it renders. */
export interface CardViews {
  welcome: WelcomeView;
  help: HelpView;
  error: ErrorView;
  status: StatusView;
}

/** A card name. */
export type CardName = keyof CardViews;
