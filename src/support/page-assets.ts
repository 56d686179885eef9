/**
 * The customer page's stylesheet and script, as text inside the program (the
 * production bundle carries them: nothing is read from beside it at run time).
 * The script is ours and small: the page works without it, and with it follows
 * the session live (server-sent events).
 */

/** The page's stylesheet. */
export const PAGE_CSS = `/* The customer's session page: plain, readable, works on a phone. */
:root {
  color-scheme: light dark;
  --accent: #4f52b2;
  --good: #107c10;
  --warn: #8a5a00;
  --bad: #a4262c;
}
* {
  box-sizing: border-box;
}
body {
  margin: 0;
  font:
    16px / 1.5 "Segoe UI",
    system-ui,
    -apple-system,
    sans-serif;
  background: Canvas;
  color: CanvasText;
}
main {
  max-width: 36rem;
  margin: 0 auto;
  padding: 1.5rem 1rem 3rem;
}
.brand {
  margin: 0;
  color: var(--accent);
  font-weight: 600;
  font-size: 0.9rem;
}
h1 {
  margin: 0.2rem 0 1rem;
  font-size: 1.5rem;
}
h2 {
  margin: 0 0 0.5rem;
  font-size: 1.1rem;
}
.status {
  font-weight: 600;
  font-size: 1.1rem;
}
.served[data-served="you"] {
  color: var(--good);
  font-weight: 600;
}
.notice {
  border-left: 4px solid var(--warn);
  padding: 0.4rem 0.75rem;
  background: color-mix(in srgb, var(--warn) 12%, Canvas);
}
.error {
  border-left: 4px solid var(--bad);
  padding: 0.4rem 0.75rem;
  background: color-mix(in srgb, var(--bad) 12%, Canvas);
  font-weight: 600;
}
.voice {
  margin: 1.25rem 0;
  padding: 1rem;
  border: 1px solid color-mix(in srgb, CanvasText 20%, Canvas);
  border-radius: 8px;
}
.ask {
  padding: 0.5rem 0.75rem;
  border-radius: 6px;
  background: color-mix(in srgb, var(--accent) 12%, Canvas);
}
.mic {
  font-weight: 600;
  padding: 0.4rem 0.75rem;
  border-radius: 6px;
}
.mic.on {
  color: #fff;
  background: var(--good);
}
.mic.off {
  background: color-mix(in srgb, CanvasText 10%, Canvas);
}
.speakers {
  color: color-mix(in srgb, CanvasText 70%, Canvas);
}
form {
  margin: 0.5rem 0;
}
form.join {
  display: grid;
  gap: 0.4rem;
}
label {
  font-weight: 600;
  margin-top: 0.5rem;
}
input {
  font: inherit;
  padding: 0.5rem;
  border: 1px solid color-mix(in srgb, CanvasText 40%, Canvas);
  border-radius: 4px;
}
button {
  font: inherit;
  padding: 0.5rem 1rem;
  border-radius: 4px;
  border: 1px solid color-mix(in srgb, CanvasText 40%, Canvas);
  background: Canvas;
  color: CanvasText;
  cursor: pointer;
}
button.primary {
  background: var(--accent);
  color: #fff;
  border-color: var(--accent);
}
button.danger {
  color: var(--bad);
  border-color: var(--bad);
}
button:focus-visible,
input:focus-visible,
a:focus-visible {
  outline: 3px solid var(--accent);
  outline-offset: 2px;
}
.live {
  font-size: 0.85rem;
  color: color-mix(in srgb, CanvasText 60%, Canvas);
}
`;

/** The page's script: applies each update the server sends; a dropped stream is retried by the browser with Last-Event-ID. */
export const PAGE_JS = `// The customer's session page keeps itself up to date: the server sends the session as it now is
// (server-sent events); a dropped connection is retried by the browser with Last-Event-ID.
(() => {
  const view = document.getElementById('session');
  const live = document.getElementById('live');
  if (!view || !window.EventSource) return;
  const events = new EventSource(\`\${location.pathname.replace(/\\/$/, '')}/events\`);
  events.addEventListener('session', (event) => {
    const update = JSON.parse(event.data);
    view.innerHTML = update.html;
    if (live) live.textContent = live.dataset.on || '';
    if (update.final) events.close();
  });
  events.addEventListener('error', () => {
    if (live && events.readyState !== EventSource.CLOSED) live.textContent = live.dataset.off || '';
  });
})();
`;
