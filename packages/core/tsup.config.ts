import { packageBuild } from '../../tsup.base.js';

// The root entry and one entry per documented subpath (`@exec-automator/core/<name>`).
export default packageBuild([], ['src/entries/config.ts', 'src/entries/models.ts', 'src/entries/plugins.ts', 'src/entries/python.ts', 'src/entries/secrets.ts', 'src/entries/source.ts', 'src/entries/state.ts', 'src/entries/testing.ts', 'src/entries/util.ts']);
