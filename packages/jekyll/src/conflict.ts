/** Lines of the first unresolved merge conflict, and how many conflicts the file has. */
export interface ConflictMarkers {
  readonly start: number;
  readonly separator: number | undefined;
  readonly end: number;
  readonly count: number;
}

const START = /^<<<<<<<(?: |$)/;
const SEPARATOR = /^=======[ \t]*$/;
const END = /^>>>>>>>(?: |$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * A bare `=======` line is a legal setext heading underline in Markdown, so only a `<<<<<<<` line
 * followed later by a `>>>>>>>` line counts as a conflict. Markers inside a fenced code block are
 * content (a post about git may show one), not a conflict.
 */
export function findConflictMarkers(text: string): ConflictMarkers | undefined {
  // Cheap pre-check: almost every file has no marker at all.
  if (!text.includes('<<<<<<<')) return undefined;
  const lines = text.split('\n');
  let first: Omit<ConflictMarkers, 'count'> | undefined;
  let count = 0;
  let start: number | undefined;
  let separator: number | undefined;
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    if (start === undefined) {
      if (START.test(line)) start = i + 1;
    } else if (separator === undefined && SEPARATOR.test(line)) {
      separator = i + 1;
    } else if (END.test(line)) {
      count++;
      first ??= { start, separator, end: i + 1 };
      start = undefined;
      separator = undefined;
    }
  }
  return first && { ...first, count };
}
