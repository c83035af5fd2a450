/**
 * The `netlistCircuit` factory: netlist text → a simulator object, with its config,
 * plus output helpers (CSV / JSON, fluxon counting on a recorded phase trace).
 */
import { ConfigError, createRng, type Rng } from '../util/index.js';
import { elaborate, type FlatCircuit } from './elaborate.js';
import { parseNetlist, type Netlist, type ParseOptions } from './netlist.js';
import type { FluxonRecord, SampleSink } from './record.js';
import { transient, type SimResult } from './transient.js';

/** Solver settings; the netlist's `.tran`, `.temp` and `.neb` take precedence over the fallbacks. */
export interface CircuitConfig {
  /** Step (ps) when the netlist has no `.tran`. */
  readonly dtPs: number;
  /** Stop time (ps) when the netlist has no `.tran`. */
  readonly stopPs: number;
  /** Noise temperature (K) when the netlist has no `.temp`; 0 = noiseless. */
  readonly tempK: number;
  /** Noise bandwidth (GHz) when the netlist has no `.neb`. */
  readonly nebGhz: number;
  /** Predictor guard (rad): a larger jump of a junction's predicted phase restarts the run at h/2. */
  readonly restartJumpRad: number;
  /** Halvings of the step before giving up. */
  readonly maxRestarts: number;
  /** Leading fraction of steps not guarded (start-up transients). */
  readonly warmupFraction: number;
  /** Also record every junction's phase as a trace. */
  readonly recordJunctions: boolean;
}

/** Defaults of {@link CircuitConfig}. */
export const CIRCUIT_DEFAULTS: CircuitConfig = Object.freeze({
  // JoSIM's default step: SFQ pulses are ~2 ps wide, so 8 steps per pulse.
  dtPs: 0.25,
  // One nanosecond holds a few SFQ operations at tens of GHz.
  stopPs: 1000,
  // JoSIM adds noise only when .temp is given; keep that default (deterministic).
  tempK: 0,
  // JoSIM's default noise bandwidth, 1 THz: samples every 1 ps, σ ≈ 4.7 µA for 5.23 Ω at 4.2 K.
  nebGhz: 1000,
  // JoSIM's guard: 0.2·2π per step; SFQ switching at h = 0.25 ps moves ≈ 0.8 rad per step.
  restartJumpRad: 0.2 * 2 * Math.PI,
  // Down to h/16: a netlist that needs more is likely mis-specified.
  maxRestarts: 4,
  // JoSIM checks the guard after the first 1 % of steps (bias ramps may start abruptly).
  warmupFraction: 0.01,
  // Off: .print requests choose the output; the fluxon counter sees every junction anyway.
  recordJunctions: false,
});

/** Per-run overrides of {@link NetlistCircuit.simulate}. */
export interface CircuitSimulateOptions {
  readonly dtPs?: number;
  readonly stopPs?: number;
  readonly tempK?: number;
  /** Seed of the noise streams (default 0); ignored when `rng` is given. */
  readonly seed?: number;
  readonly rng?: Rng;
  readonly recordJunctions?: boolean;
  /** Most time steps (default 10⁷); past it the run is refused before it starts (LimitError). */
  readonly maxSteps?: number;
  /** Most recorded values, samples × traces (default 2·10⁷). */
  readonly maxRecorded?: number;
  /** Keep every this many print steps (default 1). */
  readonly every?: number;
  /** Streams samples to this sink instead of memory (the result's traces are then empty). */
  readonly sink?: SampleSink;
  /** Most nonzeros of the sparse LU factors (default 5·10⁷). */
  readonly maxLuNonzeros?: number;
}

/** A parsed, elaborated circuit ready to simulate. */
export interface NetlistCircuit {
  readonly config: CircuitConfig;
  readonly netlist: Netlist;
  readonly flat: FlatCircuit;
  /** Junction names (lower-case, hierarchical). */
  readonly junctions: readonly string[];
  /** Runs a transient analysis. */
  simulate(opts?: CircuitSimulateOptions): SimResult;
}

function check(cfg: CircuitConfig): void {
  const pos = (k: keyof CircuitConfig, v: number, min = 0, strict = true): void => {
    if (!(Number.isFinite(v) && (strict ? v > min : v >= min))) throw new ConfigError(`netlistCircuit.config.${k}`, { what: 'out of range', expected: `a finite number ${strict ? '>' : '>='} ${min}`, received: v });
  };
  pos('dtPs', cfg.dtPs);
  pos('stopPs', cfg.stopPs);
  pos('tempK', cfg.tempK, 0, false);
  pos('nebGhz', cfg.nebGhz);
  pos('restartJumpRad', cfg.restartJumpRad);
  pos('maxRestarts', cfg.maxRestarts, 0, false);
  pos('warmupFraction', cfg.warmupFraction, 0, false);
}

