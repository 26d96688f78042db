/**
 * Prometheus label sets of a host, shared by the exposition and remote write.
 * Pure. Label values are any text (escaped where written); label names must
 * match [a-zA-Z_][a-zA-Z0-9_]*, so a tag's name is sanitised and prefixed
 * `tag_` (which also keeps it off the reserved `__` names and off `host`).
 */

export type Labels = [name: string, value: string][];

/** Host tags are `name:value` or `name=value` (the first separator splits); a bare tag reads as `tag_<name>="true"`. */
export function tagLabels(tags: readonly string[]): Labels {
  const out: Labels = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    const at = tag.search(/[:=]/);
    const rawName = at < 0 ? tag : tag.slice(0, at);
    const value = at < 0 ? 'true' : tag.slice(at + 1);
    const name = `tag_${sanitiseLabelName(rawName)}`;
    // Two tags that sanitise alike (`a-b`, `a.b`) would repeat a label, which Prometheus refuses: the first one wins.
    if (seen.has(name)) continue;
    seen.add(name);
    out.push([name, value]);
  }
  return out;
}

/** Any text as the tail of a label name: every character outside [a-zA-Z0-9_] becomes `_`. */
export function sanitiseLabelName(text: string): string {
  return text.replace(/[^a-zA-Z0-9_]/g, '_') || '_';
}

/** The labels every series of a host carries. */
export function hostLabels(host: { id: string; name: string; tags: readonly string[] }): Labels {
  return [['host', host.name], ['host_id', host.id], ...tagLabels(host.tags)];
}

/** A label value inside double quotes, as both text formats want it. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
