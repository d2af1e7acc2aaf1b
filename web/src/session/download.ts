/**
 * "Download my copy": first asks the notebook in the frame (same origin) to save, so the
 * copy has the visitor's latest edits, then fetches the notebook from the hub
 * (`api/sessions/<id>/download`) and hands it to the browser as a file. A notebook UI
 * without the classic `Jupyter.notebook` object still gets its last saved version.
 */
import { toProblem } from '../common/http.js';
import { sessionText } from '../text/session.js';

interface ClassicJupyterWindow {
  Jupyter?: { notebook?: { dirty?: boolean; save_notebook?: () => Promise<unknown> } };
}

const saveTimeoutMs = 10_000;

export async function saveInFrame(frame: HTMLIFrameElement): Promise<void> {
  let notebook: NonNullable<ClassicJupyterWindow['Jupyter']>['notebook'];
  try {
    notebook = (frame.contentWindow as unknown as ClassicJupyterWindow | null)?.Jupyter?.notebook;
  } catch {
    return; // Not reachable (another origin): download the last saved version.
  }
  if (!notebook?.save_notebook) return;
  const timeout = new Promise<void>((resolve) => window.setTimeout(resolve, saveTimeoutMs));
  await Promise.race([notebook.save_notebook().catch(() => undefined), timeout]);
}

/** Downloads the session's notebook `file`; resolves to the file name, rejects with a message. */
export async function downloadCopy(base: string, sessionId: string, file: string): Promise<string> {
  const url = `${base}api/sessions/${sessionId}/download?file=${encodeURIComponent(file)}`;
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new Error(sessionText.unreachable);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    throw new Error(toProblem(response, body).message);
  }
  const blob = await response.blob();
  const name = file.split('/').pop() ?? 'notebook.ipynb';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return name;
}
