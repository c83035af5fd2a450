import { describe, expect, it } from 'vitest';
import { FOLDER_SOFT_LINES, MAX_FILE_LINES, REVIEW_FILE_LINES, locReport } from './loc.js';

describe('loc', () => {
  it('sums code and test lines per src/ folder and passes within limits', () => {
    const { text, problems, warnings } = locReport([
      { path: 'src/nn/linear.ts', lines: 100, test: false },
      { path: 'src/nn/linear.test.ts', lines: 40, test: true },
      { path: 'src/index.ts', lines: 10, test: false },
      { path: 'cli/app.ts', lines: 50, test: false },
    ]);
    expect(text).toMatch(/src\/nn\s+100\s+40/);
    expect(text).toMatch(/src\/\(root\)\s+10\s+0/);
    expect(text).toContain('src/ non-test total: 110');
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('fails on a long file only; warns on a file past review size and on a crowded folder', () => {
    const many = Math.floor(FOLDER_SOFT_LINES / 300) + 1;
    const { problems, warnings } = locReport([
      { path: 'experiments/x/experiment.ts', lines: MAX_FILE_LINES + 1, test: false },
      { path: 'src/a/big.ts', lines: REVIEW_FILE_LINES + 1, test: false },
      // one folder past the soft limit in 300-line files; its tests do not count, nor does a subfolder
      ...Array.from({ length: many }, (_, i) => ({ path: `src/m/f${i}.ts`, lines: 300, test: false })),
      { path: 'src/m/f.test.ts', lines: 300, test: true },
      { path: 'src/m/sub/g.ts', lines: 300, test: false },
    ]);
    expect(problems).toEqual([`experiments/x/experiment.ts: ${MAX_FILE_LINES + 1} lines, expected at most ${MAX_FILE_LINES}`]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`src/a/big.ts: ${REVIEW_FILE_LINES + 1} lines`);
    expect(warnings[1]).toContain(`src/m/: ${300 * many} non-test lines`);
  });
});
