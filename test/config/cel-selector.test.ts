// Talos's CEL selectors compiled as Talos compiles them: the error texts are those of upstream's
// tests (pkg/machinery/config/types/{block,network}/*_test.go at v1.13.9), and evaluation over a
// machine's disks and links.
import { describe, expect, it } from 'vitest';
import { compileSelector, selectorMatches } from '../../nodes/config/index.ts';

const errorOf = (expression: string, environment: 'disk' | 'link' | 'volume') => {
  const compiled = compileSelector(expression, environment);
  return 'error' in compiled ? compiled.error : '';
};

describe('CEL selectors: compile errors with cel-go texts', () => {
  it('an int compared with a uint field has no overload, at the operator', () => {
    expect(errorOf('disk.size > 120', 'disk')).toBe("ERROR: <input>:1:11: found no matching overload for '_>_' applied to '(uint, int)'\n | disk.size > 120\n | ..........^");
  });
  it('a string field compared with an int', () => {
    expect(errorOf('volume.partition_label == 3', 'volume')).toBe("ERROR: <input>:1:24: found no matching overload for '_==_' applied to '(string, int)'\n | volume.partition_label == 3\n | .......................^");
  });
  it('a variable of another environment is an undeclared reference', () => {
    expect(errorOf('disk.size > 120', 'link')).toBe("ERROR: <input>:1:1: undeclared reference to 'disk' (in container '')\n | disk.size > 120\n | ^");
  });
  it('a field the proto message does not have, and every error of the expression', () => {
    expect(errorOf('link.name == "eth0" && up', 'link')).toBe(
      "ERROR: <input>:1:5: undefined field 'name'\n | link.name == \"eth0\" && up\n | ....^\nERROR: <input>:1:24: undeclared reference to 'up' (in container '')\n | link.name == \"eth0\" && up\n | .......................^");
  });
  it('a non-bool result is refused as Talos refuses it', () => {
    expect(errorOf('disk.transport', 'disk')).toBe('expression output type is string, expected bool');
  });
  it('a syntax error is framed with its position', () => {
    expect(errorOf('disk.size >', 'disk')).toMatch(/^ERROR: <input>:1:12: Syntax error: mismatched input '<EOF>' expecting /);
  });
  it("upstream's examples compile", () => {
    for (const [expression, environment] of [
      ['disk.size > 120u * GB && disk.size < 1u * TB', 'disk'], ['disk.transport == "sata" && !disk.rotational && !system_disk', 'disk'],
      ['mac(link.permanent_addr) == "00:1a:2b:3c:4d:5e"', 'link'], ['glob("00:1a:2b:*", mac(link.permanent_addr))', 'link'], ['link.driver == "e1000"', 'link'],
      ['volume.partition_label == "MY-DATA"', 'volume'], ['volume.name == "xfs" && disk.serial == "SERIAL123"', 'volume'],
    ] as const) expect(errorOf(expression, environment)).toBe('');
  });
});

describe('CEL selectors: evaluation', () => {
  const disk = { disk: { size: 500e9, transport: 'nvme', rotational: false, model: 'Samsung SSD' }, system_disk: false };
  it('sizes, constants, strings and unset fields', () => {
    expect(selectorMatches('disk.size > 120u * GB && disk.size < 1u * TB', 'disk', disk)).toBe(true);
    expect(selectorMatches('disk.size >= 1u * TB', 'disk', disk)).toBe(false);
    expect(selectorMatches('disk.model.startsWith("Samsung") && !system_disk', 'disk', disk)).toBe(true);
    expect(selectorMatches('disk.serial == ""', 'disk', disk)).toBe(true);
    expect(selectorMatches('disk.transport in ["sata", "nvme"]', 'disk', disk)).toBe(true);
  });
  it('a selector that does not compile matches nothing', () => {
    expect(selectorMatches('disk.size > 120', 'disk', disk)).toBe(false);
  });
  it('link selectors by driver and MAC glob', () => {
    const link = { link: { driver: 'e1000', permanent_addr: '00:1A:2B:3C:4D:5E' } };
    expect(selectorMatches('glob("00:1a:2b:*", mac(link.permanent_addr))', 'link', link)).toBe(true);
    expect(selectorMatches('link.driver == "virtio_net"', 'link', link)).toBe(false);
  });
});
