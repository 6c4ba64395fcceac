import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The first Chromium on PATH (or `CHROMIUM_PATH`), or undefined. */
export async function findChromium(): Promise<string | undefined> {
  const explicit = process.env.CHROMIUM_PATH;
  for (const name of explicit ? [explicit] : CANDIDATES) {
    const ok = await new Promise<boolean>((resolve) => {
      const child = spawn(name, ['--version'], { stdio: 'ignore' });
      child.on('error', () => resolve(false));
      child.on('exit', (code) => resolve(code === 0));
    });
    if (ok) return name;
  }
  return undefined;
}

/** A headless, offline screenshot of an HTML file at the given width. */
export async function screenshot(
  chromium: string,
  htmlFile: string,
  pngFile: string,
  width: number,
  height = 2400,
): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'kiji-digest-chromium-'));
  try {
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--hide-scrollbars',
      `--window-size=${width},${height}`,
      `--screenshot=${pngFile}`,
      pathToFileURL(htmlFile).href,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`chromium exited with ${code}: ${stderr.slice(-300)}`));
      });
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
