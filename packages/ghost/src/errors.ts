export type GhostErrorCode =
  | 'invalid-config'
  | 'http'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'not-found'
  | 'validation'
  | 'conflict'
  | 'unexpected-response';

/**
 * Every failure this package reports. `status` and `ghostType` come from Ghost's error body when
 * it answered; the admin key never appears in `message`, `hint` or `cause` (URLs are logged without
 * query strings, and the Authorization header is never copied into an error).
 */
export class GhostError extends Error {
  override readonly name = 'GhostError';
  readonly code: GhostErrorCode;
  readonly hint: string;
  readonly status: number | undefined;
  readonly ghostType: string | undefined;
  /** The source post file this error is about, when it is about one. */
  readonly file: string | undefined;

  constructor(
    code: GhostErrorCode,
    message: string,
    options: {
      hint: string;
      status?: number;
      ghostType?: string;
      file?: string;
      cause?: unknown;
    },
  ) {
    super(`@kiji/ghost: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.status = options.status;
    this.ghostType = options.ghostType;
    this.file = options.file;
  }
}
