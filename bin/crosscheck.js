#!/usr/bin/env node
// The installed command runs the compiled CLI; `npm run crosscheck` runs the sources.
import '../dist/src/cli/main.js';
