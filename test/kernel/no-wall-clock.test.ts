// Determinism by construction: nothing under sim/ or nodes/ reads the wall clock or draws
// unseeded randomness, except the real-time pacer and the network/UI/CLI edges.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ALLOWED = [/sim\/kernel\/pacer\.ts$/, /sim\/kernel\/xstate-clock\.ts$/ /* defines the clock's methods, calls the kernel */, /\/ui\//, /\/cli\//, /\/api\//, /\/server\//, /sim\/live\//, /sim\/kube-api\// /* the Kubernetes API edge: watch timeouts */];
const FORBIDDEN = /Date\.now\(|new Date\(\)|performance\.now\(|setTimeout\(|setInterval\(|setImmediate\(|Math\.random\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no wall clock inside the simulated world', () => {
  it('sim/ and nodes/ never read time or Math.random outside the allowed edges', () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles('sim'), ...sourceFiles('nodes')]) {
      if (ALLOWED.some((pattern) => pattern.test(file))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (FORBIDDEN.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*')) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
