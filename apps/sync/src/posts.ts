import { type CleanResult, createCleaner } from '@kiji/clean';
import { readPosts, type SourcePost } from '@kiji/jekyll';

export interface LoadedPost {
  readonly path: string;
  readonly source: SourcePost;
  readonly result: CleanResult;
}

/** A file that could not be read, parsed or cleaned; the rest of the batch goes on. */
export interface LoadError {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

export interface Loaded {
  readonly posts: LoadedPost[];
  readonly errors: LoadError[];
  /** Every path in the reader's stable (sorted) order, good and bad alike. */
  readonly order: string[];
}

let cleaner: Promise<(post: SourcePost) => CleanResult> | undefined;

/** Reads and cleans posts in stable path order; the cleaner (slug dictionary) loads once per process. */
export async function loadPosts(inputs: readonly string[]): Promise<Loaded> {
  cleaner ??= createCleaner();
  const clean = await cleaner;
  const posts: LoadedPost[] = [];
  const errors: LoadError[] = [];
  const order: string[] = [];
  for await (const read of readPosts(inputs)) {
    order.push(read.path);
    if (!read.ok) {
      errors.push({ path: read.path, message: read.error.message, code: read.error.code });
      continue;
    }
    try {
      posts.push({ path: read.path, source: read.post, result: clean(read.post) });
    } catch (error) {
      errors.push({
        path: read.path,
        code: 'clean-failed',
        message: `${read.path}: cleaning failed: ${(error as Error).message}. Please report this post.`,
      });
    }
  }
  return { posts, errors, order };
}
