/**
 * neuromorph: neuroscience-inspired neural networks on one composable core.
 * This is the browser-safe public API, every name listed (each part also has its
 * own entry: `neuromorph/tensor`, `neuromorph/spiking`, `neuromorph/sdr`, …; see
 * package.json). Node-only adapters (dataset files, checkpoints, safetensors and
 * NIR files, MuJoCo, worker threads) are in `neuromorph/node`.
 * `src/index.test.ts` checks that this file re-exports every name of every part
 * and nothing else.
 */

// Seeded RNG, typed errors, config resolution.
export {
  ArgumentError, ConfigError, type ConfigSchema, createRng, describeValue, type ErrorCode, type ErrorDetails,
  invariant, LimitError, nearest, NeuroError, NonFiniteError, type NumberRange, ParseError, resolveConfig,
  Rng, type RngState, ShapeError, unknownKeyError
} from './util/index.js';

// Tensors, autodiff, ops and kernels.
export {
  abs, type AdamParams, add, arange, type Axes, type BackwardFn, bce, bceWithLogits, broadcastShapes,
  checkGrad, type CheckGradOptions, type CheckGradResult, clamp, concat, type Conv2dBackwardParams,
  type Conv2dForwardParams, type ConvGeometry, crossEntropy, customOp, div, elu, erf, exp, expand, eye, full,
  gather, gelu, type GemmActivation, type GemmParams, getCheckFinite, gradStore, handOver, indexSelect,
  type Indices, isGradEnabled, kernel, kernels, type Kernels, leakyRelu, type LifStepParams, log, logSoftmax,
  matmul, max, maximum, type MaxPoolParams, mean, min, minimum, mse, mul, neg, type NestedArray, noGrad,
  numThreads, ones, onesLike, type Operand, permute, pow, rand, randn, referenceKernels, relu, reshape,
  residentArray, residentCopy, type ResidentType, residentTypedArray, type ResidentView, setCheckFinite,
  setGradStore, setKernels, setNumThreads, setThreadSpawner, type SgdParams, type Shape, sigmoid, sizeOf,
  slice, softmax, softplus, sqrt, squeeze, stack, sub, sum, tanh, tensor, Tensor, type TensorData,
  type TensorOptions, transpose, unsqueeze, wasmKernels, type WasmKernels, where, WORKER_LOOP_SOURCE,
  type WorkerHandle, type WorkerInit, type WorkerSpawner, zeros, zerosLike
} from './tensor/index.js';

// Modules, layers, optimizers, schedulers, linear algebra, metrics.
export {
  accuracy, Adam, type AdamOptions, AdamW, type AnyModule, applyLora, argmax, argmaxRows, calculateFans,
  calculateGain, conv2d, Conv2d, type Conv2dLayerOptions, type Conv2dOptions, CosineAnnealingLR,
  countCorrect, decodeSafetensors, Dropout, ELU, encodeSafetensors, type FanMode, Flatten, type GainOptions,
  GELU, initLayer, type JacobiOptions, kaimingNormal, type KaimingOptions, kaimingUniform, LeakyReLU, linear,
  Linear, type LinearOptions, type LoadStateDictResult, LoraLinear, type LoraOptions, loraParameterCount,
  maxPool2d, MaxPool2d, mergeLora, Module, type Nonlinearity, Optimizer, type OptimizerStateDict, orthogonal,
  type ParamState, type PlateauOptions, ReduceLROnPlateau, ReLU, rnnCell, RNNCell, type RNNCellOptions,
  SAFETENSORS_MAX_HEADER_BYTES, type SafetensorsContents, type SchedulerStateDict, Sequential, SGD,
  type SgdOptions, Sigmoid, singularValues, type Size2, Softplus, type StateDict, StateDictKeyError, StepLR,
  svd, type Svd, symEig, type SymEig, Tanh, type TensorRecord, uniformInit, type WeightInit, xavierNormal,
  xavierUniform
} from './nn/index.js';

// IDX parsing, batching, splits, transforms.
export {
  assertImageDataset, assertIndices, assertPermutation, type Batch, batches, type BatchOptions, classCounts,
  encodeIdx, type IdxArray, type IdxData, imageDataset, type ImageDataset, type ImageDatasetFields,
  MNIST_FORMAT, MNIST_NORMALIZATION, normalize, parseIdx, parseMnistPair, permuteLabels, permutePixels,
  pixelPermutation, pixelStats, type PixelStats, randomLabelPermutation, rotateDataset, rotateImage,
  sampleBilinear, type SampleMode, shuffledIndices, subset, take, type TrainValOptions, trainValSplit
} from './data/index.js';

