export type JaErrorCode = 'invalid-option' | 'dictionary-load';

/** The one error this package throws: a `code` to branch on, and a hint on what to do. */
export class JaError extends Error {
  override readonly name = 'JaError';
  readonly code: JaErrorCode;
  readonly hint: string;

  constructor(code: JaErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(`@kiji/ja: ${message} (${hint})`, options);
    this.code = code;
    this.hint = hint;
  }
}

/** Options are positive finite numbers; anything else is a caller bug worth stopping for. */
export function positiveOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new JaError(
      'invalid-option',
      `option ${name} must be a positive finite number, got ${String(value)}`,
      `pass a number greater than 0 or leave ${name} out for the default ${fallback}`,
    );
  }
  return value;
}
