#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (fast start, no build step); see README "Why tsx".
import { register } from 'tsx/esm/api';

register();
await import('../sim/cli/main.ts');
