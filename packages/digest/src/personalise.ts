import { DigestError } from './errors.js';
import type { PersonalisedMessage, Recipient } from './types.js';

// Plain ASCII words: survive MJML, the HTML minifier and URL attributes untouched, and never
// occur in real content.
export const NAME_TOKEN = 'kijiphname7q3z';
export const UNSUBSCRIBE_TOKEN = 'kijiphunsub7q3z';
const TOKENS = new RegExp(`(${NAME_TOKEN}|${UNSUBSCRIBE_TOKEN})`);

export const MAX_NAME_CHARS = 64;
export const MAX_URL_CHARS = 512;
/** Worst-case UTF-8 bytes of each field once filled in and escaped, to budget the size. */
export const NAME_BUDGET_BYTES = MAX_NAME_CHARS * 6;
export const URL_BUDGET_BYTES = MAX_URL_CHARS * 5;
/** Greeting when a member has no name: 読者の皆さま. */
export const DEFAULT_NAME = '読者の皆';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A template split once at its tokens, then joined per recipient: no parsing per message. */
function splitAtTokens(source: string): { parts: string[]; slots: boolean[] } {
  const pieces = source.split(TOKENS);
  const parts: string[] = [];
  const slots: boolean[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) parts.push(pieces[i]!);
    else slots.push(pieces[i] === NAME_TOKEN);
  }
  return { parts, slots };
}

export function countTokens(source: string): { name: number; unsubscribe: number } {
  const { slots } = splitAtTokens(source);
  const name = slots.filter(Boolean).length;
  return { name, unsubscribe: slots.length - name };
}

export function createPersonaliser(
  html: string,
  text: string,
): (recipient: Recipient) => PersonalisedMessage {
  const h = splitAtTokens(html);
  const t = splitAtTokens(text);
  const fill = (split: { parts: string[]; slots: boolean[] }, name: string, url: string): string => {
    let out = split.parts[0]!;
    for (let i = 0; i < split.slots.length; i++) out += (split.slots[i] ? name : url) + split.parts[i + 1]!;
    return out;
  };
  return (recipient) => {
    const name = cleanName(recipient.name);
    const url = checkUrl(recipient.unsubscribeUrl);
    return { html: fill(h, escapeHtml(name), escapeHtml(url)), text: fill(t, name, url) };
  };
}

function cleanName(name: string | undefined): string {
  // Control characters and line breaks in a member's name must not reach the message.
  const trimmed = (name ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (trimmed === '') return DEFAULT_NAME;
  return [...trimmed].slice(0, MAX_NAME_CHARS).join('');
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new DigestError('invalid-option', 'unsubscribe URL is not a URL', {
      hint: "Pass the member's unsubscribe_url from Ghost (an absolute http(s) URL).",
      cause,
    });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.href.length > MAX_URL_CHARS) {
    throw new DigestError('invalid-option', 'unsubscribe URL must be http(s) and at most 512 characters', {
      hint: "Pass the member's unsubscribe_url from Ghost.",
    });
  }
  return url.href;
}
