// Talos's access filter in front of the COSI state served to API clients: every write is
// refused, a read must name a registered type (found by its ResourceDefinition id, the type
// lower-cased) and a registered namespace, and a sensitive type (MachineConfig) is for os:admin
// only. Checks run in Talos's order: write, type, sensitivity, namespace. The error texts are
// the ones talosctl prints (facts §3). A registered type talsim does not model is answered last.
//
// Leaves out: the method-level RBAC (the server core checks that State Get/List/Watch are reader
// methods before a handler runs).

import { TalosApiError } from '../api-error.ts';
import { API_ERRORS } from '../vocabulary.ts';
import type { CallContext } from './api-contract.ts';
import { findRegisteredType, isEmulatedType, isServedNamespace } from './cosi-resource-definitions.ts';
import { answerUnmodelledType } from './cosi-unmodelled-types.ts';
import type { ResourceTypeDefinition } from '../resources/resource-types.ts';

export const COSI_ERRORS = {
  writeNotAllowed: 'write access is not allowed',
  typeNotSupported: (type: string) => `resource type "${type}" is not supported`,
  namespaceNotSupported: (namespace: string) => `namespace "${namespace}" is not supported`,
  notFound: (type: string, namespace: string, id: string) => `resource ${type}(${namespace}/${id}@undefined) doesn't exist`,
  bootstrapOnResourceWatch: 'bootstrap contents is not implemented for resource watch',
  labelQueryOnResourceWatch: 'label query is not implemented for resource watch',
  bookmarksUnsupported: 'watch bookmarks are not supported',
} as const;

/**
 * Refuses a read the caller may not make; returns the registered type's definition otherwise.
 * After Talos's checks, a type talsim does not model either reads as empty (when it certainly is
 * on this node) or is refused as not emulated (cosi-unmodelled-types.ts).
 */
export function authorizeRead(context: CallContext, namespace: string, type: string): ResourceTypeDefinition {
  const definition = findRegisteredType(type);
  if (definition === undefined) throw new TalosApiError('PermissionDenied', COSI_ERRORS.typeNotSupported(type));
  if (definition.sensitive && !context.roles.has('os:admin')) throw new TalosApiError('PermissionDenied', API_ERRORS.notAuthorized);
  if (!isServedNamespace(namespace)) throw new TalosApiError('PermissionDenied', COSI_ERRORS.namespaceNotSupported(namespace));
  if (!isEmulatedType(definition.type)) answerUnmodelledType(context.node.config, context.node.status.bootedKernelArgs, definition.type);
  return definition;
}

/** Every Create, Update, Destroy and Teardown through the API. */
export function refuseWrite(): never {
  throw new TalosApiError('PermissionDenied', COSI_ERRORS.writeNotAllowed);
}
