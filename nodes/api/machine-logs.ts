// MachineService Logs, LogsContainers and Dmesg over the node's log store: service logs of the
// `system` namespace (tail_lines, -1 = all; follow until the client goes), the list of log ids,
// and the kernel ring buffer as `talosctl dmesg` prints it (`<facility>: <priority>: [<time>]:
// <text>`, times on the node's clock). A static pod's container (`logs -k`, the support bundle)
// reads the lines the model writes under its name, which today are none: an empty log. Any other
// container answers as containerd does for a container it does not have.
import { goError, TalosApiError } from '../api-error.ts';
import type { StreamHandler, UnaryHandler } from './api-contract.ts';
import type { KmsgRecord, LogLine } from '../logs/log-store.ts';
import type { VirtualNode } from '../node.ts';
import { nodeWallMs, rfc3339Nano, single } from './handler-support.ts';
import { untilAborted } from './virtual-wait.ts';
import { containerRows } from './machine-containers.ts';

/** Talos's stream chunker reads up to this many bytes per Data message. */
const CHUNK_BYTES = 4_096;
const SYSTEM_NAMESPACE = 'system';
const KUBERNETES_NAMESPACE = 'k8s.io';

type Send = (message: unknown) => void;

/** Lines joined into chunks of at most CHUNK_BYTES (a longer line is its own chunk). */
function sendLines(lines: readonly LogLine[], send: Send): void {
  let chunk = '';
  for (const line of lines) {
    const text = `${line.text}\n`;
    if (chunk.length > 0 && Buffer.byteLength(chunk) + Buffer.byteLength(text) > CHUNK_BYTES) {
      send({ bytes: Buffer.from(chunk) });
      chunk = '';
    }
    chunk += text;
  }
  if (chunk.length > 0) send({ bytes: Buffer.from(chunk) });
}

interface LogsRequest {
  namespace: string;
  id: string;
  driver: string;
  follow: boolean;
  tail_lines: number;
}

/** What containerd answers for a log of a container talsim does not run. */
function refuseContainerLog(request: LogsRequest): never {
  if (request.namespace === '') throw new TalosApiError('InvalidArgument', "namespace can't be empty");
  if (request.driver === 'CRI' && request.namespace !== KUBERNETES_NAMESPACE) throw goError('CRI inspector is supported only for K8s namespace');
  throw goError(`container "${request.id}" not found`);
}

/** The log id of a container of the k8s.io namespace: by its full id or `<pod>:<container>` (the CRI inspector's forms). */
function kubernetesLogId(node: VirtualNode, request: LogsRequest): string | undefined {
  const rows = request.namespace === KUBERNETES_NAMESPACE ? containerRows(node, KUBERNETES_NAMESPACE, 'CRI') : [];
  const row = rows.find((candidate) => candidate.status === 'CONTAINER_RUNNING' && (candidate.id === request.id || `${candidate.podId}:${candidate.name}` === request.id));
  return row?.name;
}

const logs: StreamHandler = async (request: LogsRequest, { node, signal }, send) => {
  let logId = request.id;
  if (request.namespace !== SYSTEM_NAMESPACE && request.id !== 'kubelet') logId = kubernetesLogId(node, request) ?? refuseContainerLog(request);
  const lines = node.logs.lines(logId);
  sendLines(request.tail_lines >= 0 ? lines.slice(Math.max(0, lines.length - request.tail_lines)) : lines, send);
  if (!request.follow) return;
  const stop = node.logs.follow(logId, (line) => sendLines([line], send));
  await untilAborted(signal);
  stop();
};

const logsContainers: UnaryHandler = (_request, { node }) => single({ ids: node.logs.ids() });

/** One kmsg record as Talos's Dmesg sends it (Go's `%s: %7s: [%s]: %s`). */
export function formatKmsgRecord(node: VirtualNode, record: KmsgRecord): string {
  const text = record.text.endsWith('\n') ? record.text : `${record.text}\n`;
  return `${record.facility}: ${record.priority.padStart(7)}: [${rfc3339Nano(nodeWallMs(node, record.timeMs))}]: ${text}`;
}

const dmesg: StreamHandler = async (request: { follow: boolean; tail: boolean }, { node, signal }, send) => {
  const sendRecord = (record: KmsgRecord) => send({ bytes: Buffer.from(formatKmsgRecord(node, record)) });
  if (!request.tail) node.logs.kmsg.all().forEach(sendRecord);
  if (!request.follow) return;
  const stop = node.logs.kmsg.follow(sendRecord);
  await untilAborted(signal);
  stop();
};

export const logHandlers = {
  unary: { LogsContainers: logsContainers } as Record<string, UnaryHandler>,
  streams: { Logs: logs, Dmesg: dmesg } as Record<string, StreamHandler>,
};
