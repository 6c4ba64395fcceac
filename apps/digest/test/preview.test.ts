import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../src/screenshot.js';
import { spawnCli, tempDir, windowSource, writeConfig } from './helpers.js';

/** Standard deviation of luminance over all pixels: a blank page is ~0. */
function luminanceSpread(png: PNG): number {
  let sum = 0;
  let sq = 0;
  const n = png.width * png.height;
  for (let i = 0; i < png.data.length; i += 4) {
    const y = 0.2126 * png.data[i]! + 0.7152 * png.data[i + 1]! + 0.0722 * png.data[i + 2]!;
    sum += y;
    sq += y * y;
  }
  const mean = sum / n;
  return Math.sqrt(sq / n - mean * mean);
}

describe('kiji-digest preview', () => {
  it('writes PNG screenshots at 375 and 600 px from headless Chromium that are not blank', async () => {
    // CI installs Chromium (scripts/system-deps.sh); without it this test must fail, not pass silently.
    expect(await findChromium(), 'Chromium is required: run scripts/system-deps.sh').toBeTruthy();
    const out = await tempDir();
    const source = await windowSource(['2025-10-05', '2025-10-06']);
    const config = await writeConfig(out, { siteUrl: 'https://example.com', source, out });
    const result = await spawnCli(['preview', '--since', '2025-10-05', '--until', '2025-10-06'], {
      KIJI_DIGEST_CONFIG: config,
      SMTP_URL: 'smtp://must-not-be-used.invalid:25',
    }).done;
    expect(result.code, result.stderr).toBe(0);
    for (const width of [375, 600]) {
      const png = PNG.sync.read(await readFile(join(out, 'digest', '2025-10-06', `preview-${width}.png`)));
      expect(png.width).toBe(width);
      expect(luminanceSpread(png)).toBeGreaterThan(20);
    }
  });
});
