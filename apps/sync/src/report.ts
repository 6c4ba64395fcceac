import type { SyncItem, SyncReport } from '@kiji/ghost';

const LABEL: Record<SyncItem['status'], string> = {
  create: 'would create',
  update: 'would update',
  skip: 'unchanged',
  unpublish: 'would unpublish',
  created: 'created',
  updated: 'updated',
  skipped: 'unchanged',
  unpublished: 'unpublished',
  conflict: 'CONFLICT',
  quarantine: 'quarantined',
  gone: 'source gone',
  failed: 'FAILED',
};

export function describeItem(item: SyncItem): string {
  const where = item.sourcePath ?? `(Ghost post ${item.ghostId ?? '?'})`;
  const target = item.url ?? (item.slug ? `/${item.slug}/` : '');
  const lines = [`${LABEL[item.status].padEnd(15)} ${where}${target ? ` → ${target}` : ''}`];
  if (item.message) lines.push(`                ${item.message}`);
  // Warnings matter when something is written; an unchanged post would repeat them every run.
  if (item.status !== 'skipped' && item.status !== 'skip') {
    for (const w of item.warnings) lines.push(`                warning: ${w}`);
  }
  return lines.join('\n');
}

export function summary(report: SyncReport): string {
  const parts = Object.entries(report.counts).map(([k, v]) => `${LABEL[k as SyncItem['status']]} ${v}`);
  return `${parts.join(', ') || 'nothing to do'} (${report.requests} requests, ${report.writes} writes, ${(report.ms / 1000).toFixed(1)} s)`;
}

/** A one-line bar on a TTY (stderr), so stdout stays clean for --json. */
export class Progress {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  #last = 0;
  constructor(stream: NodeJS.WriteStream, enabled: boolean) {
    this.#stream = stream;
    this.#enabled = enabled && stream.isTTY === true;
  }
  get active(): boolean {
    return this.#enabled;
  }
  tick(done: number, total: number, label: string): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#last < 80 && done < total) return;
    this.#last = now;
    const width = 24;
    const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    this.#stream.write(
      `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name}`,
    );
  }
  clear(): void {
    if (this.#enabled) this.#stream.write('\r\x1b[2K');
  }
}
