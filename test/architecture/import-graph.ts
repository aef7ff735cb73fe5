// Reads the import graph of the repository's sources (relative imports only, type-only ones
// included: a type cycle is still a knot), finds the strongly connected components (cycles) and
// the arrows that break the layer rule. Used by import-rules.test.ts; leaves out package imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export type ImportGraph = Map<string, Set<string>>;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/g;
const DYNAMIC = /import\(\s*'([^']+)'\s*\)/g;

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative import targets of one file, as repository paths. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const targets: string[] = [];
  for (const pattern of [IMPORT, DYNAMIC]) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1];
      if (spec.startsWith('.')) targets.push(normalize(join(dirname(file), spec)));
    }
  }
  return targets;
}

export function readImportGraph(roots: string[], base = '.'): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const root of roots) {
    for (const file of sourceFiles(join(base, root))) {
      const name = relative(base, file);
      graph.set(name, new Set(importsOf(file).map((target) => relative(base, target))));
    }
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself). */
export function cycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (start: string) => {
    // Iterative Tarjan: frames of (file, its remaining edges).
    const frames: Array<[string, string[]]> = [];
    const open = (file: string) => {
      indices.set(file, index);
      low.set(file, index);
      index += 1;
      stack.push(file);
      onStack.add(file);
      frames.push([file, [...(graph.get(file) ?? [])].filter((target) => graph.has(target))]);
    };
    open(start);
    while (frames.length > 0) {
      const [file, edges] = frames[frames.length - 1];
      const next = edges.shift();
      if (next !== undefined) {
        if (!indices.has(next)) open(next);
        else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, indices.get(next)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(file)!));
      }
      if (low.get(file) === indices.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== file);
        if (component.length > 1 || graph.get(file)?.has(file)) found.push(component.sort());
      }
    }
  };
  for (const file of [...graph.keys()].sort()) if (!indices.has(file)) visit(file);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}
