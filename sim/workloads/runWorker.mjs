// Worker-thread entry for parallel Monte Carlo runs: a worker does not inherit the main thread's
// TypeScript loader, so it registers tsx before loading the TypeScript side.
import { register } from 'tsx/esm/api';

register();
await import('./runWorker.ts');
