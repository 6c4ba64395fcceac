export type DigestAppErrorCode = 'config' | 'locked' | 'state' | 'ghost' | 'smtp' | 'source';

/** Exit codes by error code; everything unknown is 1. */
export const EXIT_CODES: Readonly<Record<DigestAppErrorCode, number>> = {
  config: 2,
  locked: 3,
  state: 4,
  ghost: 5,
  smtp: 6,
  source: 7,
};

export class DigestAppError extends Error {
  override readonly name = 'DigestAppError';
  readonly code: DigestAppErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string;
  constructor(
    code: DigestAppErrorCode,
    message: string,
    details: { file?: string | undefined; line?: number | undefined; hint: string; cause?: unknown },
  ) {
    const where = details.file
      ? ` (${details.file}${details.line === undefined ? '' : `:${details.line}`})`
      : '';
    super(`kiji-digest: ${message}${where}. ${details.hint}`, { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.hint = details.hint;
  }
}
