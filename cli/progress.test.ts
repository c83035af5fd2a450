import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { createProgress, formatDuration } from './progress.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 200, write: (s: string) => chunks.push(s) };
}

describe('progress', () => {
  it('redraws a bar with rate and ETA on a TTY, throttled', () => {
    let t = 0;
    const s = stream(true);
    const p = createProgress(s, { now: () => t });
    p.start(100, 'train');
    for (let i = 0; i < 100; i++) {
      t += 10; // 100 steps/s; a redraw at most every 100 ms
      p.tick(1, { loss: 0.123456 });
    }
    p.done();
    expect(s.chunks.length).toBeLessThanOrEqual(14);
    const frame = s.chunks[5] as string;
    expect(frame.endsWith('\u001b[K')).toBe(true); // clear to end of line
    expect(frame.slice(0, -3)).toMatch(/^\rtrain \[#+\.+\] \d+% \d+\/100 100\/s ETA 0:0\d loss=0\.1235$/);
    expect(s.chunks.at(-1)).toBe('\n');
  });

  it('prints a few plain lines when not a TTY', () => {
    let t = 0;
    const s = stream(false);
    const p = createProgress(s, { now: () => t, lineMs: 1000 });
    p.start(1000, 'epoch 1');
    for (let i = 0; i < 1000; i++) {
      t += 10;
      p.tick();
    }
    p.done();
    expect(s.chunks.length).toBeLessThanOrEqual(11);
    expect(s.chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(s.chunks.at(-1)).toBe('epoch 1: done 1000/1000 in 0:10\n');
  });

  it('formats durations', () => {
    expect([formatDuration(5), formatDuration(65), formatDuration(3725), formatDuration(Number.NaN)]).toEqual(['0:05', '1:05', '1:02:05', '?']);
  });
});

describe('parseArgs', () => {
  it('parses commands, flags with = or a separate value, and repeated --set', () => {
    expect(parseArgs(['run', 'x', '--smoke', '--seed=3', '--set', 'a=1', '--set=b=2', '--out', 'o', '--resume'])).toEqual({
      command: 'run', positionals: ['x'], scale: 'smoke', seed: 3, sets: ['a=1', 'b=2'], out: 'o', resume: true, json: false, defectsOnly: false, grids: [], counts: {}, queue: undefined, controls: false, registry: undefined, checkFinite: false, allowLarge: false, help: false,
    });
    expect(parseArgs(['sweep', 'x', '--allow-large']).allowLarge).toBe(true);
    expect(() => parseArgs(['worker', '--allow-large'])).toThrow('neuromorph worker: unknown option');
    const sw = parseArgs(['sweep', 'x', '--grid', 'lr=0.1,0.2', '--grid=epochs=1,2', '--workers', '2', '--attempts=4', '--queue', 'redis://h:1', '--controls']);
    expect([sw.grids, sw.counts, sw.queue, sw.controls]).toEqual([['lr=0.1,0.2', 'epochs=1,2'], { workers: 2, attempts: 4 }, 'redis://h:1', true]);
    expect(parseArgs([]).help).toBe(true);
  });
  it('rejects bad input with the valid choices', () => {
    expect(() => parseArgs(['list', '--quick'])).toThrow('neuromorph list: unknown option, expected no options');
    expect(() => parseArgs(['run', 'x', '--quick', '--smoke'])).toThrow('conflicting scales');
    expect(() => parseArgs(['run', 'x', '--seed'])).toThrow('--seed needs a value');
    expect(() => parseArgs(['run', 'x', '--resume=yes'])).toThrow('--resume takes no value');
    expect(() => parseArgs(['sweep', 'x', '--workers', '0'])).toThrow('bad --workers, expected a positive integer');
    expect(() => parseArgs(['sweep', 'x', '--workers', '1.5'])).toThrow('bad --workers');
    expect(() => parseArgs(['run', 'x', '--workers', '2'])).toThrow('neuromorph run: unknown option');
    expect(() => parseArgs(['run', 'x', '--quik'])).toThrow('unknown option (did you mean --quick?)');
    expect(() => parseArgs(['statr'])).toThrow('unknown command (did you mean start?)');
    expect(parseArgs(['--version']).command).toBe('version');
    expect(parseArgs(['run', 'x', '--seed', '-3']).seed).toBe(-3);
  });
});
