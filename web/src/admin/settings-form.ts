/**
 * The settings form: loaded from `GET api/admin/settings`, saved with `PUT` (only the
 * fields that changed). Validation is the API's own, so the rules cannot drift: each bad
 * field's message (`fields` in the 400 answer) is shown next to that field, which is
 * marked invalid, and focus goes to the first one. A field (`[data-field]`) is a text
 * input, a switch (one checkbox, a boolean) or a list (checkboxes, an array of values).
 */
import { byId, setText, show } from '../common/dom.js';
import { adminText } from '../text/admin.js';
import type { AdminApi } from './admin-api.js';

type Value = string | number | boolean | readonly string[];
type Settings = Record<string, Value>;

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
    this.fill(result.value);
  }

  private fill(settings: Settings): void {
    this.saved = settings;
    for (const field of this.fields()) {
      const value = settings[field.dataset.field!];
      const inputs = this.inputsOf(field);
      if (field.dataset.kind === 'switch') inputs[0]!.checked = value === true;
      else if (field.dataset.kind === 'list')
        for (const box of inputs) box.checked = Array.isArray(value) && value.includes(box.value);
      else inputs[0]!.value = String(value ?? '');
    }
  }

  private valueOf(field: HTMLElement): Value {
    const inputs = this.inputsOf(field);
    if (field.dataset.kind === 'switch') return inputs[0]!.checked;
    if (field.dataset.kind === 'list') return inputs.filter((b) => b.checked).map((b) => b.value);
    return inputs[0]!.value.trim();
  }

  private async save(): Promise<void> {
    const changes: Settings = {};
    for (const field of this.fields()) {
      this.markField(field, null);
      const name = field.dataset.field!;
      const value = this.valueOf(field);
      const saved = this.saved[name];
      const same =
        typeof value === 'string'
          ? value === String(saved ?? '')
          : JSON.stringify(value) === JSON.stringify(saved);
      if (!same) changes[name] = value;
    }
    setText(this.status, '');
    const result = await this.api.send<Settings>('PUT', 'api/admin/settings', changes);
    if (result.ok) {
      this.fill(result.value);
      setText(this.status, adminText.saved);
      this.status.dataset.outcome = 'saved';
      return;
    }
    const { fields, message } = result.problem;
    let first: HTMLInputElement | null = null;
    for (const field of this.fields()) {
      const error = fields[field.dataset.field!];
      if (error === undefined) continue;
      this.markField(field, error);
      first ??= this.inputsOf(field)[0] ?? null;
    }
    setText(this.status, first ? adminText.saveFailed : message);
    this.status.dataset.outcome = 'failed';
    first?.focus();
  }

  private markField(field: HTMLElement, error: string | null): void {
    const slot = byId(`setting-${field.dataset.field!}-error`);
    setText(slot, error ?? '');
    show(slot, error !== null);
    const target = field.dataset.kind === 'list' ? field : this.inputsOf(field)[0]!;
    if (error === null) target.removeAttribute('aria-invalid');
    else target.setAttribute('aria-invalid', 'true');
  }

  private fields(): HTMLElement[] {
    return [...this.form.querySelectorAll<HTMLElement>('[data-field]')];
  }

  private inputsOf(field: HTMLElement): HTMLInputElement[] {
    return [...field.querySelectorAll<HTMLInputElement>('input[name]')];
  }
}
