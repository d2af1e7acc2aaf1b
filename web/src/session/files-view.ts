/**
 * The per-file lines under the launch stages while a dataset launch copies its files:
 * one line per file with its name and state (waiting, bytes so far of its size, done,
 * skipped and why, failed). Hidden when the session reports no files.
 */
import { byId, el, setText, show } from '../common/dom.js';
import { sessionText } from '../text/session.js';
import type { FileLine } from './types.js';

export class FilesView {
  private readonly list = byId<HTMLUListElement>('files');
  private readonly lines = new Map<string, HTMLLIElement>();

  reset(): void {
    this.list.replaceChildren();
    this.lines.clear();
    show(this.list, false);
  }

  update(files: readonly FileLine[] | null | undefined): void {
    if (!files || files.length === 0) return;
    show(this.list, true);
    for (const file of files) {
      const key = `${file.kind}:${file.resource_id}`;
      let line = this.lines.get(key);
      if (!line) {
        line = el('li');
        const name = file.kind === 'datastore' ? sessionText.file.datastore(file.name) : file.name;
        line.append(
          el('span', name, { class: 'file-name' }),
          el('span', '', { class: 'file-state' }),
        );
        this.lines.set(key, line);
        this.list.append(line);
      }
      line.dataset.state = file.state;
      setText(line.querySelector<HTMLElement>('.file-state')!, stateText(file));
    }
  }
}

function stateText(file: FileLine): string {
  const t = sessionText.file;
  switch (file.state) {
    case 'waiting':
      return t.waiting;
    case 'fetching':
      return t.fetching(file.bytes, file.size);
    case 'done':
      return t.done(file.bytes);
    case 'failed':
      return t.failed;
    case 'skipped':
      return file.reason === 'size'
        ? t.skipped.size(file.size)
        : file.reason === 'link'
          ? t.skipped.link
          : t.skipped.format;
  }
}
