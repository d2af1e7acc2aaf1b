/**
 * The settings form: loaded from `GET api/admin/settings`, saved with `PUT` (only the
 * fields that changed). Validation is the API's own, so the rules cannot drift: each bad
 * field's message (`fields` in the 400 answer) is shown next to that field, which is
 * marked invalid, and focus goes to the first one.
 */
import { byId, setText, show } from '../common/dom.js';
import { adminText } from '../text/admin.js';
import type { AdminApi } from './admin-api.js';

type Settings = Record<string, string | number>;

export class SettingsForm {
  private readonly form = byId<HTMLFormElement>('settings');
  private readonly status = byId('settings-status');
  private saved: Settings = {};

  constructor(private readonly api: AdminApi) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  async load(): Promise<void> {
    const result = await this.api.get<Settings>('api/admin/settings');
    if (!result.ok) return;
    this.saved = result.value;
    for (const input of this.inputs()) input.value = String(result.value[input.name] ?? '');
  }

  private async save(): Promise<void> {
    const changes: Record<string, string> = {};
    for (const input of this.inputs()) {
      this.markField(input, null);
      if (input.value.trim() !== String(this.saved[input.name] ?? ''))
        changes[input.name] = input.value.trim();
    }
    setText(this.status, '');
    const result = await this.api.send<Settings>('PUT', 'api/admin/settings', changes);
    if (result.ok) {
      this.saved = result.value;
      for (const input of this.inputs()) input.value = String(result.value[input.name] ?? '');
      setText(this.status, adminText.saved);
      this.status.dataset.outcome = 'saved';
      return;
    }
    const { fields, message } = result.problem;
    let first: HTMLInputElement | null = null;
    for (const input of this.inputs()) {
      const error = fields[input.name];
      if (error === undefined) continue;
      this.markField(input, error);
      first ??= input;
    }
    setText(this.status, first ? adminText.saveFailed : message);
    this.status.dataset.outcome = 'failed';
    first?.focus();
  }

  private markField(input: HTMLInputElement, error: string | null): void {
    const slot = byId(`${input.id}-error`);
    setText(slot, error ?? '');
    show(slot, error !== null);
    if (error === null) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  }

  private inputs(): HTMLInputElement[] {
    return [...this.form.querySelectorAll<HTMLInputElement>('input[name]')];
  }
}
