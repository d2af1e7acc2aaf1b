/**
 * What stands in for an image the preview cannot show (a remote URL, which the CSP would
 * block anyway, or an unusable `data:` URI): a labelled span, so the reader knows that
 * something is missing and what it was.
 */
export interface ImagePlaceholderTag {
  tagName: 'span';
  attribs: { class: string; title: string };
}

/** A sanitize-html tag description for the placeholder of an image with `alt` text. */
export function imagePlaceholder(alt: string | undefined): ImagePlaceholderTag {
  const label = alt?.trim()
    ? `Image not shown in preview: ${alt.trim()}`
    : 'Image not shown in preview';
  return {
    tagName: 'span',
    attribs: { class: 'nb-image-placeholder', title: label.slice(0, 300) },
  };
}
