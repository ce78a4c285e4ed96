import type { Logger } from '@devsecops/action-kit';
import { createProgress, type Progress } from './progress.js';
import { colorsFor, shouldColor, type Colors, type Terminal } from './terminal.js';

/** Options every stage command takes. */
export interface CommonOptions {
  sarif?: string;
  json?: string;
  failOn?: string;
  config?: string;
  quiet?: boolean;
  verbose?: boolean;
  /** False with `--no-color`. */
  color?: boolean;
}

/** What a command's action needs besides its options: output, logging and progress. */
export interface CliContext {
  term: Terminal;
  logger: Logger;
  /** Colours for standard output. */
  colors: Colors;
  quiet: boolean;
  verbose: boolean;
  /** Writes a line to standard output. */
  print(line: string): void;
  /** A progress bar on standard error, drawn only on a TTY and never when quiet. */
  progress(unit: string): Progress;
}

/** Builds the context from the common options. */
export function createContext(term: Terminal, options: CommonOptions): CliContext {
  const quiet = options.quiet === true;
  const verbose = options.verbose === true && !quiet;
  const errColors = colorsFor(shouldColor(term.stderr, term.env, options.color));
  const colors = colorsFor(shouldColor(term.stdout, term.env, options.color));
  const write = (line: string) => term.stderr.write(line + '\n');
  const where = (a?: { file?: string; startLine?: number }) =>
    a?.file ? ` (${a.file}${a.startLine ? `:${a.startLine}` : ''})` : '';
  const logger: Logger = {
    debug: (m) => {
      if (verbose) write(errColors.dim(`debug: ${m}`));
    },
    info: (m) => {
      if (!quiet) write(m);
    },
    notice: (m, a) => {
      if (!quiet) write(`${errColors.cyan('notice:')} ${m}${where(a)}`);
    },
    warning: (m, a) => write(`${errColors.yellow('warning:')} ${m}${where(a)}`),
    error: (m, a) => write(`${errColors.red('error:')} ${m}${where(a)}`),
    group: async (name, fn) => {
      if (verbose) write(errColors.bold(`== ${name}`));
      return fn();
    },
  };
  return {
    term,
    logger,
    colors,
    quiet,
    verbose,
    print: (line) => term.stdout.write(line + '\n'),
    progress: (unit) =>
      quiet
        ? { update: () => undefined, stop: () => undefined }
        : createProgress(term.stderr, { unit }),
  };
}
