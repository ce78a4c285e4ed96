/** A one-line progress bar on a TTY; silent elsewhere and on short work. */
export interface Progress {
  /** Reports `done` of `total` (total unknown: a counter instead of a bar). */
  update(done: number, total?: number): void;
  /** Clears the bar's line. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is counted, e.g. `files`. */
  unit: string;
  /** Nothing is drawn before this many milliseconds have passed: short work stays quiet. */
  delayMs?: number;
  now?: () => number;
}

const WIDTH = 24;

/** A progress bar that draws on `stream` only when it is a TTY. */
export function createProgress(stream: NodeJS.WriteStream, options: ProgressOptions): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delayMs ?? 400;
  let lastDraw = 0;
  let drawn = false;

  return {
    update(done, total) {
      const t = now();
      // Redraw at most ten times a second, and only once the work has proved long.
      if (t - started < delay || t - lastDraw < 100) return;
      lastDraw = t;
      drawn = true;
      let line: string;
      if (total !== undefined && total > 0) {
        const ratio = Math.min(1, done / total);
        const filled = Math.round(ratio * WIDTH);
        line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} ${options.unit}`;
      } else {
        line = `${done} ${options.unit}…`;
      }
      stream.write(`\r${line}\u001b[K`);
    },
    stop() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}
