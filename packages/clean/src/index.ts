export { cleanPost, createCleaner } from './clean.js';
export type {
  CleanOptions,
  CleanPost,
  CleanResult,
  Fix,
  QuarantineCode,
  QuarantineReason,
  Verdict,
} from './types.js';
