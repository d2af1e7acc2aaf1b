/** Where a notebook file opens inside a session, per server layout (see the server presets in the README). */
export type ServerLayout = 'notebook6' | 'notebook7' | 'lab';

export function notebookPath(layout: ServerLayout, file: string): string {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return layout === 'lab' ? `lab/tree/${encoded}` : `notebooks/${encoded}`;
}
