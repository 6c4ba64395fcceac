// The parts of @tryghost/admin-api (untyped CommonJS) the tests use.
declare module '@tryghost/admin-api' {
  export interface AdminPost {
    readonly id: string;
    readonly slug: string;
    readonly title: string;
    readonly status: string;
    readonly html?: string;
    readonly updated_at: string;
  }
  export default class GhostAdminAPI {
    constructor(options: { url: string; key: string; version: string });
    readonly posts: {
      add(data: Record<string, unknown>, options?: Record<string, unknown>): Promise<AdminPost>;
      read(data: { id: string } | { slug: string }, options?: Record<string, unknown>): Promise<AdminPost>;
      browse(options?: Record<string, unknown>): Promise<AdminPost[]>;
    };
    readonly site: { read(): Promise<{ version: string; title: string }> };
  }
}
