import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../src/util/index.js';
import { BENCH_CASES, parseBenchArgs } from './args.js';

describe('parseBenchArgs', () => {
  it('runs every case as a table by default', () => {
    expect(parseBenchArgs([])).toEqual({ cases: BENCH_CASES, output: 'table', help: false });
  });

  it('takes --only as a comma list, repeatable, in table order without duplicates', () => {
    expect(parseBenchArgs(['--only', 'rnn_step,gemm_512', '--json']).cases).toEqual(['gemm_512', 'rnn_step']);
    expect(parseBenchArgs(['--only=dynamics', '--only', 'cuba, gemm_512,', '--only', 'cuba']).cases).toEqual(['gemm_512', 'cuba', 'dynamics']);
    expect(parseBenchArgs(['--json']).output).toBe('json');
    expect(parseBenchArgs(['-h']).help).toBe(true);
  });

  it('rejects an unknown case and lists the valid names', () => {
    const parse = (): unknown => parseBenchArgs(['--only', 'gemm_512,gemm_1024']);
    expect(parse).toThrow(ArgumentError);
    expect(parse).toThrow(`bench --only: unknown case, expected one of ${BENCH_CASES.join(', ')}, received "gemm_1024"`);
    expect(() => parseBenchArgs(['--only', ','])).toThrow('bench --only: no case named');
  });

  it('rejects unknown flags, a missing value and positionals', () => {
    expect(() => parseBenchArgs(['--jsn'])).toThrow(ArgumentError);
    expect(() => parseBenchArgs(['--only'])).toThrow(ArgumentError);
    expect(() => parseBenchArgs(['gemm_512'])).toThrow(ArgumentError);
    expect(() => parseBenchArgs(['--json=yes'])).toThrow(ArgumentError);
  });
});
