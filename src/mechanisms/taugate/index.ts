/**
 * TauGate: adapt a frozen network to a new "mode" by learning only a threshold τ
 * and a gain γ per hidden neuron; the soft gate is hardened at inference into
 * explicit "which neurons fire" masks.
 *
 * Paper: "Dopamine: Brain Modes, Not Brains" (2026), arXiv:2602.11726.
 * https://arxiv.org/abs/2602.11726
 *
 * Rule (neuron j of a gated hidden layer, pre-activation z_j, activation φ):
 *   soft gate (training)   g_j = σ(s·(z_j − τ_j)),  s = sharpness (optionally annealed)
 *   hard gate (inference)  g_j = 1[z_j > τ_j]     (the limit of the soft gate as s → ∞)
 *   output                 h_j = γ_j·g_j·φ(z_j)   ('gain-gate-act', default)
 *                       or h_j = φ(γ_j·g_j·z_j)   ('act-of-gated', project-defined alternative)
 * The base weights are frozen; τ and γ (2 per hidden neuron) are the only trainable
 * parameters. Loading another τ/γ set switches mode; the base is never touched.
 *
 * Deviations / choices (the paper's full text is not confirmed): the output form is a
 * named option; s, its geometric schedule (4 → 64) and the initialisation (τ = 0,
 * γ = 1, so the hard gate reproduces a ReLU foundation exactly) are project choices;
 * only hidden layers are gated (the logits are not). A neuron "fires" when its
 * hardened output is nonzero (gate open and activation nonzero). The factory is
 * named `tauGate` after the paper's method (STYLE.md's example name is `neuromodGate`).
 */
export { tauGate, TauGate, type GateMode, type TauGateParams } from './gate.js';
export { TAU_GATE_DEFAULTS, resolveTauGateConfig, sharpnessAt, type TauGateConfig, type TauGateForm, type SharpnessSchedule } from './config.js';
export { neuronFiringRates, firingCounter, activeFraction, firingAttribution, type LayerAttribution } from './firing.js';
