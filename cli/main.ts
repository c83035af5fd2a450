/**
 * Entry point of the `neuromorph` command (`npm run cli -- …`, `npm start`, and
 * `bin/neuromorph.js` after a build). All logic lives in ./app.ts.
 */
import { main } from './app.js';

process.exitCode = await main(process.argv.slice(2));
