export type { JaErrorCode } from './errors.js';
export { JaError } from './errors.js';
export { readingMinutes } from './reading.js';
export { romanize } from './romaji.js';
export { isCompleteSentence, leadExcerpt, splitSentences } from './sentences.js';
export { createSlugifier, slugify } from './slug.js';
