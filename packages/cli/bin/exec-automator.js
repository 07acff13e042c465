#!/usr/bin/env node
// Thin launcher so the bin exists before the first build; the CLI itself is dist/cli.js.
import('../dist/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('exec-automator is not built yet: run `pnpm build` in the repository root.');
    process.exit(1);
  }
  throw error;
});
