/**
 * The CLI's progress reporter: on a TTY a single redrawn bar with rate and ETA
 * (throttled to ~10 Hz); elsewhere (CI logs, pipes) a plain line every 10 %, at
 * most one per few seconds, so logs stay short.
 */
import type { ProgressReporter } from '../src/experiment/index.js';

/** Where progress goes: a stream-like object (stderr, or a test buffer). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Milliseconds clock (default `performance.now`). */
  readonly now?: () => number;
  /** Minimum ms between TTY redraws (default 100). */
  readonly redrawMs?: number;
  /** Minimum ms between non-TTY lines, besides the final one (default 3000). */
  readonly lineMs?: number;
}

/** `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

function formatInfo(info: Readonly<Record<string, number | string>> | string | undefined): string {
  if (info === undefined) return '';
  if (typeof info === 'string') return info;
  return Object.entries(info)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`)
    .join(' ');
}

/**
 * Creates a reporter that writes to `stream`.
 * @example
 * const progress = createProgress(process.stderr);
 * progress.start(100, 'epoch 1'); progress.tick(1, { loss: 0.4 }); progress.done();
 */
export function createProgress(stream: ProgressStream, options: ProgressOptions = {}): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const redrawMs = options.redrawMs ?? 100;
  const lineMs = options.lineMs ?? 3000;
  let total = 0;
  let label = '';
  let count = 0;
  let t0 = 0;
  let lastDraw = 0;
  let lastDecile = 0;
  let info = '';
  let active = false;

  const stats = (): string => {
    const elapsed = (now() - t0) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const eta = rate > 0 ? (total - count) / rate : NaN;
    const pct = total > 0 ? Math.min(100, Math.floor((100 * count) / total)) : 0;
    return `${pct}% ${count}/${total} ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(2)}/s ETA ${formatDuration(eta)}${info ? ` ${info}` : ''}`;
  };
  const drawBar = (): void => {
    const width = 24;
    const filled = total > 0 ? Math.round((width * Math.min(count, total)) / total) : 0;
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats()}`;
    const max = (stream.columns ?? 120) - 1;
    stream.write(`\r${line.length > max ? line.slice(0, max) : line}\x1b[K`);
    lastDraw = now();
  };

  return {
    start(n, name) {
      if (active && tty) stream.write('\n');
      total = Math.max(0, n);
      label = name;
      count = 0;
      info = '';
      t0 = now();
      lastDraw = t0; // non-TTY: the first line waits lineMs, so short phases print only their summary
      lastDecile = 0;
      active = true;
      if (tty) drawBar();
    },
    tick(n = 1, extra) {
      if (!active) return;
      count += n;
      if (extra !== undefined) info = formatInfo(extra);
      if (tty) {
        if (now() - lastDraw >= redrawMs) drawBar();
        return;
      }
      const decile = total > 0 ? Math.floor((10 * count) / total) : 0;
      if (decile > lastDecile && decile < 10 && now() - lastDraw >= lineMs) {
        lastDecile = decile;
        stream.write(`${label}: ${stats()}\n`);
        lastDraw = now();
      }
    },
    done() {
      if (!active) return;
      active = false;
      if (tty) {
        drawBar();
        stream.write('\n');
        return;
      }
      const elapsed = (now() - t0) / 1000;
      stream.write(`${label}: done ${count}/${total} in ${formatDuration(elapsed)}${info ? ` ${info}` : ''}\n`);
    },
  };
}
