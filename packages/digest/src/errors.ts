export type DigestErrorCode =
  | 'template-missing'
  | 'template-syntax'
  | 'template-data'
  | 'mjml-invalid'
  | 'too-large'
  | 'invalid-option';

/** Everything @kiji/digest throws: what went wrong, where (file and line when known), and what to do. */
export class DigestError extends Error {
  override readonly name = 'DigestError';
  readonly code: DigestErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string;

  constructor(
    code: DigestErrorCode,
    message: string,
    details: { file?: string | undefined; line?: number | undefined; hint: string; cause?: unknown },
  ) {
    const where = details.file
      ? ` (${details.file}${details.line === undefined ? '' : `:${details.line}`})`
      : '';
    super(`@kiji/digest: ${message}${where}. ${details.hint}`, { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.hint = details.hint;
  }
}
