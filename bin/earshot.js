#!/usr/bin/env node
// Installed entry point: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api'

register()
// The tripwire before anything else of Earshot's is even loaded (issue 9); main.ts imports it
// first too, for `tsx src/cli/main.ts`.
await import('../src/cli/tripwireFirst.ts')
await import('../src/cli/main.ts')
