// Engine connection: owns the worker host, provides the engine to every component below the
// app through @lit/context (no property passed down three levels), and restarts the worker
// after a fault: a fresh engine is provided and the app is told, so it can reopen its columns.
import { ContextProvider, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Engine, EngineRef } from '../client.js';

/** The engine the components use; a new object after a restart, so consumers notice. */
export const engineContext = createContext<EngineRef | null>(Symbol('pw-engine'));

/** What the controller needs of the worker host (ui/client.ts EngineHost; a fake in tests). */
export interface WorkerHost {
  readonly engine: Engine;
  drill(kind: DrillKind, deadlineMs?: number): void;
}

/** Fault drills of the browser tests: make the worker throw, terminate it, or hang (watchdog). */
export type DrillKind = 'throw' | 'terminate' | 'hang';

export type WorkerHostFactory = (onFailure: (message: string) => void) => WorkerHost;

export class EngineConnection implements ReactiveController {
  private worker: WorkerHost | null = null;
  private readonly provider: ContextProvider<typeof engineContext>;
  /** The engine handed to components (null before the host connects). */
  ref: EngineRef | null = null;
  /** The last restart's message, shown until dismissed ('' = none). */
  restartMessage = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly startWorker: WorkerHostFactory,
    /** Called after a restart with the fresh engine: reopen what was open. */
    private readonly onRestart: (engine: Engine, message: string) => void,
  ) {
    this.provider = new ContextProvider(host, { context: engineContext, initialValue: null });
    host.addController(this);
  }

  get engine(): Engine | null {
    return this.ref?.api ?? null;
  }

  hostConnected(): void {
    if (this.worker) return;
    this.worker = this.startWorker((message) => this.restarted(message));
    this.publish();
    // Browser tests drive faults through this hook; production builds leave it out.
    if (import.meta.env.MODE === 'test' && typeof window !== 'undefined')
      (window as unknown as { __pairingWorkbench?: unknown }).__pairingWorkbench = { drill: (kind: DrillKind, deadlineMs?: number) => this.drill(kind, deadlineMs) };
  }

  /** Make the worker throw, terminate it, or hang it (fault drills). */
  drill(kind: DrillKind, deadlineMs?: number): void {
    this.worker?.drill(kind, deadlineMs);
  }

  dismiss(): void {
    this.restartMessage = '';
    this.host.requestUpdate();
  }

  private publish() {
    this.ref = { api: this.worker!.engine };
    this.provider.setValue(this.ref);
    this.host.requestUpdate();
  }

  private restarted(message: string) {
    this.restartMessage = message;
    this.publish();
    this.onRestart(this.ref!.api, message);
  }
}
