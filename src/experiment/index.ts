/**
 * The experiment framework (browser-safe): declare a paper reproduction with
 * {@link defineExperiment}, parse its config, run it and check its claims.
 * File I/O (results, checkpoints) lives in `neuromorph/node` and the CLI.
 * See STYLE.md §7 (Experiments).
 */
export { defineExperiment, EXPERIMENT_ID_PATTERN } from './define.js';
export { parseConfig, safeParseConfig, parseSetArgs, coerceConfigValue, type ConfigSource, type ParseConfigOptions, type SafeParseResult } from './config.js';
export { evaluateClaims, evaluateClaim, claimTarget, compareClaim, intervalClears } from './claims.js';
export { summarizeSamples, studentTQuantile, studentTCdf, incompleteBeta, logGamma, bootstrapInterval, BOOTSTRAP_RESAMPLES, type IntervalMethod, type IntervalKind, type SampleSummary } from './stats.js';
export { CLAIM_COLUMNS, claimCells, formatNumber, formatOurs, formatPaper, formatVsPaper, formatControls, verdict } from './present.js';
export { verifyExperiment, judgeControls, neededControls, isReproduced, heldUnderControl, type VerifyOutcome, type VerifyOptions } from './verify.js';
export { planUnits, runUnit, mergeUnits, decodeUnitResult, runUnitsInProcess, wholeRunUnits, UNIT_KEY_PATTERN, WHOLE_RUN_KEY } from './units.js';
export { createRunContext, memoryCheckpoint, abortedError, SILENT_PROGRESS, NO_DATASETS, NO_PHYSICS, type MemoryCheckpoint, type RunContextOptions } from './context.js';
export { runExperiment, resolveRun, toOutcome, validateRunResult, type RunOptions, type RunOutcome } from './run.js';
export {
  toResultRecord,
  crashRecord,
  assertResultRecord,
  RESULT_SCHEMA_VERSION,
  type ResultRecord,
  type ControlRunSummary,
  type SweepSummary,
  type Provenance,
} from './result.js';
export {
  encodeState,
  decodeState,
  stringifyState,
  parseState,
  typedArrayToBase64,
  base64ToTypedArray,
  type TypedArray,
  type TypedArrayName,
} from './state.js';
export {
  SCALES,
  CLAIM_OPS,
  type Config,
  type ConfigValue,
  type ConfigRange,
  type Scale,
  type Claim,
  type ClaimOp,
  type ClaimResult,
  type ClaimKind,
  type PaperValue,
  type Control,
  type ControlResult,
  type ScaleTargets,
  type SeriesData,
  type LineSeries,
  type BarSeries,
  type RunResult,
  type RunContext,
  type ProgressReporter,
  type CheckpointStore,
  type Experiment,
  type ExperimentSpec,
  type PlannedUnit,
  type UnitDone,
  type UnitSpec,
  type DatasetProvider,
  type ImageDatasetName,
} from './types.js';
