import { describe, expect, it } from 'vitest';
import { MAX_FILE_LINES, SRC_BUDGET, locReport } from './loc.js';

describe('loc', () => {
  it('sums code and test lines per src/ folder and passes within limits', () => {
    const { text, problems } = locReport([
      { path: 'src/nn/linear.ts', lines: 100, test: false },
      { path: 'src/nn/linear.test.ts', lines: 40, test: true },
      { path: 'src/index.ts', lines: 10, test: false },
      { path: 'cli/app.ts', lines: 50, test: false },
    ]);
    expect(text).toMatch(/src\/nn\s+100\s+40/);
    expect(text).toMatch(/src\/\(root\)\s+10\s+0/);
    expect(text).toContain(`src/ non-test total: 110 of ${SRC_BUDGET}`);
    expect(problems).toEqual([]);
  });

  it('fails on a long file or an exceeded src/ budget', () => {
    const { problems } = locReport([
      { path: 'experiments/x/experiment.ts', lines: MAX_FILE_LINES + 1, test: false },
      // 450-line files, one more than fits in the budget
      ...Array.from({ length: Math.floor(SRC_BUDGET / 450) + 1 }, (_, i) => ({ path: `src/m/f${i}.ts`, lines: 450, test: false })),
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('experiments/x/experiment.ts: 601 lines');
    expect(problems[1]).toContain(`src/: ${450 * (Math.floor(SRC_BUDGET / 450) + 1)} non-test lines`);
  });
});
