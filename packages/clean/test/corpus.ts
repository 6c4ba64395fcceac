import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared` next to the repository (override with KIJI_SHARED_DIR). */
export function sharedDir(): string {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const dir = process.env.KIJI_SHARED_DIR ?? path.resolve(repoRoot, '../shared');
  if (!existsSync(path.join(dir, 'corpus'))) {
    throw new Error(
      `@kiji/clean tests: no corpus under ${dir}; set KIJI_SHARED_DIR to the shared inputs folder`,
    );
  }
  return dir;
}

export function corpusFiles(): string[] {
  const dir = sharedDir();
  const out: string[] = [];
  for (const sub of ['corpus/posts', 'corpus/versions']) {
    for (const f of readdirSync(path.join(dir, sub)).sort()) {
      if (f.endsWith('.md')) out.push(path.join(dir, sub, f));
    }
  }
  return out;
}

export function seedFiles(): string[] {
  const dir = path.join(sharedDir(), 'seeds');
  return readdirSync(dir)
    .sort()
    .map((f) => path.join(dir, f));
}

/** manifest.tsv: file name → artifact flags. */
export function manifest(): Map<string, string[]> {
  const text = readFileSync(path.join(sharedDir(), 'corpus/manifest.tsv'), 'utf8');
  const rows = text.split('\n').filter((l) => l !== '');
  const header = rows[0]!.split('\t');
  const fi = header.indexOf('file');
  const ai = header.indexOf('artifacts');
  const map = new Map<string, string[]>();
  for (const r of rows.slice(1)) {
    const cols = r.split('\t');
    map.set(
      cols[fi]!,
      (cols[ai] ?? '').split(',').filter((x) => x !== ''),
    );
  }
  return map;
}
