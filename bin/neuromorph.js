#!/usr/bin/env node
// The `neuromorph` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('neuromorph: dist/ is missing, expected a build, run `npm run build` first');
    process.exit(1);
  }
  throw err;
});
