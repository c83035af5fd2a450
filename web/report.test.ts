import { describe, expect, it } from 'vitest';
import type { ResultRecord } from '../src/experiment/index.js';
import { formatNumber, renderReport } from './report.js';

const record: ResultRecord = {
  schemaVersion: 2,
  id: 'mlp-mnist',
  paper: { title: 'Gradient-based learning', authors: 'LeCun et al.', year: 1998, url: 'https://doi.org/10.1109/5.726791' },
  description: 'An MLP on MNIST.',
  scale: 'quick',
  config: { epochs: 2, hidden: [128] },
  seed: 0,
  gitCommit: 'a'.repeat(40),
  packageVersion: '0.1.0',
  nodeVersion: 'v20.0.0',
  startedAt: '2024-01-01T00:00:00.000Z',
  wallTimeS: 12.5,
  metrics: { testAccuracy: 0.9612, nan: null },
  series: { acc: { kind: 'line', x: [1, 2], ys: { test: [0.9, 0.96] }, xLabel: 'epoch', yLabel: 'accuracy' } },
  claims: [
    { metric: 'testAccuracy', kind: 'effect', op: '>=', value: 0.95, measured: 0.9612, n: 3, std: 0.001, ci: [0.9587, 0.9637], interval: 't', paper: { value: 0.953, where: 'Fig. 9' }, met: true, controls: [{ name: 'untrained', met: false, n: 3, mean: 0.1, ci: [0.09, 0.11] }] },
    { metric: 'trainLoss', kind: 'effect', op: '<=', value: 0.1, measured: null, n: 0, std: null, ci: null, interval: 't', paper: null, met: false, note: 'not reported' },
  ],
};

describe('renderReport', () => {
  it('renders a self-contained page: summary table, plots, config and run info', () => {
    const html = renderReport([record, { ...record, id: 'crashy', error: 'boom <x>', series: {}, metrics: {}, claims: [] }], { generatedAt: 'now' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('1 of 2 effect claims reproduced (met, and broken by every control) · 1 met · 0 held under a control (defects) · 0 of 0 facts hold across 2 experiments');
    expect(html).toContain('<td class="met">reproduced</td>');
    expect(html).toContain('<td class="missed">missed</td>');
    expect(html).toContain('<td>0.953 (Fig. 9)</td><td class="num">0.9612 [0.9587, 0.9637] (n=3, t)</td><td class="num">+0.0082, ×1.009</td>');
    expect(html).toContain('untrained: broke (0.1)');
    expect(html).toContain('<svg');
    expect(html).toContain('LeCun et al., 1998');
    expect(html).toContain('crashed: boom &lt;x&gt;');
    expect(html).toContain('<th>hidden</th><td>128</td>');
    expect(html).toContain('a'.repeat(40));
    expect(html.indexOf('id="crashy"')).toBeLessThan(html.indexOf('id="mlp-mnist"'));
    expect(html).not.toMatch(/<script|<link|@import|src=/);
  });

  it('renders an empty page and formats numbers', () => {
    expect(renderReport([])).toContain('No results yet');
    expect([formatNumber(null), formatNumber(3), formatNumber(0.123456), formatNumber(1e-5)]).toEqual(['—', '3', '0.1235', '1.000e-5']);
  });
});
