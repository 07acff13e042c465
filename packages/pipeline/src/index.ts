export { defaultPhases } from './default-phases.js';
export { createDeployer, type DeployerAssemblyOptions } from './create-deployer.js';