// Experiments: configs, claims with intervals, controls, verify.
export {
  abortedError, assertResultRecord, type BarSeries, base64ToTypedArray, BOOTSTRAP_RESAMPLES,
  bootstrapInterval, type CheckpointStore, type Claim, CLAIM_COLUMNS, CLAIM_OPS, claimCells, type ClaimKind,
  type ClaimOp, type ClaimResult, claimTarget, coerceConfigValue, compareClaim, type Config,
  type ConfigRange, type ConfigSource, type ConfigValue, type Control, type ControlResult,
  type ControlRunSummary, crashRecord, createRunContext, type DatasetProvider, decodeState, decodeUnitResult,
  defineExperiment, encodeState, evaluateClaim, evaluateClaims, type Experiment, EXPERIMENT_ID_PATTERN,
  type ExperimentSpec, formatControls, formatNumber, formatOurs, formatPaper, formatVsPaper,
  heldUnderControl, type ImageDatasetName, incompleteBeta, intervalClears, type IntervalKind,
  type IntervalMethod, isReproduced, judgeControls, type LineSeries, logGamma, memoryCheckpoint,
  type MemoryCheckpoint, mergeUnits, neededControls, NO_DATASETS, NO_PHYSICS, type PaperValue, parseConfig,
  type ParseConfigOptions, parseSetArgs, parseState, type PlannedUnit, planUnits, type ProgressReporter,
  type Provenance, resolveRun, RESULT_SCHEMA_VERSION, type ResultRecord, type RunContext,
  type RunContextOptions, runExperiment, type RunOptions, type RunOutcome, type RunResult, runUnit,
  runUnitsInProcess, safeParseConfig, type SafeParseResult, type SampleSummary, type Scale, SCALES,
  type ScaleTargets, type SeriesData, SILENT_PROGRESS, stringifyState, studentTCdf, studentTQuantile,
  summarizeSamples, type SweepSummary, toOutcome, toResultRecord, type TypedArray, type TypedArrayName,
  typedArrayToBase64, UNIT_KEY_PATTERN, type UnitDone, type UnitSpec, validateRunResult, verdict,
  verifyExperiment, type VerifyOptions, type VerifyOutcome, WHOLE_RUN_KEY, wholeRunUnits
} from './experiment/index.js';

// Machines, wiring diagrams, composition, integrators, simulation.
export {
  type AdaptiveWiring, type BatchKernel, boxLabel, type BoxSpec, compose, continuousMachine,
  type ContinuousSpec, discreteMachine, type DiscreteSpec, type End, eulerApprox, evaluate, type EventAction,
  type EventHit, type EventSpec, type Feedthrough, initialState, type Input, type Interface, iterate,
  type Machine, type MachineFill, type MachineKind, type MachineSpecBase, oapply, oapplyAdaptive,
  oapplyUndirected, outputAt, readout, type RecordMode, replicate, resourceSharer, type ResourceSharer,
  type ResourceSharerSpec, rk4Approx, sharerAsMachine, simulate, type SimulateOptions, stateAt, substitute,
  type Trajectory, undirectedWiring, type UndirectedWiring, validateDiagram, type Vec, wire, type Wire,
  wiringDiagram, type WiringDiagram
} from './dynamics/index.js';

// The PyNN-style spiking simulator and NIR.
export {
  type AdaptiveThreshold, allToAll, CELL_DEFAULTS, cellFromLifNode, type CellModel, type CellOptions,
  type CellParams, type CellState, type Connector, type Csr, decodeNir, type DecodeNirOptions, depress,
  encodeNir, firingRates, fixedProbability, fromList, histogram, IF_cond_exp, IF_curr_delta, IF_curr_exp,
  lifNodeFromCell, network, NetworkBuilder, NIR_DECODE_DEFAULTS, NIR_PARAMS, NIR_VERSION, nirArray,
  type NirArray, type NirGraph, type NirNode, type NirNodeType, oneToOne, populationMachine,
  type PopulationRef, type PopulationSpec, potentiate, type ProjectionOptions, type ProjectionSpec,
  propagators, type Propagators, type Receptor, Simulator, type SourceParams, spatialPatternSource,
  type SpikeRecord, spikeSourceArray, spikeSourcePoisson, stdp, STDP_DEFAULTS, type StdpConfig,
  stdpPairChange, type StdpPairing, stepCells, synapticScaling, type SynapticScaling, type TraceRecord,
  validateNirGraph, type WeightDependence, type WeightRecord
} from './spiking/index.js';

// The Josephson-junction circuit simulator (JoSIM / WRspice netlists).
export {
  CIRCUIT_DEFAULTS, type CircuitConfig, type CircuitSimulateOptions, countFluxons, elaborate,
  type FlatCircuit, type FlatElement, type FlatPrint, type FluxonRecord, JJ_MODEL_DEFAULTS, type JjParams,
  KB_J_PER_K, type Netlist, netlistCircuit, type NetlistCircuit, parseNetlist, type ParseOptions, PHI0_WB,
  type PrintKind, resultToCsv, resultToJson, type SampleSink, type SimResult, type Trace
} from './circuit/index.js';

// Environments (the MuJoCo swimmer).
export {
  type PhysicsBackend, type PhysicsObject, type PhysicsPool, type PhysicsProvider, type PhysicsSim,
  type PhysicsTaskRef, type Policy, rollout, type RolloutOptions, type RolloutResult, type StepResult,
  SWIMMER_ENV_DEFAULTS, SWIMMER_LINKS_RANGE, SWIMMER_PHYSICS, swimmerEnv, type SwimmerEnv,
  type SwimmerEnvConfig, type SwimmerInfo, swimmerJointLimitDeg, swimmerMjcf, type SwimmerTask
} from './envs/index.js';

