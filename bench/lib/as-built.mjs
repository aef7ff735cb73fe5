// Runs a bench script's TypeScript the way the CLI's build compiles it (scripts/build.mjs: esbuild,
// no keepNames), instead of through tsx, whose transform sets keepNames: there every named function
// (`const f = () => ...`, an arrow in an object literal, a class field) is renamed by a
// defineProperty call when it is created, which costs a call per closure made and leaves the
// function object in V8's slow dictionary mode (~0.25 KB more each). The shipped CLI pays neither.
//   node --import ./bench/lib/as-built.mjs bench/scale-phases.ts
import { register } from 'node:module';

register('./as-built-hooks.mjs', import.meta.url);
