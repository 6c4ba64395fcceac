// mjml 5 ships no type declarations; only what @kiji/digest calls is declared.
declare module 'mjml' {
  interface MjmlValidationError {
    line: number;
    message: string;
    tagName: string;
    formattedMessage: string;
  }
  interface MjmlOptions {
    validationLevel?: 'strict' | 'soft' | 'skip';
    minify?: boolean;
    keepComments?: boolean;
    minifyOptions?: { minifyCss?: false | object };
    filePath?: string;
    fonts?: Record<string, string>;
  }
  export default function mjml2html(
    mjml: string,
    options?: MjmlOptions,
  ): Promise<{ html: string; errors: MjmlValidationError[] }>;
}
