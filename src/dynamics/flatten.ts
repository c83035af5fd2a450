/**
 * Operad substitution of wiring diagrams: replace a box of an outer diagram by
 * the inner diagram that fills it, giving one flat diagram. Nesting then reads
 * `oapply(outer, [..., oapply(inner, ms), ...]) ≡ oapply(substitute(outer, b, inner), [..., ...ms, ...])`.
 */
import { ShapeError } from '../util/index.js';
import { boxLabel, validateDiagram, wiringDiagram, type End, type Wire, type WiringDiagram } from './wiring.js';

/**
 * Substitutes `inner` for box `b` of `outer`. The inner boxes take box b's place
 * (so the flat state order equals the nested one); wires are joined through the
 * removed box's ports: each outer wire into (b, i) is paired with each inner wire
 * out of inner input i, and each inner wire into inner output o with each outer
 * wire out of (b, o). Sums distribute over the pairs, so values are preserved.
 * @param outer - the outer diagram.
 * @param b - the box to replace.
 * @param inner - a diagram whose outer interface equals box b's.
 * @returns the flat diagram, validated.
 * @example
 * const flat = substitute(outer, 1, inner);
 */
export function substitute(outer: WiringDiagram, b: number, inner: WiringDiagram): WiringDiagram {
  const where = 'substitute(outer, b, inner)';
  validateDiagram(outer, `${where}.outer`);
  validateDiagram(inner, `${where}.inner`);
  const box = outer.boxes[b];
  if (box === undefined || box.nIn !== inner.outer.nIn || box.nOut !== inner.outer.nOut) {
    throw new ShapeError(`${where}.inner.outer`, { what: `inner diagram does not fill ${boxLabel(outer, b)}`, expected: box && { nIn: box.nIn, nOut: box.nOut }, received: { nIn: inner.outer.nIn, nOut: inner.outer.nOut } });
  }
  const nInner = inner.boxes.length;
  const mapOuter = (e: End): End => (typeof e.box === 'number' && e.box > b ? { box: e.box + nInner - 1, port: e.port } : e);
  const mapInner = (e: End): End => (typeof e.box === 'number' ? { box: e.box + b, port: e.port } : e);
  const atB = (e: End): boolean => e.box === b;
  const wires: Wire[] = [];
  // Wires of the outer diagram that do not touch box b.
  for (const w of outer.wires) if (!atB(w.from) && !atB(w.to)) wires.push({ from: mapOuter(w.from), to: mapOuter(w.to) });
  // Inner wires between inner boxes.
  for (const w of inner.wires) if (w.from.box !== 'in' && w.to.box !== 'out') wires.push({ from: mapInner(w.from), to: mapInner(w.to) });
  // Into box b: outer source → (b, i) → inner targets of inner input i.
  // Out of box b: inner sources of inner output o → (b, o) → outer target.
  const sourcesOfOut = (o: number): End[] => inner.wires.filter((w) => w.to.box === 'out' && w.to.port === o).map((w) => mapInner(w.from));
  const targetsOfIn = (i: number): End[] => inner.wires.filter((w) => w.from.box === 'in' && w.from.port === i).map((w) => mapInner(w.to));
  for (const w of outer.wires) {
    const froms = atB(w.from) ? sourcesOfOut(w.from.port) : [mapOuter(w.from)];
    const tos = atB(w.to) ? targetsOfIn(w.to.port) : [mapOuter(w.to)];
    if (!atB(w.from) && !atB(w.to)) continue;
    for (const f of froms) for (const t of tos) wires.push({ from: f, to: t });
  }
  return wiringDiagram({
    outer: outer.outer,
    boxes: [...outer.boxes.slice(0, b), ...inner.boxes, ...outer.boxes.slice(b + 1)],
    wires,
  });
}
