import type { ParseWarning } from './types.js';

/** Drops empty entries and repeats, keeping the first occurrence's position. */
function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const value = raw.trim();
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

function flattenScalars(value: unknown, into: string[], dropped: string[]): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) flattenScalars(item, into, dropped);
  else dropped.push(JSON.stringify(value));
}

/**
 * Jekyll's list rule for `categories`/`tags`: a string is split on whitespace, a list is taken
 * item by item. The singular key (`category`/`tag`) names one entry, so its string is not split.
 */
export function readList(
  plural: unknown,
  singular: unknown,
  names: { readonly plural: string; readonly singular: string },
  line: (key: string) => number | undefined,
  warnings: ParseWarning[],
): string[] {
  const values: string[] = [];
  const dropped: string[] = [];
  if (typeof plural === 'string') values.push(...plural.split(/\s+/));
  else flattenScalars(plural, values, dropped);
  if (dropped.length > 0) warnUnknown(warnings, names.plural, line(names.plural), dropped);
  const droppedSingular: string[] = [];
  flattenScalars(singular, values, droppedSingular);
  if (droppedSingular.length > 0)
    warnUnknown(warnings, names.singular, line(names.singular), droppedSingular);
  return unique(values);
}

function warnUnknown(
  warnings: ParseWarning[],
  key: string,
  line: number | undefined,
  dropped: string[],
): void {
  warnings.push({
    code: 'unknown-type',
    line,
    message: `\`${key}\` has entries that are not text (${dropped.join(', ').slice(0, 80)}); they were left out. Write each entry as a plain string.`,
  });
}

export type TextField =
  | { readonly ok: true; readonly value: string | undefined }
  | { readonly ok: false; readonly found: string };

/**
 * A text field as written. Numbers and booleans become their text (YAML reads `title: 2025` as a
 * number, but the author meant the words) with a warning; collections are refused.
 */
export function readText(
  value: unknown,
  key: string,
  line: number | undefined,
  warnings: ParseWarning[],
): TextField {
  if (value === null || value === undefined) return { ok: true, value: undefined };
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number' || typeof value === 'boolean') {
    warnings.push({
      code: 'unknown-type',
      line,
      message: `\`${key}\` is the ${typeof value} ${String(value)}; it was read as text. Quote it to say so.`,
    });
    return { ok: true, value: String(value) };
  }
  return { ok: false, found: Array.isArray(value) ? 'a list' : 'a mapping' };
}

/** `published: false` as Psych (YAML 1.1) reads it: `false`, `no`, `off`. */
export function isUnpublished(value: unknown): boolean {
  if (value === false) return true;
  return typeof value === 'string' && /^(?:false|no|off)$/i.test(value.trim());
}
