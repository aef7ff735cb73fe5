// Talos' checks of node labels, annotations and taints (pkg/machinery/labels): Kubernetes
// qualified names, label values, reserved annotations and taint effects, with Talos' texts.
// Each returns the list of problems for one map, keys visited in sorted order as Talos does.

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** Longest input quoted in a message: a 1 MB label value must not make a 1 MB error (Talos quotes it whole). */
const MAX_QUOTED_CHARS = 128;
function quoted(value: string): string {
  return value.length > MAX_QUOTED_CHARS ? `${JSON.stringify(value.slice(0, MAX_QUOTED_CHARS))}... (${value.length} characters)` : JSON.stringify(value);
}
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const QUALIFIED_NAME_PART = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_PART}$`);
const LABEL_VALUE = new RegExp(`^(${QUALIFIED_NAME_PART})?$`);
const RESERVED_ANNOTATIONS = new Set(['talos.dev/owned-labels', 'talos.dev/owned-annotations', 'talos.dev/owned-taints']);
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const ANNOTATIONS_SIZE_LIMIT_BYTES = 256 * 1024;

function sortedKeys(map: Record<string, string>): string[] {
  return Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Talos' labels.ValidateDNS1123Subdomain: '' when valid. */
export function subdomainError(value: string): string {
  if (value.length > 253) return `domain name length exceeds limit of 253: ${quoted(value)}`;
  return DNS1123_SUBDOMAIN.test(value) ? '' : `domain doesn't match required format: ${quoted(value)}`;
}

/** A Kubernetes qualified name (`prefix/name`): '' when valid. */
export function qualifiedNameError(value: string): string {
  const parts = value.split('/');
  if (parts.length > 2) return `invalid format: too many slashes: ${quoted(value)}`;
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    if (parts[0].length === 0) return `prefix cannot be empty: ${quoted(value)}`;
    const prefixError = subdomainError(parts[0]);
    if (prefixError !== '') return `prefix ${quoted(parts[0])} is invalid: ${prefixError}`;
  }
  if (name.length === 0) return `name cannot be empty: ${quoted(value)}`;
  if (name.length > 63) return `name is too long: ${quoted(value)} (limit is 63)`;
  return QUALIFIED_NAME.test(name) ? '' : `name ${quoted(name)} is invalid`;
}

/** A label value: '' when valid. */
export function labelValueError(value: string): string {
  if (value.length > 63) return `label value length exceeds limit of 63: ${quoted(value)}`;
  return LABEL_VALUE.test(value) ? '' : `label value ${quoted(value)} is invalid`;
}

export function nodeLabelsErrors(labels: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const key of sortedKeys(labels)) {
    const nameError = qualifiedNameError(key);
    if (nameError !== '') errors.push(nameError);
    const valueError = labelValueError(labels[key]);
    if (valueError !== '') errors.push(valueError);
  }
  return errors;
}

export function nodeAnnotationsErrors(annotations: Record<string, string>): string[] {
  const errors: string[] = [];
  let sizeBytes = 0;
  for (const key of sortedKeys(annotations)) {
    const nameError = qualifiedNameError(key);
    if (nameError !== '') errors.push(nameError);
    if (RESERVED_ANNOTATIONS.has(key)) errors.push(`annotation ${quoted(key)} is reserved`);
    sizeBytes += Buffer.byteLength(key) + Buffer.byteLength(annotations[key]);
  }
  if (sizeBytes > ANNOTATIONS_SIZE_LIMIT_BYTES) {
    errors.push(`total annotation size exceeds limit of ${ANNOTATIONS_SIZE_LIMIT_BYTES} bytes`);
  }
  return errors;
}

export function nodeTaintsErrors(taints: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const key of sortedKeys(taints)) {
    const nameError = qualifiedNameError(key);
    if (nameError !== '') {
      errors.push(nameError);
      continue;
    }
    const separator = taints[key].indexOf(':');
    const effect = separator < 0 ? taints[key] : taints[key].slice(separator + 1);
    if (!TAINT_EFFECTS.includes(effect)) {
      errors.push(`invalid taint effect: ${quoted(effect)}`);
      continue;
    }
    if (separator >= 0) {
      const valueError = labelValueError(taints[key].slice(0, separator));
      if (valueError !== '') errors.push(valueError);
    }
  }
  return errors;
}
