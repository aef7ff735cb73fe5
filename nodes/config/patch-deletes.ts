// `$patch: delete` in strategic-merge patches, as Talos' decoder handles it: a mapping holding
// `$patch: delete` removes the field at its path from the patched config (`machine:
// {network: {$patch: delete}}` drops machine.network); inside a list it removes the first item
// whose field matches the mapping's first other key (`interfaces: [{interface: eth1, $patch:
// delete}]`). Deletes are taken out of the patch and applied before the rest of it merges.
// Leaves out: deletes aimed at multi-document kinds.
import { ConfigError } from './config-error.ts';
import type { ConfigObject, ConfigValue } from './machine-config-types.ts';
import { schemaAt } from './v1alpha1-schema.ts';

export interface DeleteSelector {
  /** Path segments; list items appear as '[index]'. */
  path: string[];
  /** For an item of a list: the field and value that pick the item to delete. */
  key: string;
  value: string;
}

function isObject(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDeleteMarker(value: ConfigObject): boolean {
  return value.$patch === 'delete';
}

function listItemSelector(path: string[], item: ConfigObject): DeleteSelector {
  for (const [key, value] of Object.entries(item)) {
    if (key === '$patch') continue;
    return { path, key, value: typeof value === 'string' ? value : JSON.stringify(value) };
  }
  throw new ConfigError(`error processing patch delete statements at line 0: no key:val found in sequence node for path ${path.join('.')}`, 0, 0, path.join('.'));
}

/** Removes delete markers from `patch` (in place) and returns them in document order. */
export function extractDeletes(patch: ConfigObject): DeleteSelector[] {
  if (isDeleteMarker(patch)) throw new ConfigError("patch delete: path '' in document '/v1alpha1': can't delete the root of the legacy document", 0, 0, '');
  const selectors: DeleteSelector[] = [];
  const visit = (node: ConfigValue, path: string[], inList: boolean): boolean => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item = node[index];
        if (isObject(item) && isDeleteMarker(item)) {
          selectors.push(listItemSelector([...path, `[${index}]`], item));
          node.splice(index--, 1);
        } else visit(item, [...path, `[${index}]`], true);
      }
      return false;
    }
    if (!isObject(node)) return false;
    for (const [key, value] of Object.entries(node)) {
      if (isObject(value) && isDeleteMarker(value)) {
        if (inList || path.some((segment) => segment.startsWith('['))) {
          throw new ConfigError(`error processing patch delete statements at line 0: cannot delete an inner key in '${[...path, key].join('.')}'`, 0, 0, [...path, key].join('.'));
        }
        selectors.push({ path: [...path, key], key: '', value: '' });
        delete node[key];
      } else visit(value, [...path, key], inList);
    }
    return false;
  };
  visit(patch, [], false);
  return selectors;
}

function lookupFailed(selector: DeleteSelector): never {
  const path = selector.path.join('.');
  throw new ConfigError(`patch delete: path '${path}' in document '/v1alpha1': failed to delete path '${path}': lookup failed`, 0, 0, path);
}

function deleteListItem(list: ConfigValue[], selector: DeleteSelector, listPath: string): void {
  const itemSchema = schemaAt(`${listPath}[]`);
  const field = itemSchema?.kind === 'struct' ? itemSchema.fields[selector.key] : undefined;
  const index = list.findIndex((item) => isObject(item) && field?.kind === 'scalar' && field.scalarType === 'string' && item[selector.key] === selector.value);
  if (index < 0) lookupFailed(selector);
  list.splice(index, 1);
}

/** Applies one delete selector to a decoded config (in place). */
export function applyDelete(config: ConfigObject, selector: DeleteSelector): void {
  let node: ConfigValue | undefined = config;
  const fieldPath: string[] = [];
  for (let depth = 0; depth < selector.path.length - 1; depth++) {
    const segment = selector.path[depth];
    if (!isObject(node) || node[segment] === undefined || node[segment] === null) lookupFailed(selector);
    node = (node as ConfigObject)[segment];
    fieldPath.push(segment);
  }
  const last = selector.path[selector.path.length - 1];
  if (last.startsWith('[')) {
    if (!Array.isArray(node)) lookupFailed(selector);
    deleteListItem(node as ConfigValue[], selector, fieldPath.join('.'));
    return;
  }
  if (!isObject(node)) lookupFailed(selector);
  const parentSchema = schemaAt(fieldPath.join('.'));
  const isStructField = fieldPath.length === 0 || parentSchema?.kind === 'struct';
  if (!isStructField && !(last in (node as ConfigObject))) lookupFailed(selector);
  delete (node as ConfigObject)[last];
}
