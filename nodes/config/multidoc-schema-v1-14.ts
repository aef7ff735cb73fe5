// Field tables of kinds Talos first registers in v1.14 (pkg/machinery/config/types/runtime at
// v1.14.0-rc.1; names and Go types are facts): SysctlConfig, SysfsConfig, KernelModuleConfig and
// UdevRulesConfig. They are reachable only when the node's Talos version is v1.14 or later
// (registered-kinds.ts); below it the kinds are "not registered".
// Leaves out: the other v1.14 kinds (Kube*Config, EtcFileConfig, LVM/RAID, CRI, discovery...),
// which are kept without a field check.
import { document, list, map, str } from './multidoc-schema-builders.ts';
import type { DocumentSchema } from './multidoc-schema-builders.ts';

export const V1_14_DOCUMENT_SCHEMAS: Record<string, DocumentSchema> = {
  KernelModuleConfig: document('runtime.KernelModuleConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    name: str(),
    parameters: list('[]string', str()),
  }),
  SysctlConfig: document('runtime.SysctlConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    params: map('map[string]string', str()),
  }),
  SysfsConfig: document('runtime.SysfsConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    params: map('map[string]string', str()),
  }),
  UdevRulesConfig: document('runtime.UdevRulesConfigV1Alpha1', {
    apiVersion: str(),
    kind: str(),
    rules: list('[]string', str()),
  }),
};
