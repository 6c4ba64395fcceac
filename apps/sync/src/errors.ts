/** A usage or configuration mistake: the CLI prints it with its hint and exits 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: 'usage' | 'config';
  readonly hint: string;
  constructor(code: 'usage' | 'config', message: string, hint: string, cause?: unknown) {
    super(`kiji-sync: ${message}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.hint = hint;
  }
}

/** Exit codes: 0 all went well, 1 some posts failed or are in conflict, 2 usage or config. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
