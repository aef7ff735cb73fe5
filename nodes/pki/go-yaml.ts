// YAML written the way Talos's Go code writes it (go.yaml.in/yaml v3/v4 Marshal): 4-space
// indentation, sequences indented under their key, a mapping inside a sequence item starting on
// the dash line with its nested blocks 4 columns right of the dash, `{}`/`[]` for empty
// collections, double quotes for strings that would read back as another type, single quotes for
// strings plain style cannot carry. Object key order is kept. Leaves out multi-line strings,
// anchors, comments and sequences directly inside sequences.

export type GoYamlValue = string | number | boolean | null | GoYamlValue[] | { [key: string]: GoYamlValue };

const indentWidth = 4;

const oldBooleans = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const otherTypedScalars = [
  /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/,
  /^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/,
  /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/,
  /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/,
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/,
  /^\d{4}-\d\d?-\d\d?([Tt ]|$)/,
];

function readsBackAsOtherType(text: string): boolean {
  return text === '' || oldBooleans.has(text) || otherTypedScalars.some((pattern) => pattern.test(text));
}

function plainStyleAllowed(text: string): boolean {
  if (/^[\s]|[\s]$/.test(text) || /[\n\r\t]/.test(text)) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(text)) return false;
  if (/^[-?:](\s|$)/.test(text) || text.startsWith('---') || text.startsWith('...')) return false;
  return !text.includes(': ') && !text.includes(' #') && !text.endsWith(':');
}

export function formatGoYamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (readsBackAsOtherType(value)) return JSON.stringify(value);
  if (plainStyleAllowed(value)) return value;
  return `'${value.replaceAll("'", "''")}'`;
}

function isCollection(value: GoYamlValue): value is GoYamlValue[] | { [key: string]: GoYamlValue } {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: GoYamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : isCollection(value) && Object.keys(value).length === 0;
}

function inlineForm(value: GoYamlValue): string | undefined {
  if (!isCollection(value)) return formatGoYamlScalar(value);
  if (isEmptyCollection(value)) return Array.isArray(value) ? '[]' : '{}';
  return undefined;
}

/** Writes a mapping whose keys sit at `keyColumn` and whose nested blocks start at `childColumn`. */
function emitMapping(mapping: { [key: string]: GoYamlValue }, keyColumn: number, childColumn: number, lines: string[], firstPrefix?: string): void {
  Object.entries(mapping).forEach(([key, value], index) => {
    const prefix = index === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(keyColumn);
    const inline = inlineForm(value);
    if (inline !== undefined) {
      lines.push(`${prefix}${formatGoYamlScalar(key)}: ${inline}`);
      return;
    }
    lines.push(`${prefix}${formatGoYamlScalar(key)}:`);
    if (Array.isArray(value)) emitSequence(value, childColumn, lines);
    else emitMapping(value as { [key: string]: GoYamlValue }, childColumn, childColumn + indentWidth, lines);
  });
}

function emitSequence(items: GoYamlValue[], dashColumn: number, lines: string[]): void {
  const dash = `${' '.repeat(dashColumn)}- `;
  for (const item of items) {
    const inline = inlineForm(item);
    if (inline !== undefined) lines.push(`${dash}${inline}`);
    else if (Array.isArray(item)) throw new RangeError('sequences directly inside sequences are not supported');
    else emitMapping(item as { [key: string]: GoYamlValue }, dashColumn + 2, dashColumn + indentWidth, lines, dash);
  }
}

/** One document's text, ending in a newline. */
export function emitGoYaml(document: { [key: string]: GoYamlValue }): string {
  const lines: string[] = [];
  emitMapping(document, 0, indentWidth, lines);
  return `${lines.join('\n')}\n`;
}

/** Several documents joined by `---` lines, as Talos writes a multi-document machine config. */
export function emitGoYamlDocuments(documents: Array<{ [key: string]: GoYamlValue }>): string {
  return documents.map(emitGoYaml).join('---\n');
}
