import type { GhostAdminClient } from './client.js';

export interface GhostSiteInfo {
  readonly url: string;
  readonly title: string;
  /** Ghost's version, e.g. `6.65`. */
  readonly version: string;
}

/**
 * Checks that the URL is a Ghost site and that the key is accepted: `site/` answers without auth,
 * so a one-post browse proves the key. Throws a GhostError (`auth`, `network`, …) otherwise.
 */
export async function checkGhost(client: GhostAdminClient): Promise<GhostSiteInfo> {
  const site = await client.request<{ site?: { title?: string; version?: string; url?: string } }>(
    'GET',
    'site/',
  );
  await client.request('GET', 'posts/', { query: { limit: 1, fields: 'id' } });
  return {
    url: site.site?.url ?? client.url,
    title: site.site?.title ?? '',
    version: site.site?.version ?? 'unknown',
  };
}
