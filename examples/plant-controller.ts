/**
 * A discrete plant/controller loop (the paper note's example):
 *   plant       x' = x + a + b, returns x      (a: outer input, b: from the controller)
 *   controller  s' = c,         returns b = −0.5 s   (c: the plant's output)
 * Composite state (s, x) in box order. From (0, 1) with a = 0 the loop visits
 * (1, 1), (1, 0.5), (0.5, 0), (0, −0.25), (−0.25, −0.25).
 * Run: npx tsx examples/plant-controller.ts
 */
import { pathToFileURL } from 'node:url';
import { discreteMachine, iterate, oapply, stateAt, wire, wiringDiagram, type Machine } from '../src/dynamics/index.js';

/** The closed loop: outer input a, outer output x. */
export function plantController(gain = -0.5): Machine {
  const controller = discreteMachine({ nIn: 1, nOut: 1, nStates: 1, name: 'controller', stateNames: ['s'], update: (_s, c) => [c[0]!], readout: (s) => [gain * s[0]!] });
  const plant = discreteMachine({ nIn: 2, nOut: 1, nStates: 1, name: 'plant', stateNames: ['x'], update: (x, ab) => [x[0]! + ab[0]! + ab[1]!], readout: (x) => [x[0]!] });
  const d = wiringDiagram({
    outer: { nIn: 1, nOut: 1 },
    boxes: [
      { nIn: 1, nOut: 1, name: 'controller' },
      { nIn: 2, nOut: 1, name: 'plant' },
    ],
    wires: [wire(['in', 0], [1, 0]), wire([0, 0], [1, 1]), wire([1, 0], [0, 0]), wire([1, 0], ['out', 0])],
  });
  return oapply(d, { controller, plant });
}

/** Runs the loop for `steps` updates from (s, x) = (0, 1) with a = 0; returns the visited states. */
export function main(steps = 5) {
  const m = plantController();
  const tr = iterate(m, [0, 1], [0], steps);
  const states = Array.from({ length: tr.nT }, (_, k) => Array.from(stateAt(tr, k)) as [number, number]);
  return { stateNames: m.stateNames ?? [], states, outputs: Array.from(tr.y) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main(12);
  console.log(`plant/controller, states (${r.stateNames.join(', ')}):`);
  console.log(r.states.map(([s, x]) => `(${s}, ${x})`).join(' → '));
}
