// Creating the engine worker, in a module of its own so the page's entry (ui/main.ts) can start
// it before anything else loads: this module imports nothing, so the entry chunk creates the
// worker as soon as it runs. ui/client.ts (EngineHost) adopts the prestarted worker.

export function engineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'pairing-engine' });
}

/** The worker ui/main.ts starts before the page's components load, until an EngineHost adopts it. */
let prestarted: { worker: Worker; error: string | null } | null = null;

/**
 * Start the engine worker now: it downloads and boots while the page's own code loads and
 * parses, instead of after the app element is created. The first EngineHost adopts it; a load
 * error before then is kept and reported to that host.
 */
export function prestartEngine(): void {
  if (prestarted) return;
  const early = { worker: engineWorker(), error: null as string | null };
  early.worker.addEventListener('error', (e) => {
    e.preventDefault();
    early.error ??= e.message || 'worker error';
  });
  prestarted = early;
}

/** The prestarted worker (once), or null. */
export function takePrestartedEngine(): { worker: Worker; error: string | null } | null {
  const early = prestarted;
  prestarted = null;
  return early;
}
