import { useCallback, useEffect, useRef, useState } from 'react';
import { SignInError, type TabApi } from './api.ts';
import { followLive, type LiveState } from './live.ts';

/** Live data of one view: the latest read, when it was read, and how the live connection is. */
export interface LiveData<T> {
  data: T | undefined;
  /** When the data shown was read (device time), for "what you see is from". */
  readAt: Date | undefined;
  live: LiveState;
  /** Why the last read failed, if it did: a sign-in problem, or anything else (it is tried again). */
  failed: 'signIn' | 'load' | undefined;
  /** Puts newer data in place (an action's answer carries the desk as it is now). */
  replace(data: T): void;
  /** Reads again now. */
  reload(): void;
}

/**
 * Reads a view, and reads it again whenever the live stream says it changed.
 * Reads never overlap: a change during a read leads to one more read after it.
 */
export function useLiveData<T extends { seq: number }>(api: TabApi, view: 'desk' | 'board', read: () => Promise<T>): LiveData<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [readAt, setReadAt] = useState<Date | undefined>(undefined);
  const [live, setLive] = useState<LiveState>('connecting');
  const [failed, setFailed] = useState<'signIn' | 'load' | undefined>(undefined);
  const reading = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false });
  const latest = useRef(read);
  latest.current = read;

  const accept = useCallback((next: T) => {
    // An older answer never replaces a newer one.
    setData((current) => (current && current.seq > next.seq ? current : next));
    setReadAt(new Date());
    setFailed(undefined);
  }, []);

  const reload = useCallback(() => {
    const state = reading.current;
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    void (async () => {
      do {
        state.again = false;
        try {
          accept(await latest.current());
        } catch (error) {
          setFailed(error instanceof SignInError ? 'signIn' : 'load');
        }
      } while (state.again);
      state.busy = false;
    })();
  }, [accept]);

  useEffect(() => {
    reload();
    return followLive(api, view, { state: setLive, changed: reload });
  }, [api, view, reload]);

  return { data, readAt, live, failed, replace: accept, reload };
}
