/** Plain descriptions of populations and projections, shared by the builder and the simulator. */
import type { CellParams } from './cells.js';
import type { Connector } from './connectors.js';
import type { SourceParams } from './sources.js';
import type { StdpConfig, SynapticScaling } from './stdp.js';

/** A population as the builder returns it: pass it (or its `id`) to the simulator's methods. */
export interface PopulationRef {
  readonly id: number;
  readonly size: number;
}

/** A population in a network. */
export interface PopulationSpec {
  readonly id: number;
  readonly label: string;
  readonly size: number;
  readonly params: CellParams | SourceParams;
}

/** Which synaptic input a projection drives. */
export type Receptor = 'excitatory' | 'inhibitory';

/** A projection in a network. */
export interface ProjectionSpec {
  readonly id: number;
  readonly label: string;
  readonly pre: number;
  readonly post: number;
  readonly connector: Connector;
  readonly weight: number | readonly [number, number];
  readonly delayMs: number;
  readonly receptor: Receptor;
  readonly plasticity: StdpConfig | null;
  readonly scaling: SynapticScaling | null;
}

