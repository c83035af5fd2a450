import { describe, expect, it } from 'vitest';
import { barPlot, escapeXml, formatTick, linePlot, niceTicks, plotSeries } from './svg-plot.js';

describe('svg-plot', () => {
  it('niceTicks picks 1-2-5 steps covering the range', () => {
    expect(niceTicks(0, 0.93, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-3, 7, 5)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(niceTicks(5, 5, 4).length).toBeGreaterThan(1);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });

  it('formatTick keeps labels short', () => {
    expect([formatTick(0), formatTick(0.25), formatTick(12000), formatTick(2e-5), formatTick(1 / 3)]).toEqual(['0', '0.25', '12k', '2e-5', '0.3333']);
  });

  it('line plot has axes, tick labels, axis labels, a legend and one path per series', () => {
    const svg = linePlot({ kind: 'line', x: [1, 2, 3, 4], ys: { train: [1, 0.5, 0.3, 0.2], 'test <a&b>': [1.1, 0.7, Number.NaN, 0.4] }, xLabel: 'epoch', yLabel: 'loss', title: 'Loss' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path d="M[^"]*" fill="none" stroke="#[0-9A-F]{6}" stroke-width/g)).toHaveLength(2);
    expect(svg).toContain('>epoch</text>');
    expect(svg).toContain('rotate(-90');
    expect(svg).toContain('>Loss</text>');
    expect(svg).toContain('class="legend"');
    expect(svg).toContain('test &lt;a&amp;b&gt;');
    expect(svg).not.toContain('NaN');
    // The NaN point breaks the second line into two segments.
    const second = svg.match(/<path d="([^"]*)"[^>]*stroke="#E69F00"/)?.[1] ?? '';
    expect(second.match(/M/g)).toHaveLength(2);
  });

  it('log y axis labels powers of ten', () => {
    const svg = linePlot({ kind: 'line', x: [0, 1, 2], ys: { l: [1, 0.1, 0.01] }, logY: true });
    expect(svg).toContain('>0.01</text>');
    expect(svg).toContain('>1</text>');
    expect(svg).not.toContain('class="legend"'); // one series: no legend
  });

  it('bar plot draws one rect per finite value and includes zero', () => {
    const svg = barPlot({ kind: 'bar', labels: ['MLP', 'CNN'], ys: { paper: [0.98, 0.99], ours: [0.97, -0.1] }, yLabel: 'accuracy' });
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(4);
    expect(svg).toContain('>MLP</text>');
    expect(svg).toContain('>0</text>');
    expect(plotSeries({ kind: 'bar', labels: ['a'], ys: { v: [1] } })).toContain('<rect');
  });

  it('escapeXml escapes markup and quotes', () => {
    expect(escapeXml(`<"a" & 'b'>`)).toBe('&lt;&quot;a&quot; &amp; &#39;b&#39;&gt;');
  });
});
