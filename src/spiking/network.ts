/**
 * A PyNN-style network description: populations of cells or spike sources,
 * projections between them (connector, weight, delay, receptor, optional STDP
 * and synaptic scaling). `build(rng)` compiles it into a {@link Simulator}.
 *
 * Conventions (sPyNNaker's): weights are non-negative magnitudes and the
 * receptor ('excitatory' | 'inhibitory') sets their sign; units follow the
 * target cell type (mV for IF_curr_delta, nA for IF_curr_exp, µS for IF_cond_exp).
 */
import { ArgumentError, LimitError, type Rng } from '../util/index.js';
import type { CellParams } from './cells.js';
import type { Connector } from './connectors.js';
import type { SourceParams } from './sources.js';
import { stdp as makeStdp, synapticScaling, type StdpConfig, type SynapticScaling } from './stdp.js';
import { Simulator } from './simulator.js';
import type { PopulationRef, PopulationSpec, ProjectionSpec, Receptor } from './spec.js';

export type { PopulationSpec, ProjectionSpec, Receptor } from './spec.js';

/** Options of {@link NetworkBuilder.projection}. */
export interface ProjectionOptions {
  /** Weight of every synapse, or [low, high] drawn uniformly per synapse (fromList entries may override). */
  readonly weight?: number | readonly [number, number];
  /** Synaptic delay (ms), rounded to steps, at least one step. */
  readonly delayMs?: number;
  readonly receptor?: Receptor;
  /** Pair-based STDP rule (see `stdp`); null/absent = static synapses. */
  readonly plasticity?: Partial<StdpConfig> | null;
  /** Synaptic scaling of the plastic weights (needs `plasticity`). */
  readonly scaling?: Partial<SynapticScaling> | null;
  readonly label?: string;
}

/** A handle to a population (its index) with its size. */
export type { PopulationRef } from './spec.js';

/** Builds a network; see {@link network}. */
export class NetworkBuilder {
  readonly dtMs: number;
  readonly populations: PopulationSpec[] = [];
  readonly projections: ProjectionSpec[] = [];
  readonly limits: { readonly maxNeurons: number; readonly maxSynapses: number };

  constructor(dtMs: number, limits: { readonly maxNeurons: number; readonly maxSynapses: number } = NETWORK_LIMITS) {
    this.dtMs = dtMs;
    this.limits = limits;
  }

  /** Adds a population of `size` cells or sources. */
  population(size: number, params: CellParams | SourceParams, label?: string): PopulationRef {
    if (!Number.isInteger(size) || size < 1) throw new ArgumentError('network.population(size)', { what: 'bad population size', expected: 'an integer >= 1', received: size });
    const id = this.populations.length;
    this.populations.push(Object.freeze({ id, label: label ?? `pop${id}`, size, params }));
    return { id, size };
  }

  /** Adds a projection from `pre` to `post` (a cell population). Returns its id. */
  projection(pre: PopulationRef, post: PopulationRef, connector: Connector, opts: ProjectionOptions = {}): number {
    const where = 'network.projection';
    const target = this.populations[post.id];
    if (!target || !this.populations[pre.id]) throw new ArgumentError(where, { what: 'unknown population', expected: `ids < ${this.populations.length}`, received: [pre.id, post.id] });
    if (!('cmNf' in target.params)) throw new ArgumentError(`${where}(post)`, { what: 'a projection must target cells', expected: 'a cell population', received: target.params.model });
    const weight = opts.weight ?? 0;
    const ws = typeof weight === 'number' ? [weight] : weight;
    if (ws.some((w) => !Number.isFinite(w) || w < 0)) throw new ArgumentError(`${where}.weight`, { what: 'weights are non-negative magnitudes (the receptor sets the sign)', expected: '>= 0', received: weight });
    const plasticity = opts.plasticity ? makeStdp(opts.plasticity) : null;
    if (opts.scaling && !plasticity) throw new ArgumentError(`${where}.scaling`, { what: 'synaptic scaling acts on plastic projections', expected: 'plasticity set', received: 'static' });
    const id = this.projections.length;
    this.projections.push(
      Object.freeze({
        id,
        label: opts.label ?? `proj${id}`,
        pre: pre.id,
        post: post.id,
        connector,
        weight,
        delayMs: opts.delayMs ?? this.dtMs,
        receptor: opts.receptor ?? 'excitatory',
        plasticity,
        scaling: opts.scaling ? synapticScaling(opts.scaling) : null,
      }),
    );
    return id;
  }

  /**
   * Compiles the network. Connectivity, initial weights and Poisson draws come from `rng`.
   * @throws LimitError, before anything is allocated, when the neurons or the (expected) synapses
   *   pass the limits given to {@link network}.
   */
  build(rng: Rng): Simulator {
    const neurons = this.populations.reduce((a, p) => a + p.size, 0);
    if (neurons > this.limits.maxNeurons) throw new LimitError('network.build', { what: 'neurons in all populations', limit: this.limits.maxNeurons, requested: neurons, raise: 'network({ maxNeurons })' });
    const synapses = this.projections.reduce((a, q) => a + synapseCount(q.connector, this.populations[q.pre]!.size, this.populations[q.post]!.size), 0);
    if (synapses > this.limits.maxSynapses) {
      throw new LimitError('network.build', { what: 'synapses (expected, over all projections: pre × post for all-to-all, × p for fixed probability)', limit: this.limits.maxSynapses, requested: synapses, raise: 'network({ maxSynapses })' });
    }
    return new Simulator(this.dtMs, this.populations, this.projections, rng);
  }
}

/** Synapses a connector asks for (the expectation for fixed probability). */
function synapseCount(c: Connector, nPre: number, nPost: number): number {
  if (c.kind === 'oneToOne') return nPre;
  if (c.kind === 'allToAll') return nPre * nPost;
  if (c.kind === 'fixedProbability') return Math.ceil(c.pConnect * nPre * nPost);
  return c.list.length;
}

/** Default size limits of a network: 10⁷ neurons; 10⁸ synapses (14 bytes each: 1.4 GB). */
export const NETWORK_LIMITS = Object.freeze({ maxNeurons: 10_000_000, maxSynapses: 100_000_000 });

/**
 * Starts a network description with time step `dtMs`.
 * @example
 * const net = network({ dtMs: 1 });
 * const inp = net.population(2, spikeSourceArray([[1], [3]]));
 * const out = net.population(1, IF_curr_delta());
 * net.projection(inp, out, allToAll(), { weight: 8, delayMs: 1 });
 * const sim = net.build(createRng(0));
 * sim.run(10);
 */
export function network(opts: { dtMs?: number; maxNeurons?: number; maxSynapses?: number } = {}): NetworkBuilder {
  const dtMs = opts.dtMs ?? 0.1;
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) throw new ArgumentError('network(opts).dtMs', { what: 'bad time step', expected: '> 0', received: dtMs });
  return new NetworkBuilder(dtMs, { maxNeurons: opts.maxNeurons ?? NETWORK_LIMITS.maxNeurons, maxSynapses: opts.maxSynapses ?? NETWORK_LIMITS.maxSynapses });
}
