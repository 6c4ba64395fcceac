const SEQUENCE_PREFIX = /^\d+_/;
const FILE_NAME_DATE = /^(\d{4})-(\d{2})-(\d{2})-/;

/** The last path segment, for both `/` and `\` separators (paths may come from Windows tools). */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? path : path.slice(cut + 1);
}

/**
 * The post id from its file name: extension dropped, a generator's `000_` sequence prefix dropped.
 * A corpus version's `@<blob>` suffix is kept on purpose: several versions of one post live side
 * by side and each needs its own id.
 */
export function idFromPath(path: string): string {
  let name = baseName(path);
  const dot = name.lastIndexOf('.');
  if (dot > 0) name = name.slice(0, dot);
  const stripped = name.replace(SEQUENCE_PREFIX, '');
  return stripped === '' ? name : stripped;
}

/** `YYYY-MM-DD` from a Jekyll `_posts` file name, or undefined. */
export function fileNameDate(path: string): { year: number; month: number; day: number } | undefined {
  const match = FILE_NAME_DATE.exec(baseName(path));
  if (!match) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** True when any directory segment is `_drafts`, which Jekyll treats as unpublished. */
export function isDraftPath(path: string): boolean {
  return path.split(/[/\\]/).slice(0, -1).includes('_drafts');
}
