import { packageBuild } from '../../tsup.base.js';

export default packageBuild(['src/main.ts']);
