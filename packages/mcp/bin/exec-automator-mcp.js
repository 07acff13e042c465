#!/usr/bin/env node
// Thin launcher so the bin exists before the first build; the server itself is dist/main.js.
import('../dist/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    console.error('exec-automator-mcp is not built yet: run `pnpm build` in the repository root.');
    process.exit(1);
  }
  throw error;
});
