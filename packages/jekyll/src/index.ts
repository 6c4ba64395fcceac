export { PostParseError } from './errors.js';
export { type ParseResult, parsePost } from './parse.js';
export { type ReadPostsOptions, type ReadResult, readPosts } from './read.js';
export type {
  ParseWarning,
  ParseWarningCode,
  PostDate,
  PostParseErrorCode,
  SourcePost,
} from './types.js';
