/**
 * What the visitor sees in the Notebook 6 page, timed from a click: the notebook UI
 * (`Jupyter.notebook` fully loaded), the kernel idle (the page's kernel indicator shows
 * idle on a connected kernel), then each benchmark cell's output, each cell added at the
 * bottom and run through the page's own Jupyter JS API once the previous one has shown
 * its output. Times are milliseconds since `t0` (epoch ms, `Date.now()`); the page is
 * polled every 10 ms.
 */
import type { Frame } from 'playwright-core';
import { cells } from './example-workspace.js';

export interface NotebookMarks {
  ui: number;
  kernelIdle: number;
  /** Output of each cell of `cells`, in order. */
  outputs: number[];
}

interface NotebookCell {
  set_text(text: string): void;
  execute(): void;
  output_area: { element: ArrayLike<HTMLElement> };
}
interface JupyterWindow {
  Jupyter?: {
    notebook?: {
      _fully_loaded?: boolean;
      kernel?: { is_connected(): boolean } | null;
      insert_cell_at_bottom(type: 'code'): NotebookCell;
    };
  };
  benchCells?: NotebookCell[];
}

export async function measureNotebook(
  frame: Frame,
  t0: number,
  timeout: number,
): Promise<NotebookMarks> {
  const options = { polling: 10, timeout };
  await frame.waitForFunction(
    () => (window as unknown as JupyterWindow).Jupyter?.notebook?._fully_loaded === true,
    undefined,
    options,
  );
  const ui = Date.now() - t0;
  await frame.waitForFunction(
    () =>
      (window as unknown as JupyterWindow).Jupyter?.notebook?.kernel?.is_connected() === true &&
      document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null,
    undefined,
    options,
  );
  const kernelIdle = Date.now() - t0;
  const outputs: number[] = [];
  for (const [index, cell] of cells.entries()) {
    await frame.evaluate(
      ({ code, index }) => {
        const w = window as unknown as JupyterWindow;
        const added = w.Jupyter!.notebook!.insert_cell_at_bottom('code');
        added.set_text(code);
        (w.benchCells ??= [])[index] = added;
        added.execute();
      },
      { code: cell.code, index },
    );
    const text = await frame.waitForFunction(
      (index) => {
        const area = (window as unknown as JupyterWindow).benchCells![index]!.output_area
          .element[0]!;
        return area.querySelector('.output_subarea') ? area.innerText : false;
      },
      index,
      options,
    );
    outputs.push(Date.now() - t0);
    const shown = String(await text.jsonValue());
    if (!shown.includes(cell.expect))
      throw new Error(`cell ${cell.name} showed ${JSON.stringify(shown.slice(0, 300))}`);
  }
  return { ui, kernelIdle, outputs };
}
