// Runs @grpc/proto-loader's `proto-loader-gen-types` over every proto talsim ships, producing the
// TypeScript shapes of requests, responses and service handlers in `proto/gen/`. The flags mirror
// the conversion rules in load.ts (TO_OBJECT_OPTIONS, keepCase) so the types describe exactly what
// grpc-js hands our handlers.
//
// The output is deterministic: the tool runs from the repository root with relative paths (its
// "Original file:" comments would otherwise carry absolute ones) and into an emptied directory.
// The tool also writes one top-level `<proto basename>.ts` per file with a `ProtoGrpcType` for
// typing `grpc.loadPackageDefinition`; for protos without a service those only hold unused
// declarations (which `noUnusedLocals` rejects) and are removed.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROTO_DIR, TALOS_PROTO_FILES } from './load.ts';

export const REPOSITORY_DIR = path.dirname(PROTO_DIR);
export const GENERATED_TYPES_DIR = path.join(PROTO_DIR, 'gen');

const GENERATOR_FLAGS = [
  '--keepCase',
  '--longs=String',
  '--enums=String',
  '--defaults',
  '--oneofs',
  '--grpcLib=@grpc/grpc-js',
  // Relative imports need an extension under NodeNext resolution; ours are `.ts` throughout.
  '--importFileExtension=.ts',
];

/** Writes the generated types into `outputDir`, removing whatever was there first. */
export function generateTypes(outputDir: string = GENERATED_TYPES_DIR): void {
  rmSync(outputDir, { recursive: true, force: true });
  const generator = path.join(REPOSITORY_DIR, 'node_modules', '.bin', 'proto-loader-gen-types');
  const includeDir = path.relative(REPOSITORY_DIR, PROTO_DIR);
  execFileSync(
    generator,
    [...GENERATOR_FLAGS, `--includeDirs=${includeDir}`, `--outDir=${outputDir}`, ...TALOS_PROTO_FILES],
    { cwd: REPOSITORY_DIR, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  removeServicelessRootFiles(outputDir);
}

function removeServicelessRootFiles(outputDir: string): void {
  for (const entry of readdirSync(outputDir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(outputDir, entry.name);
    if (!readFileSync(file, 'utf8').includes('typeof grpc.Client')) rmSync(file);
  }
}
