/** A usage or configuration mistake (exit 2), or another run holding the lock (exit 3); printed with its hint. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: 'usage' | 'config' | 'busy';
  readonly hint: string;
  constructor(code: 'usage' | 'config' | 'busy', message: string, hint: string, cause?: unknown) {
    super(`kiji-sync: ${message}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.hint = hint;
  }
}

/** Exit codes: 0 all went well, 1 some posts failed or are in conflict, 2 usage or config, 3 another run is syncing. */
export const EXIT = { ok: 0, problems: 1, usage: 2, busy: 3 } as const;
