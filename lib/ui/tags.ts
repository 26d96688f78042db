/**
 * The tags typed into a host form: split on commas and white space, empty
 * pieces dropped. The server checks each tag and removes repeats, so this
 * only has to agree with what the field's hint promises ("comma-separated").
 */
export function parseTagInput(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
