import pc from 'picocolors';

/** Colour functions, identities when colours are off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** The streams and environment the CLI talks to; tests and the bundle pass the real ones. */
export interface Terminal {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

/**
 * Whether to colour what goes to `stream`: `--no-color` and NO_COLOR turn colours off,
 * FORCE_COLOR (other than 0 or false) turns them on, and otherwise only a TTY gets them.
 */
export function shouldColor(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv,
  flag: boolean | undefined,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colour functions that are identities when colours are off. */
export function colorsFor(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Removes ANSI escape sequences, for width computations. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Lets the CLI finish when whoever reads its output goes away (`devsecops secrets | head -1`):
 * writes to a closed pipe are dropped instead of crashing the process, so reports are still
 * written and the exit code is still the verdict.
 */
export function ignoreClosedPipes(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}