/**
 * Builds a simulator from a JoSIM / WRspice netlist.
 * @param netlist netlist text or a parsed {@link Netlist}.
 * @param config solver settings (fallbacks for what the netlist leaves out).
 * @param parse parser options (file name for errors, `.include` reader).
 * @throws ParseError (line and column) for a bad netlist; ConfigError for a bad config.
 * @see https://arxiv.org/abs/2311.10721
 * @example
 * const jtl = netlistCircuit('B1 1 0 jj1 area=1\nR1 1 0 4\nI1 0 1 pwl(0 0 10p 150u)\n.model jj1 jj(icrit=0.1mA)\n.tran 0.25p 100p');
 * const res = jtl.simulate();
 */
export function netlistCircuit(netlist: string | Netlist, config: Partial<CircuitConfig> = {}, parse: ParseOptions = {}): NetlistCircuit {
  const cfg: CircuitConfig = Object.freeze({ ...CIRCUIT_DEFAULTS, ...config });
  check(cfg);
  const net = typeof netlist === 'string' ? parseNetlist(netlist, parse) : netlist;
  const flat = elaborate(net);
  const junctions = flat.elements.filter((e) => e.type === 'B').map((e) => e.name);
  return {
    config: cfg,
    netlist: net,
    flat,
    junctions,
    simulate(opts: CircuitSimulateOptions = {}): SimResult {
      const tr = flat.tran;
      const dtS = opts.dtPs !== undefined ? opts.dtPs * 1e-12 : (tr?.stepS ?? cfg.dtPs * 1e-12);
      const tempK = opts.tempK ?? flat.tempK ?? cfg.tempK;
      return transient(flat, {
        dtS,
        stopS: opts.stopPs !== undefined ? opts.stopPs * 1e-12 : (tr?.stopS ?? cfg.stopPs * 1e-12),
        startS: tr?.startS ?? 0,
        printStepS: opts.dtPs !== undefined ? dtS : (tr?.printStepS ?? dtS),
        tempK,
        nebHz: flat.nebHz ?? cfg.nebGhz * 1e9,
        ...(tempK > 0 || flat.elements.some((e) => (e.tempK ?? 0) > 0) ? { rng: opts.rng ?? createRng(opts.seed ?? 0) } : {}),
        restartJumpRad: cfg.restartJumpRad,
        maxRestarts: cfg.maxRestarts,
        warmupFraction: cfg.warmupFraction,
        recordJunctions: opts.recordJunctions ?? cfg.recordJunctions,
        ...(opts.maxSteps !== undefined && { maxSteps: opts.maxSteps }),
        ...(opts.maxRecorded !== undefined && { maxRecorded: opts.maxRecorded }),
        ...(opts.every !== undefined && { every: opts.every }),
        ...(opts.sink !== undefined && { sink: opts.sink }),
        ...(opts.maxLuNonzeros !== undefined && { maxLuNonzeros: opts.maxLuNonzeros }),
      });
    },
  };
}

/**
 * Counts 2π slips in a recorded phase trace (crossings of π mod 2π).
 * @param timeS sample times (s); @param phaseRad the phase (rad), same length.
 * @returns net count and forward/backward slip times.
 * @example
 * countFluxons([0, 1, 2], [0, 4, 7]); // { count: 1, timesS: [1], reverseTimesS: [] }
 */
export function countFluxons(timeS: ArrayLike<number>, phaseRad: ArrayLike<number>): Omit<FluxonRecord, 'junction'> {
  const level = (p: number): number => Math.floor((p + Math.PI) / (2 * Math.PI));
  const timesS: number[] = [];
  const reverseTimesS: number[] = [];
  let l = phaseRad.length ? level(phaseRad[0]!) : 0;
  const l0 = l;
  for (let i = 1; i < phaseRad.length; i++) {
    const k = level(phaseRad[i]!);
    for (; l < k; l++) timesS.push(timeS[i]!);
    for (; l > k; l--) reverseTimesS.push(timeS[i]!);
  }
  return { count: l - l0, timesS, reverseTimesS };
}

/** The result as CSV: a `time` column (s) then one column per trace, JoSIM's layout. */
export function resultToCsv(res: SimResult): string {
  const head = ['time', ...res.traces.map((t) => t.label)].join(',');
  const rows: string[] = [head];
  for (let i = 0; i < res.timeS.length; i++) rows.push([res.timeS[i]!, ...res.traces.map((t) => t.values[i]!)].map((v) => v.toExponential(9)).join(','));
  return `${rows.join('\n')}\n`;
}

/** The result as a JSON-able object: time (s), traces by label, fluxons, step, restarts. */
export function resultToJson(res: SimResult): { dtS: number; restarts: number; timeS: number[]; traces: Record<string, { unit: string; values: number[] }>; fluxons: FluxonRecord[] } {
  const traces: Record<string, { unit: string; values: number[] }> = {};
  for (const t of res.traces) traces[t.label] = { unit: t.unit, values: Array.from(t.values) };
  return { dtS: res.dtS, restarts: res.restarts, timeS: Array.from(res.timeS), traces, fluxons: [...res.fluxons] };
}
