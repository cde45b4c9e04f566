// Entry of the finalize worker thread: the sources are TypeScript, run through tsx's loader as the CLI is.
import { register } from 'tsx/esm/api';

register();
await import('./finalize-worker.ts');
