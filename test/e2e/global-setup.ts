import { buildTab, tabIsStale } from '../../scripts/build-tab.js';

/** The browser tests open the Desk tab: build its page first when the sources changed since the last build. */
export default function setup(): void {
  if (tabIsStale()) buildTab();
}
