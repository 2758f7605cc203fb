// Part of `npm run build`: makes the embedded store's start template (see
// src/store/embedded-template.ts) once per PGlite release.

import { ensureTemplate } from '../src/store/embedded-template.js';

const started = performance.now();
ensureTemplate()
  .then(({ path, made }) => {
    if (made) console.log(`made ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  })
  .catch((err: unknown) => {
    // A store without a template still works (PGlite runs initdb), so the build goes on.
    console.warn(`store template not made (${(err as Error).message}); new embedded stores will initialise themselves`);
  });
