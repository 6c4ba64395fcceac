import type { PostParseErrorCode } from './types.js';

export interface PostParseErrorInit {
  readonly code: PostParseErrorCode;
  readonly file: string;
  readonly line?: number | undefined;
  /** What failed, as a short clause without a final period. */
  readonly what: string;
  /** The form that would have been accepted. */
  readonly expected: string;
  /** What the author should do about it. */
  readonly hint: string;
  readonly cause?: unknown;
}

/**
 * Why one file could not be read as a post. Carries everything a person needs to fix the file
 * without opening a debugger: the file, the line when known, and what to do.
 */
export class PostParseError extends Error {
  override readonly name = 'PostParseError';
  readonly code: PostParseErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly hint: string;

  constructor(init: PostParseErrorInit) {
    const where = init.line === undefined ? init.file : `${init.file}:${init.line}`;
    super(
      `@kiji/jekyll: ${where}: ${init.what}. Expected ${init.expected}. ${init.hint}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = init.code;
    this.file = init.file;
    this.line = init.line;
    this.hint = init.hint;
  }
}
