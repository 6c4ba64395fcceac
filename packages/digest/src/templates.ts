import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { DigestError } from './errors.js';

/** The templates shipped with the package; a user's templates dir overrides them file by file. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

const MAIN_MJML = 'digest.mjml.hbs';
const MAIN_TEXT = 'digest.txt.hbs';

type Render = (data: object, options?: Handlebars.RuntimeOptions) => string;

export interface CompiledTemplates {
  readonly mjmlFile: string;
  readonly mjml: Render;
  readonly text: Render;
  /** Which template file and line produced a line of the rendered MJML (partials followed). */
  locate(data: object, renderedLine: number): { file: string; line: number };
}

// Control characters never occur in rendered templates, and carry no newline, so a traced render
// has exactly the lines of the real one.
const OPEN = '\u0000';
const SEP = '\u0001';
const CLOSE = '\u0002';

/** Reads and compiles every template up front, so syntax errors surface before anything is sent. */
export async function loadTemplates(templatesDir?: string): Promise<CompiledTemplates> {
  const dirs = templatesDir ? [templatesDir, DEFAULT_TEMPLATES_DIR] : [DEFAULT_TEMPLATES_DIR];
  const pick = async (name: string): Promise<{ file: string; source: string }> => {
    for (const dir of dirs) {
      const file = join(dir, name);
      try {
        return { file, source: await readFile(file, 'utf8') };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw readError(file, error);
      }
    }
    throw new DigestError('template-missing', `template ${name} not found`, {
      file: join(dirs[0]!, name),
      hint: 'Add the file to the templates dir or remove it from the config to use the default.',
    });
  };

  // Two environments: HTML-escaping for the MJML, none for the plain-text part.
  const html = Handlebars.create();
  const text = Handlebars.create();
  const partialNames = new Set<string>();
  // Only while locating an MJML error: partials wrap their output in markers naming their file.
  let tracing = false;
  const traced: string[] = [];
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = await readdir(join(dir, 'partials'));
    } catch {
      continue;
    }
    for (const entry of entries.sort()) {
      if (!entry.endsWith('.mjml.hbs')) continue;
      const name = basename(entry, '.mjml.hbs');
      if (partialNames.has(name)) continue;
      partialNames.add(name);
      const file = join(dir, 'partials', entry);
      const source = await readFile(file, 'utf8').catch((e: unknown) => {
        throw readError(file, e);
      });
      const render = compile(html, file, source, false);
      html.registerPartial(name, (context: object, options?: Handlebars.RuntimeOptions) => {
        const out = render(context, options);
        if (!tracing) return out;
        traced.push(file);
        return `${OPEN}${traced.length - 1}${SEP}${out}${CLOSE}`;
      });
    }
  }
  const mjmlMain = await pick(MAIN_MJML);
  const textMain = await pick(MAIN_TEXT);
  const mjml = compile(html, mjmlMain.file, mjmlMain.source, false);
  return {
    mjmlFile: mjmlMain.file,
    mjml,
    text: compile(text, textMain.file, textMain.source, true),
    locate(data, renderedLine) {
      tracing = true;
      traced.length = 0;
      let out: string;
      try {
        out = mjml(data);
      } finally {
        tracing = false;
      }
      return locateLine(out, renderedLine, mjmlMain.file, traced);
    },
  };
}

/**
 * Walks a traced render to the start of `target`, keeping a stack of open partials. The line in
 * the innermost one is the rendered line minus where its output began, minus the extra lines its
 * own nested partials produced (each stood on one template line). `{{#each}}` blocks inside a
 * partial can still shift the figure; the rendered MJML is written out for that case.
 */
function locateLine(out: string, target: number, mainFile: string, files: readonly string[]) {
  const stack: { file: string; start: number; nested: number }[] = [{ file: mainFile, start: 1, nested: 0 }];
  let line = 1;
  for (let i = 0; i < out.length && line < target; i++) {
    const c = out[i];
    if (c === '\n') line++;
    else if (c === OPEN) {
      const end = out.indexOf(SEP, i);
      stack.push({ file: files[Number(out.slice(i + 1, end))] ?? mainFile, start: line, nested: 0 });
      i = end;
    } else if (c === CLOSE && stack.length > 1) {
      const done = stack.pop()!;
      stack[stack.length - 1]!.nested += line - done.start;
    }
  }
  const top = stack[stack.length - 1]!;
  return { file: top.file, line: Math.max(1, target - top.start - top.nested + 1) };
}

/** Compiles eagerly and tags runtime errors with the file they came from (innermost partial wins). */
function compile(env: typeof Handlebars, file: string, source: string, noEscape: boolean): Render {
  let template: Handlebars.TemplateDelegate;
  try {
    env.precompile(source, { strict: true });
    template = env.compile(source, { strict: true, noEscape });
  } catch (cause) {
    throw templateError('template-syntax', file, cause);
  }
  return (data: object, options?: Handlebars.RuntimeOptions) => {
    try {
      return template(data, options);
    } catch (cause) {
      if (cause instanceof DigestError) throw cause;
      throw templateError('template-data', file, cause);
    }
  };
}

function templateError(code: 'template-syntax' | 'template-data', file: string, cause: unknown): DigestError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const lineProp = (cause as { lineNumber?: unknown } | null)?.lineNumber;
  const line =
    typeof lineProp === 'number' ? lineProp : Number(/on line (\d+)/.exec(message)?.[1] ?? Number.NaN);
  const first = message.split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  return new DigestError(
    code,
    code === 'template-syntax' ? `template syntax error: ${first}` : `template data error: ${first}`,
    {
      file,
      line: Number.isFinite(line) ? line : undefined,
      hint:
        code === 'template-syntax'
          ? 'Fix the Handlebars syntax at that line.'
          : 'Templates run in strict mode: use only the fields documented in the @kiji/digest README.',
      cause,
    },
  );
}

function readError(file: string, cause: unknown): DigestError {
  return new DigestError('template-missing', 'cannot read template', {
    file,
    hint: 'Check the templates dir path and its permissions.',
    cause,
  });
}
