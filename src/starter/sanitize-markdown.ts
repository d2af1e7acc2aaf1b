/**
 * CKAN's Markdown description made safe to put in a notebook cell: raw HTML is shown as
 * text (every `<` escaped), links and images keep only http(s) and mailto targets,
 * and control characters are dropped. Markdown structure (headings, lists, emphasis) stays.
 */
export function sanitizeMarkdown(markdown: string): string {
  return (
    markdown
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/</g, '&lt;')
      .replace(/(!?\[[^\]]*\]\()\s*([^)\s]*)/g, (whole, open: string, target: string) =>
        /^(https?:|mailto:)/i.test(target) ? whole : `${open}#`,
      )
      .trim()
  );
}
