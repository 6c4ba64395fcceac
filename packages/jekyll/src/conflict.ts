/** Lines of the first unresolved merge conflict, or undefined when there is none. */
export interface ConflictMarkers {
  readonly start: number;
  readonly separator: number | undefined;
  readonly end: number;
}

const START = /^<<<<<<<(?: |$)/;
const SEPARATOR = /^=======[ \t]*$/;
const END = /^>>>>>>>(?: |$)/;

/**
 * A bare `=======` line is a legal setext heading underline in Markdown, so only a `<<<<<<<` line
 * followed later by a `>>>>>>>` line counts as a conflict.
 */
export function findConflictMarkers(text: string): ConflictMarkers | undefined {
  // Cheap pre-check: almost every file has no marker at all.
  if (!text.includes('<<<<<<<')) return undefined;
  const lines = text.split('\n');
  let start: number | undefined;
  let separator: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (start === undefined) {
      if (START.test(line)) start = i + 1;
    } else if (separator === undefined && SEPARATOR.test(line)) {
      separator = i + 1;
    } else if (END.test(line)) {
      return { start, separator, end: i + 1 };
    }
  }
  return undefined;
}
