export type { JaErrorCode } from './errors.js';
export { JaError } from './errors.js';
export { readingMinutes } from './reading.js';
export { isCompleteSentence, leadExcerpt, splitSentences } from './sentences.js';
