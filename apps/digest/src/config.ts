import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import cron from 'node-cron';
import { DigestAppError } from './errors.js';

export interface RecipientConfig {
  readonly email: string;
  readonly name?: string;
  readonly unsubscribeUrl?: string;
}

/** Everything but secrets; those come from the environment only. */
export interface DigestConfig {
  readonly source: string;
  readonly out: string;
  readonly stateFile: string;
  readonly siteUrl: string;
  readonly siteTitle: string;
  readonly title: string;
  readonly categories: readonly string[];
  /** Old category name → current one; default `{ "業界分析": "投資分析" }` (the blog renamed it). */
  readonly categoryAliases: Readonly<Record<string, string>> | undefined;
  readonly tagOrder: readonly string[];
  readonly maxTagShare: number;
  readonly templatesDir: string | undefined;
  readonly maxBytes: number;
  readonly cron: string;
  readonly timezone: string;
  readonly from: string;
  readonly unsubscribeMailto: string;
  /** `{email}` is replaced; used for config-list recipients without their own URL. */
  readonly unsubscribeUrlTemplate: string | undefined;
  readonly recipients: readonly RecipientConfig[] | undefined;
  /** Ghost members to mail: those subscribed to this newsletter slug, or carrying this label. */
  readonly newsletter: string | undefined;
  readonly label: string | undefined;
  readonly maxAttempts: number;
  readonly sendEmpty: boolean;
  readonly perTag: boolean;
  readonly webVersionUrl: string | undefined;
}

/** Secrets and endpoints, read from the environment (never from argv, never printed). */
export interface DigestSecrets {
  readonly smtpUrl: string | undefined;
  readonly ghostUrl: string | undefined;
  readonly ghostContentKey: string | undefined;
  readonly ghostAdminKey: string | undefined;
}

const DEFAULTS = {
  source: 'posts',
  out: 'out',
  siteTitle: 'kiji',
  title: '今週の投資分析ダイジェスト',
  categories: ['投資分析'],
  tagOrder: [] as string[],
  maxTagShare: 0.8,
  maxBytes: 100_000,
  cron: '0 8 * * 1',
  timezone: 'Asia/Tokyo',
  maxAttempts: 3,
  sendEmpty: false,
  perTag: false,
};

export type ConfigOverrides = Partial<Record<keyof DigestConfig, unknown>>;

