// Preloaded into the processes `npm run dev` starts: when the runner is gone (killed
// outright, so it could not stop them), the process stops itself the graceful way.
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
}, 1000);
timer.unref();
