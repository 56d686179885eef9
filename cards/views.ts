import type { MoreRow } from './card-fit.js';
import type { ExpertView, SignInView } from './expert-views.js';
import type { InteractionList } from './interaction-fit.js';
import type { WrapUpList } from './wrap-up-fit.js';

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

/** The Dial part of a card (OUT-1): shown or not, the number filled in, what a dial just started says, and the data of the Dial button. */
export interface DialView {
  can: boolean;
  number: string;
  text: string;
  data: { contactId?: string };
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
  /** OUT-1: dial out from here. */
  dial: DialView;
  actions: StatusAction[];
  refreshUserIds: string[];
}

/** Every card and the view it renders. */
export interface CardViews {
  welcome: WelcomeView;
  help: HelpView;
  error: ErrorView;
  status: StatusView;
  requests: RequestsView;
  interaction: InteractionView;
  wrapUp: WrapUpView;
  consultRequest: import('./consult-request-view.js').ConsultRequestView;
  session: import('./session-view.js').SessionView;
  signIn: SignInView;
  expert: ExpertView;
  compose: import('./lead-views.js').ComposeView;
  leadMessage: import('./lead-views.js').LeadMessageView;
  report: import('./lead-views.js').ReportView;
  messages: import('./lead-views.js').MessagesView;
  board: import('./lead-views.js').BoardView;
}

/** A card name. */
export type CardName = keyof CardViews;

/** A label and value row. */
export interface Fact {
  title: string;
  value: string;
}

/** A button bound to one contact. */
export interface ContactButton {
  title: string;
  verb: string;
  contactId: string;
  style: 'default' | 'positive' | 'destructive';
}

/** One request on the stacked popover (PO-3, PO-4, CB-1). */
export interface RequestItem {
  heading: string;
  statusText: string;
  facts: Fact[];
  buttons: ContactButton[];
}

/** The agent's stacked contact-request popover (PO-1..PO-4). */
export interface RequestsView {
  title: string;
  error: string;
  connecting: string;
  rangeText: string;
  emptyText: string;
  page: number;
  /** Requests per page: 5 (PO-3), fewer when five do not fit the card budget. */
  pageSize: number;
  requests: RequestItem[];
  pager: Array<{ title: string; page: number; size: number }>;
  /** Zero or one "Accept N requests" button: with the ids, or (on a reduced popover, where 50 ids may not fit) the newest offer time it covers. */
  acceptAll: Array<{ title: string; data: { contactIds: string[] } | { upTo: string } }>;
  refreshUserIds: string[];
}

/** An editable call-associated variable (CAD-1). */
export interface VariableInput {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  style: 'text' | 'password';
}

/** The interaction card: one contact being handled (HOLD-1, REC-1, CAD-1). */
export interface InteractionView {
  title: string;
  error: string;
  contactId: string;
  statusText: string;
  statusStyle: 'good' | 'warning' | 'attention' | 'accent' | 'emphasis' | 'default';
  timerText: string;
  recordingText: string;
  /** BN-1: the organization's background noise removal, read-only; empty when not a call in progress. */
  noiseRemovalText: string;
  /** Where the contact came from and its queue. */
  facts: Fact[];
  /** Read-only variables (secure ones masked); the editable ones are `inputs`. */
  variables: Fact[];
  inputs: VariableInput[];
  versions: Record<string, number>;
  canSave: boolean;
  buttons: Array<ContactButton & { enabled: boolean }>;
  /** During a consult: the customer's line (on hold or connected) and the consulted party's pane (CON-6). */
  customerText: string;
  consultPane: Array<{ title: string; status: string }>;
  /** Why the last consult failed (CON-7), or empty. */
  notice: string;
  /** Expert search on a call without a consult (CON-3). */
  searchable: boolean;
  expertQuery: string;
  expertsHeading: string;
  experts: ExpertItem[];
  /** Consult and transfer targets (CON-1, XFER-1): agents with their state, queues and entry points, the address book. */
  agentChoices: Array<{ title: string; value: string }>;
  queueChoices: Array<{ title: string; value: string }>;
  addressChoices: Array<{ title: string; value: string }>;
  /** Under each list cut to fit the card budget: what is shown and the buttons that show the rest. */
  more: Record<InteractionList, MoreRow[]>;
  /** OUT-1: dial out from an ended call, the customer's number filled in. */
  dial: DialView;
  refreshUserIds: string[];
}

/** One expert in the search results, with presence colour and age (CON-3). */
export interface ExpertItem {
  title: string;
  subtitle: string;
  presence: string;
  color: 'Good' | 'Warning' | 'Attention' | 'Default';
  contactId: string;
  targetId: string;
  consultTitle: string;
  jobTitle: string;
  department: string;
  /** On the agent's favourites; the button toggles it. */
  favourite: boolean;
  favouriteTitle: string;
}

/** The wrap-up card (WRAP-1). */
export interface WrapUpView {
  title: string;
  error: string;
  contactId: string;
  /** Which contact this is ("Chat with Jane Doe"), as the interaction card it replaces in the same message said. */
  heading: string;
  summary: string;
  /** XFER-1: the sender's transfer failed and the call went back to its queue, or empty. */
  notice: string;
  done: boolean;
  codes: Array<{ title: string; value: string }>;
  outcomes: Array<{ title: string; value: string }>;
  /** The codes already chosen on this card (kept while paging through long lists), or empty. */
  selectedCode: string;
  selectedOutcome: string;
  /** Under each list cut to fit the card budget: what is shown and the buttons that show the rest. */
  more: Record<WrapUpList, MoreRow[]>;
  /** Zero or one submit button. */
  submit: Array<{ title: string }>;
  /** OUT-1: call the customer back from the ended call's wrap-up, their number filled in. */
  dial: DialView;
  refreshUserIds: string[];
}
