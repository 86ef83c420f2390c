'use strict';
/**
 * Before `tsc`: empty what the package ships from dist/ (core, nodes, credentials), so that a file
 * whose source is gone or now excluded (an old dist/core/schema.js) cannot be packed from an earlier
 * build. Other dist/ folders (the Zapier build) are left alone.
 */
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist');
for (const folder of ['core', 'nodes', 'credentials']) fs.rmSync(path.join(dist, folder), { recursive: true, force: true });