// Paper 1: perforated backpropagation.
export {
  CorrelationStats, type CycleRecord, type DendriteInit, DendriteLayer, dendriteLayers, type DendriteMode,
  DendriteSet, encodePerforated, type EpochEndResult, type EpochRecord, type NeuronModule,
  type OptimizerFactory, perforate, Perforated, PERFORATED_DEFAULTS, type PerforatedConfig,
  type PerforatedPhase, perforatedStructure, type PerforatedStructure, restorePerforated
} from './mechanisms/perforated/index.js';

// Paper 2: homeostatic learners.
export {
  adwin, type Adwin, ADWIN_DEFAULTS, type AdwinOptions, applySwap, driftConcepts, type DriftKind,
  driftProbability, type DriftSpec, HOMEOSTATIC_LR_DEFAULTS, homeostaticLr, type HomeostaticLr,
  type HomeostaticLrConfig, identityMapping, type LabelSwapOptions, labelSwapSchedule, type LrProbe,
  makeRegulator, mappingAt, type PrequentialResult, type PrequentialSetup, type Regulation,
  type RegulatorInput, type RegulatorState, type RegulatorStep, runPrequential, type SegmentOptions,
  segmentStats, type SegmentStats, type SimulateMode, sinusoidSwapRate, stepSwapRate, type SwapEvent,
  type SwapRate
} from './mechanisms/homeostatic/index.js';

// Paper 3: neural circuit architectural priors.
export {
  NCAP_SWIMMER_DEFAULTS, ncapSwimmer, type NcapSwimmer, type NcapSwimmerConfig
} from './mechanisms/ncap/index.js';

// Paper 4: TauGate.
export {
  activeFraction, firingAttribution, firingCounter, type GateMode, type LayerAttribution, neuronFiringRates,
  resolveTauGateConfig, sharpnessAt, type SharpnessSchedule, TAU_GATE_DEFAULTS, tauGate, TauGate,
  type TauGateConfig, type TauGateForm, type TauGateParams
} from './mechanisms/taugate/index.js';

// Paper 5: rich vs lazy learning.
export {
  alignment, cognitiveTask, contextDecisionTask, decisionAccuracy, delayMatchSampleTask, effectiveRank,
  effectiveRankFromSpectrum, type EffectiveRankKind, type EiBlockConfig, eiBlockConnectivity, frobeniusNorm,
  gaussianConnectivity, kernelAlignment, LOW_RANK_INIT_DEFAULTS, lowRankInit, type LowRankInit,
  type LowRankInitConfig, perceptualDecisionTask, rankTruncations, ReluRnn, type ReluRnnOptions,
  type Renormalize, representationAlignment, rnnTrace, type RnnTrace, type RnnWeights, sequentialMnistTask,
  signSimilarity, tangentKernel, type Task, type TaskBatch, type TaskName, trainRnn, type TrainRnnOptions,
  type Truncation, weightChangeNorm
} from './mechanisms/low-rank/index.js';

// Paper 6: sparse distributed representations.
export {
  ACTIVE_DENDRITE_DEFAULTS, type ActiveDendriteConfig, activeDendriteLayer, addNoise, binomial,
  DECIMAL_DIGITS, expectedUnionSize, falseMatch, falseMatchUnion, falseNegative, fromRatio,
  hypergeometricTerms, lnGamma, overlapProbability, overlapSetSize, type Probability, randomSdr,
  type RateEstimate, type Ratio, sdr, type Sdr, sdrOverlap, sdrUnion, simulateFalseMatch,
  simulateFalseNegative, simulateUnion, type SimulationOptions, subsample, THRESHOLD_SWEEP_GRID,
  thresholdSweep, type ThresholdSweepPoint, type UnionBinomial, type UnionMode, wilsonInterval, Z_99
} from './mechanisms/sdr/index.js';

// Paper 7: supervised STDP with homeostasis.
export {
  SPATIAL_DETECTOR_DEFAULTS, type SpatialDetectorConfig, spatialPatternDetector, type SpatialPatternDetector
} from './mechanisms/stdp/index.js';

// Paper 8: learners as nested dynamical systems.
export {
  type Activation, type ActivationFns, ACTIVATIONS, fanOutLearner, type FanOutOptions, gradientLearner,
  type GradientLearnerSpec, initLearner, learner, type Learner, learnerAsMachine, type LearnerDims,
  type LearnerMachineOptions, type LearnerReadout, type LearnerSpec, neuronLearner,
  type NeuronLearnerOptions, numericLearner, type NumericLearner, type NumericLearnerSpec, par, parVec, seq,
  seqVec, type Vjp
} from './mechanisms/nested/index.js';

// Paper 9: SFQ neuromorphic circuits.
export {
  pulseTrain, SFQ_CELLS, SFQ_MODEL, XOR_BIAS_CENTER, XOR_NETWORK_DEFAULTS, XOR_START_PS, xorNetlist,
  type XorNetworkOptions
} from './mechanisms/sfq/index.js';
