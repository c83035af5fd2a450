/** Module boundaries (../shared/STYLE.md §3): util ← tensor ← nn, dynamics, circuit, spiking ← mechanisms ← experiments ← cli. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'util-imports-nothing', severity: 'error', from: { path: '^src/util' }, to: { path: '^src/(?!util)' } },
    { name: 'tensor-only-util', severity: 'error', from: { path: '^src/tensor' }, to: { path: '^src/(?!util|tensor)' } },
    { name: 'nn-down-only', severity: 'error', from: { path: '^src/nn' }, to: { path: '^src/(?!util|tensor|nn)' } },
    { name: 'dynamics-down-only', severity: 'error', from: { path: '^src/dynamics' }, to: { path: '^src/(?!util|tensor|dynamics)' } },
    { name: 'circuit-down-only', severity: 'error', from: { path: '^src/circuit' }, to: { path: '^src/(?!util|circuit)' } },
    { name: 'spiking-down-only', severity: 'error', from: { path: '^src/spiking' }, to: { path: '^src/(?!util|tensor|dynamics|spiking)' } },
    { name: 'data-down-only', severity: 'error', from: { path: '^src/data' }, to: { path: '^src/(?!util|tensor|data)' } },
    { name: 'mechanisms-not-sideways', severity: 'error', from: { path: '^src/mechanisms/([^/]+)/' }, to: { path: '^src/mechanisms/(?!$1/)' } },
    { name: 'core-not-node', severity: 'error', from: { path: '^src/(?!node)', pathNot: '\\.test\\.ts$' }, to: { path: '^src/node' } },
    { name: 'core-no-node-builtins', severity: 'error', from: { path: '^src/(?!node)', pathNot: '\\.test\\.ts$' }, to: { dependencyTypes: ['core'] } },
    // The edge (cli, experiments) and the Node adapters reach each core part and mechanism through its face (index.ts).
    {
      name: 'faces-only',
      severity: 'error',
      from: { path: '^(cli|experiments|src/node)/' },
      to: { path: '^src/(?!node/)(mechanisms/[^/]+|[^/]+)/.+', pathNot: '^src/(mechanisms/[^/]+|[^/]+)/index\\.ts$' },
    },
    { name: 'src-not-up', severity: 'error', from: { path: '^src/' }, to: { path: '^(experiments|cli|web|bench)/' } },
    { name: 'experiments-not-cli', severity: 'error', from: { path: '^experiments/' }, to: { path: '^cli/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
