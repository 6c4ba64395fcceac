export type GhostDevErrorCode =
  | 'INSTALL_FAILED'
  | 'LOCKED'
  | 'UNSUPPORTED_PLATFORM'
  | 'START_FAILED'
  | 'START_TIMEOUT'
  | 'PORT_IN_USE'
  | 'PROVISION_FAILED'
  | 'STATE_INVALID'
  | 'NOT_OUR_PROCESS'
  | 'STOP_FAILED';

/** Every failure this package reports: what happened, the file involved when there is one, and what to do. */
export class GhostDevError extends Error {
  override readonly name = 'GhostDevError';
  readonly code: GhostDevErrorCode;
  readonly file: string | undefined;
  readonly hint: string;

  constructor(
    code: GhostDevErrorCode,
    message: string,
    options: { file?: string | undefined; hint: string; cause?: unknown },
  ) {
    const where = options.file === undefined ? '' : ` (${options.file})`;
    super(`@kiji/ghost-dev: ${message}${where}\n  hint: ${options.hint}`, { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.hint = options.hint;
  }
}

export function isGhostDevError(error: unknown): error is GhostDevError {
  return error instanceof GhostDevError;
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
