// The Version latency load from a process of its own (as talosctl is): reads a job (JSON file
// named by argv[2]: the client's PEMs, named sets of `host:port` targets, clients, calls, rounds),
// runs the load on each set in turn for `rounds` rounds (A, B, A, B...: drifting machine load hits
// every set alike), and writes {set: call times in ms} as JSON to the job's `outFile`.
import { readFileSync, writeFileSync } from 'node:fs';
import { versionClient, versionLatencies, type ClientPems } from './version-load.ts';

export interface LoadJob {
  pems: ClientPems;
  /** Credentials of a set whose cluster has its own CA (default: `pems`). */
  setPems?: Record<string, ClientPems>;
  sets: Record<string, string[]>;
  clients: number;
  calls: number;
  rounds: number;
  outFile: string;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadJob;
const sets = Object.entries(job.sets).map(([name, addresses]) => ({ name, targets: addresses.map((address) => versionClient(address, job.setPems?.[name] ?? job.pems)) }));
const times: Record<string, number[]> = Object.fromEntries(sets.map((set) => [set.name, []]));
for (let round = 0; round < job.rounds; round++) {
  for (const set of sets) times[set.name]!.push(...(await versionLatencies(set.targets, job.clients, job.calls)));
}
for (const set of sets) for (const target of set.targets) target.close();
writeFileSync(job.outFile, JSON.stringify(times));
process.exit(0);
