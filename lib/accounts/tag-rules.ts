/** Host tag rules the browser may know too (the forms show them; no zod here, so the fleet page stays light). */
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 40;
export const TAG_HINT = `up to ${MAX_TAGS}, each up to ${MAX_TAG_CHARS} letters, digits or _ . : / = -`;
