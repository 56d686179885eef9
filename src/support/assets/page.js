// The customer's session page keeps itself up to date: the server sends the session as it now is
// (server-sent events); a dropped connection is retried by the browser with Last-Event-ID.
(() => {
  const view = document.getElementById('session');
  const live = document.getElementById('live');
  if (!view || !window.EventSource) return;
  const events = new EventSource(`${location.pathname.replace(/\/$/, '')}/events`);
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