/** Reads the JSON config file (if any), applies command-line overrides, and checks everything. */
export async function loadConfig(
  file: string | undefined,
  overrides: ConfigOverrides = {},
): Promise<DigestConfig> {
  let fromFile: Record<string, unknown> = {};
  const path = file ?? process.env.KIJI_DIGEST_CONFIG;
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new DigestAppError('config', 'cannot read the config file', {
        file: path,
        hint: 'Check the --config path.',
        cause,
      });
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (cause) {
      const pos = Number(/position (\d+)/.exec(String(cause))?.[1] ?? Number.NaN);
      const line = Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : undefined;
      throw new DigestAppError('config', 'the config file is not valid JSON', {
        file: path,
        line,
        hint: 'Fix the JSON syntax.',
        cause,
      });
    }
  }
  const merged: Record<string, unknown> = { ...DEFAULTS, ...fromFile };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  const where = path ? { file: path } : {};
  const str = (key: string): string => {
    const v = merged[key];
    if (typeof v !== 'string' || v === '')
      throw new DigestAppError('config', `"${key}" must be a non-empty string`, {
        ...where,
        hint: `Set ${key}.`,
      });
    return v;
  };
  const optStr = (key: string): string | undefined => (merged[key] === undefined ? undefined : str(key));
  const num = (key: string): number => {
    const v = merged[key];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new DigestAppError('config', `"${key}" must be a number`, {
        ...where,
        hint: `Set ${key} to a number.`,
      });
    return v;
  };
  const list = (key: string): string[] => {
    const v = merged[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw new DigestAppError('config', `"${key}" must be a list of strings`, {
        ...where,
        hint: `Set ${key}.`,
      });
    return v as string[];
  };
  const bool = (key: string): boolean => merged[key] === true;

  const cronExpr = str('cron');
  if (!cron.validate(cronExpr)) {
    throw new DigestAppError('config', `invalid cron expression "${cronExpr}"`, {
      ...where,
      hint: 'Use five or six fields, e.g. "0 8 * * 1" for Mondays at 08:00.',
    });
  }
  const timezone = str('timezone');
  if (!isTimeZone(timezone)) {
    throw new DigestAppError('config', `unknown time zone "${timezone}"`, {
      ...where,
      hint: 'Use an IANA time zone such as Asia/Tokyo.',
    });
  }
  const siteUrl = str('siteUrl');
  if (!/^https?:\/\//.test(siteUrl) || !URL.canParse(siteUrl)) {
    throw new DigestAppError('config', `site URL "${siteUrl}" is not an http(s) URL`, {
      ...where,
      hint: 'Pass --site-url https://your.site or set siteUrl in the config.',
    });
  }
  const out = resolve(str('out'));
  const from = optStr('from') ?? `kiji <digest@${new URL(siteUrl).hostname}>`;
  const recipients = merged.recipients === undefined ? undefined : parseRecipients(merged.recipients, where);
  return {
    source: resolve(str('source')),
    out,
    stateFile: resolve(optStr('stateFile') ?? resolve(out, 'digest-state.json')),
    siteUrl,
    siteTitle: str('siteTitle'),
    title: str('title'),
    categories: list('categories'),
    categoryAliases: aliases(merged.categoryAliases, where),
    tagOrder: list('tagOrder'),
    maxTagShare: num('maxTagShare'),
    templatesDir: optStr('templatesDir') === undefined ? undefined : resolve(str('templatesDir')),
    maxBytes: num('maxBytes'),
    cron: cronExpr,
    timezone,
    from,
    unsubscribeMailto: optStr('unsubscribeMailto') ?? `unsubscribe@${new URL(siteUrl).hostname}`,
    unsubscribeUrlTemplate: optStr('unsubscribeUrlTemplate'),
    recipients,
    newsletter: optStr('newsletter'),
    label: optStr('label'),
    maxAttempts: num('maxAttempts'),
    sendEmpty: bool('sendEmpty'),
    perTag: bool('perTag'),
    webVersionUrl: optStr('webVersionUrl'),
  };
}

export function readSecrets(env: NodeJS.ProcessEnv = process.env): DigestSecrets {
  let smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && env.SMTP_PASSWORD) {
    const url = new URL(smtpUrl);
    url.password = encodeURIComponent(env.SMTP_PASSWORD);
    smtpUrl = url.href;
  }
  return {
    smtpUrl,
    ghostUrl: env.GHOST_URL || undefined,
    ghostContentKey: env.GHOST_CONTENT_KEY || undefined,
    ghostAdminKey: env.GHOST_ADMIN_KEY || undefined,
  };
}

function aliases(value: unknown, where: { file?: string }): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.values(value).some((v) => typeof v !== 'string')
  ) {
    throw new DigestAppError('config', '"categoryAliases" must map names to names', {
      ...where,
      hint: 'Use {"old name": "new name"}, or {} to match categories exactly.',
    });
  }
  return value as Record<string, string>;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parseRecipients(value: unknown, where: { file?: string }): RecipientConfig[] {
  if (!Array.isArray(value)) {
    throw new DigestAppError('config', '"recipients" must be a list', {
      ...where,
      hint: 'Use [{"email": …}].',
    });
  }
  return value.map((r, i) => {
    const item = (typeof r === 'string' ? { email: r } : r) as Record<string, unknown>;
    if (typeof item?.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(item.email)) {
      throw new DigestAppError('config', `recipient ${i + 1} has no valid "email"`, {
        ...where,
        hint: 'Each recipient needs an email address.',
      });
    }
    return {
      email: item.email,
      ...(typeof item.name === 'string' ? { name: item.name } : {}),
      ...(typeof item.unsubscribeUrl === 'string' ? { unsubscribeUrl: item.unsubscribeUrl } : {}),
    };
  });
}
