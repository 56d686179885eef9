/** One server-sent event as the browser's EventSource would see it. */
export interface SentEvent {
  id?: string;
  event: string;
  data: string;
}

/** Reads a server-sent event stream (a fetch response) event by event; comments and `retry` lines are skipped. */
export class EventReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';
  /** A read that outlived a timeout: the next call waits for it rather than losing its chunk. */
  #pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;

  constructor(response: Response) {
    if (!response.body) throw new Error('no body to read events from');
    this.#reader = response.body.getReader();
  }

  /** The next event, or undefined when the stream ends; fails after `ms` without one. */
  async next(ms = 5000): Promise<SentEvent | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event = parse(block);
        if (event) return event;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${ms} ms`);
      let timer: NodeJS.Timeout | undefined;
      this.#pending ??= this.#reader.read();
      const chunk = await Promise.race([
        this.#pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      this.#pending = undefined;
      if (chunk.done) return undefined;
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Whether nothing arrives within `ms` (the stream stays open and silent). */
  async silentFor(ms: number): Promise<boolean> {
    try {
      await this.next(ms);
      return false;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => undefined);
  }
}

function parse(block: string): SentEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  let any = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line.startsWith('retry:')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
    else continue;
    any = true;
  }
  return any ? { event, data: data.join('\n'), ...(id !== undefined ? { id } : {}) } : undefined;
}
