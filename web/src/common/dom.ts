/** Small DOM helpers shared by the pages. Pages get their data from `data-*` attributes. */

/** The element with `id`; throws when the page lacks it (a bug, not a runtime condition). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

export function show(element: HTMLElement, visible = true): void {
  element.hidden = !visible;
}

export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** A new element with text and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** Moves keyboard (and screen reader) focus to a heading or region that has tabindex=-1. */
export function focus(element: HTMLElement): void {
  element.focus({ preventScroll: false });
}
