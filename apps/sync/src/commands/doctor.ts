import { checkGhost, GhostAdminClient, GhostError, redactKey } from '@kiji/ghost';
import { defineCommand } from 'citty';
import { EXIT } from '../errors.js';
import { loadSettings, requireGhost } from '../settings.js';

export default defineCommand({
  meta: { name: 'doctor', description: 'Check the Ghost URL, the Admin API key and the Ghost version' },
  args: {
    url: { type: 'string', description: 'Ghost site URL (overrides GHOST_URL)' },
    config: { type: 'string', description: 'Config file' },
    json: { type: 'boolean', default: false },
  },
  async run({ args }) {
    const settings = await loadSettings({ url: args.url, config: args.config });
    const ghost = requireGhost(settings);
    const lines = [
      `url      ${ghost.url}`,
      `key      ${redactKey(ghost.adminKey)}`,
      `config   ${settings.configFile ?? '(none: environment)'}`,
    ];
    try {
      const site = await checkGhost(new GhostAdminClient({ ...ghost, retries: 2 }));
      if (args.json) {
        process.stdout.write(
          `${JSON.stringify({ ok: true, url: ghost.url, title: site.title, version: site.version })}\n`,
        );
      } else {
        process.stdout.write(
          `${[...lines, `site     ${site.title}`, `ghost    ${site.version}`, 'ok'].join('\n')}\n`,
        );
      }
      const major = Number.parseInt(site.version, 10);
      if (Number.isFinite(major) && major < 5) {
        process.stderr.write(
          `kiji-sync: Ghost ${site.version} is older than 5; kiji is tested on Ghost 6.\n`,
        );
      }
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof GhostError)) throw error;
      if (args.json) {
        process.stdout.write(
          `${JSON.stringify({ ok: false, url: ghost.url, error: error.message, hint: error.hint })}\n`,
        );
      } else {
        process.stdout.write(`${lines.join('\n')}\n`);
        process.stderr.write(`${error.message}\n  ${error.hint}\n`);
      }
      return error.code === 'auth' ? EXIT.usage : EXIT.problems;
    }
  },
});
