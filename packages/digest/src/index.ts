export { DigestError, type DigestErrorCode } from './errors.js';
export { type GroupOptions, groupByTag, splitByTag } from './group.js';
export { createPersonaliser } from './personalise.js';
export {
  createDigestRenderer,
  DEFAULT_MAX_BYTES,
  type DigestRenderer,
  FONT_STACK,
  type RendererOptions,
} from './render.js';
export {
  DEFAULT_CATEGORIES,
  DEFAULT_CATEGORY_ALIASES,
  digestWindow,
  type Selection,
  type SelectOptions,
  selectArticles,
} from './select.js';
export { DEFAULT_TEMPLATES_DIR } from './templates.js';
export type {
  DigestArticle,
  DigestCandidate,
  DigestContent,
  DigestPost,
  DigestSection,
  DigestWindow,
  PersonalisedMessage,
  Recipient,
  RenderedDigest,
  SelectionWarning,
} from './types.js';
