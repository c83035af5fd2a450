/**
 * One time step of n current-based leaky integrate-and-fire neurons (PyNN
 * IF_curr_exp and IF_curr_delta), the spiking simulator's hot loop. It repeats
 * the reference loop (src/spiking/cells.ts `stepCells`) operation by
 * operation in float64, so both give bit-identical trajectories: the same IEEE
 * products and sums in the same order (WebAssembly never fuses a multiply-add).
 * Arrays are float64 except `spiked` (u8) and `spikeIdx` (i32); pointers are
 * byte offsets; `inE` / `inI` already point at this step's ring-buffer row.
 * @param clear 1 to zero each input after reading it (the simulator's ring buffer)
 * @param delta 1 for IF_curr_delta (inputs jump v), 0 for IF_curr_exp
 * @param adaptive 1 when the threshold θ adapts
 * @returns the number of neurons that spiked (their indices are in spikeIdx)
 */
export function lifStep(clear: i32, delta: i32, adaptive: i32, n: i32, v: usize, gE: usize, gI: usize, refr: usize, theta: usize,
  inE: usize, inI: usize, spiked: usize, spikeIdx: usize, p22: f64, vInf: f64, p21E: f64, p21I: f64, pE: f64, pI: f64,
  refracSteps: f64, vThresh: f64, vReset: f64, thetaDecay: f64, thetaDrop: f64, thetaInc: f64): i32 {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const ie = load<f64>(inE + o), ii = load<f64>(inI + o);
    if (clear != 0) {
      store<f64>(inE + o, 0);
      store<f64>(inI + o, 0);
    }
    let vi = load<f64>(v + o);
    const r = load<f64>(refr + o);
    if (delta != 0) {
      if (r > 0) store<f64>(refr + o, r - 1);
      else vi = vInf + (vi - vInf) * p22 + ie - ii;
    } else {
      const ge = load<f64>(gE + o), gi = load<f64>(gI + o);
      if (r > 0) store<f64>(refr + o, r - 1);
      else vi = vInf + (vi - vInf) * p22 + p21E * ge - p21I * gi;
      store<f64>(gE + o, ge * pE + ie);
      store<f64>(gI + o, gi * pI + ii);
    }
    let th = 0.0;
    if (adaptive != 0) {
      th = load<f64>(theta + o) * thetaDecay - thetaDrop;
      store<f64>(theta + o, th);
    }
    if (vi >= vThresh + th) {
      vi = vReset;
      store<f64>(refr + o, refracSteps);
      if (adaptive != 0) store<f64>(theta + o, th + thetaInc);
      store<u8>(spiked + <usize>i, 1);
      store<i32>(spikeIdx + (<usize>count << 2), i);
      count++;
    } else store<u8>(spiked + <usize>i, 0);
    store<f64>(v + o, vi);
  }
  return count;
}
