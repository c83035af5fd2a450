/**
 * Entry point of the `neuromorph` command (`npm run cli -- …`, `npm start`, and
 * `bin/neuromorph.js` after a build). All logic lives in ./app.ts.
 */
import { main } from './app.js';

// A closed pipe (`neuromorph … | head`) ends the command quietly, as other Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
