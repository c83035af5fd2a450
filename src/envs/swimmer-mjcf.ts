/**
 * MJCF for an n-link planar swimmer in a viscous-free dense fluid, authored from
 * the physical numbers of dm_control's swimmer (as listed in the NCAP note; not
 * copied from its XML): 0.1 m links of 0.01 kg whose invisible box sets the
 * inertia (and so MuJoCo's inertia-box fluid drag), massless capsules for looks,
 * hinge limits ±360°/n, 5e-4 gear motors, fluid density 3000, dt 0.002 s.
 * The swimmer faces −y; body i hangs 0.1 m behind body i−1 along +y.
 */
import { ArgumentError } from '../util/index.js';

/** Smallest and largest supported number of links. */
export const SWIMMER_LINKS_RANGE = Object.freeze([3, 14] as const);

/** Physical constants of the swimmer (SI units). */
export const SWIMMER_PHYSICS = Object.freeze({
  /** Physics step (dm_control swimmer). */
  timestepS: 0.002,
  /** Fluid density in kg/m³: the drag that turns undulation into thrust. */
  fluidDensityKgM3: 3000,
  /** Link length (body origin spacing). */
  linkLengthM: 0.1,
  /** Mass of each link's inertial box. */
  linkMassKg: 0.01,
  /** Motor gear: ctrl 1 gives 5e-4 N·m. */
  gear: 5e-4,
  /** Start height of the head (irrelevant to the planar dynamics). */
  headHeightM: 0.05,
});

/** Joint limit in degrees for an `nLinks`-link body: ±360/nLinks. */
export function swimmerJointLimitDeg(nLinks: number): number {
  return 360 / nLinks;
}

/** Checks `nLinks` is an integer in {@link SWIMMER_LINKS_RANGE}. */
export function checkLinks(where: string, nLinks: unknown): number {
  const [lo, hi] = SWIMMER_LINKS_RANGE;
  if (typeof nLinks !== 'number' || !Number.isInteger(nLinks) || nLinks < lo || nLinks > hi) {
    throw new ArgumentError(where, { what: 'unsupported number of links', expected: `an integer in [${lo}, ${hi}]`, received: nLinks });
  }
  return nLinks;
}

/** Inertial box, visual capsule and sensor site of one link. */
function linkGeoms(i: number): string {
  return [
    `<geom name="inertia_${i}" type="box" size="0.001 0.05 0.01" mass="0.01" rgba="0 0 0 0"/>`,
    `<geom name="visual_${i}" type="capsule" fromto="0 -0.05 0 0 0.05 0" size="0.01" mass="0" rgba="0.8 0.5 0.3 1"/>`,
    `<site name="site_${i}" size="0.01" rgba="0 0 0 0"/>`,
  ].join('');
}

/**
 * The MJCF XML of an `nLinks`-link swimmer with a mocap target.
 * Names: bodies `head`, `link_1`…; hinges `joint_1`… (joint i connects link i
 * to link i−1); motors `motor_1`…; sites `site_0` (head)…; geom `nose`; mocap
 * body `target`. Sensors, in order: nose position (3), target position (3),
 * head x-axis (3), head y-axis (3), then velocimeter (3) + gyro (3) per link
 * from the head back, so per-link blocks of 6 start at index 12.
 * @param nLinks number of links, 3–14 (`nLinks − 1` actuated joints).
 * @returns the XML text.
 * @example
 * const xml = swimmerMjcf(6); // dm_control's swimmer6 body: 5 joints of ±60°
 */
export function swimmerMjcf(nLinks: number): string {
  const n = checkLinks('swimmerMjcf(nLinks)', nLinks);
  const lim = swimmerJointLimitDeg(n);
  const hinge = (i: number): string =>
    `<joint name="joint_${i}" type="hinge" pos="0 -0.05 0" axis="0 0 1" limited="true" range="${-lim} ${lim}" ` +
    `solreflimit="0.05 1" solimplimit="0 0.8 0.1" armature="1e-6" damping="0"/>`;
  let chain = '';
  for (let i = n - 1; i >= 1; i--) chain = `<body name="link_${i}" pos="0 0.1 0">${hinge(i)}${linkGeoms(i)}${chain}</body>`;
  const head =
    `<body name="head" pos="0 0 ${SWIMMER_PHYSICS.headHeightM}">` +
    `<joint name="root_x" type="slide" pos="0 -0.05 0" axis="1 0 0" limited="false"/>` +
    `<joint name="root_y" type="slide" pos="0 -0.05 0" axis="0 1 0" limited="false"/>` +
    `<joint name="root_z" type="hinge" pos="0 -0.05 0" axis="0 0 1" limited="false"/>` +
    linkGeoms(0) +
    `<geom name="head_shape" type="ellipsoid" size="0.02 0.04 0.017" pos="0 -0.022 0" mass="0" rgba="0.8 0.5 0.3 1"/>` +
    `<geom name="nose" type="sphere" size="0.004" pos="0 -0.06 0" mass="0" rgba="0.8 0.5 0.3 1"/>` +
    chain +
    `</body>`;
  const motors = Array.from({ length: n - 1 }, (_, k) => `<motor name="motor_${k + 1}" joint="joint_${k + 1}" gear="${SWIMMER_PHYSICS.gear}" ctrllimited="true" ctrlrange="-1 1"/>`);
  const perLink = Array.from({ length: n }, (_, i) => `<velocimeter name="vel_${i}" site="site_${i}"/><gyro name="gyro_${i}" site="site_${i}"/>`);
  return [
    `<mujoco model="swimmer-${n}">`,
    `<compiler angle="degree"/>`,
    `<option timestep="${SWIMMER_PHYSICS.timestepS}" density="${SWIMMER_PHYSICS.fluidDensityKgM3}" viscosity="0"><flag contact="disable"/></option>`,
    // Small arena: each MjData otherwise reserves MiBs and the wasm heap caps at 2 GiB.
    `<size memory="256K"/>`,
    `<worldbody>`,
    `<body name="target" mocap="true" pos="0 0 ${SWIMMER_PHYSICS.headHeightM}"><site name="target" type="sphere" size="0.05" rgba="0.6 0.3 0.3 0.5"/></body>`,
    head,
    `</worldbody>`,
    `<actuator>${motors.join('')}</actuator>`,
    `<sensor>`,
    `<framepos name="nose_pos" objtype="geom" objname="nose"/>`,
    `<framepos name="target_pos" objtype="site" objname="target"/>`,
    `<framexaxis name="head_xaxis" objtype="xbody" objname="head"/>`,
    `<frameyaxis name="head_yaxis" objtype="xbody" objname="head"/>`,
    perLink.join(''),
    `</sensor>`,
    `</mujoco>`,
  ].join('\n');
}
