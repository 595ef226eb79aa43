// Errors of the analysis layer that come from the user's input (a bad lever path, an
// unknown project in an uncertainty, a shard that does not fit); the CLI reports them in one line.
export class AnalysisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/** Thrown when a run is cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}
