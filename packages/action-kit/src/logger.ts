/** What library code logs through, so the same code serves the runner, the CLI and tests. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, annotation?: AnnotationProperties): void;
  error(message: string, annotation?: AnnotationProperties): void;
  notice(message: string, annotation?: AnnotationProperties): void;
  /** Runs `fn` inside a collapsible group (runner) or under a heading (console). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Where an annotation points. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

/** Options of {@link createConsoleLogger}. */
export interface ConsoleLoggerOptions {
  verbose?: boolean;
  /** Where informational lines go; defaults to standard error, keeping stdout for data. */
  out?: NodeJS.WritableStream;
}

/** Logs to the console for the CLI: info to stderr, debug only when verbose. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const out = options.out ?? process.stderr;
  const write = (line: string) => out.write(line + '\n');
  const where = (a?: AnnotationProperties) =>
    a?.file ? ` (${a.file}${a.startLine ? `:${a.startLine}` : ''})` : '';
  return {
    debug: (m) => {
      if (options.verbose) write(`debug: ${m}`);
    },
    info: write,
    warning: (m, a) => write(`warning: ${m}${where(a)}`),
    error: (m, a) => write(`error: ${m}${where(a)}`),
    notice: (m, a) => write(`notice: ${m}${where(a)}`),
    group: async (name, fn) => {
      if (options.verbose) write(`== ${name}`);
      return fn();
    },
  };
}

/** A logger that keeps every line, for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    group: async (_name, fn) => fn(),
  };
}
