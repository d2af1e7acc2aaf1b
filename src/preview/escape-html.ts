/**
 * HTML escaping for text the preview writes itself (prompts, plain-text outputs, titles,
 * attribute values). Escaping `"` and `'` too makes the result safe in quoted attributes.
 */
const replacements: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so that `text` is inert in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => replacements[c] ?? c);
}
