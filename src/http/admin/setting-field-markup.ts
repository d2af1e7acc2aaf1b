/**
 * The markup of one field of the dashboard's settings form: a text input for numbers and
 * sizes, a checkbox for a switch (`explore_datasets`), a group of checkboxes for a list
 * drawn from a fixed set (`explore_formats`). Every field has `data-field`, a hint with
 * the configured default and an error slot `setting-<name>-error`, which
 * web/src/admin/settings-form.ts fills.
 */
import { escapeHtml } from '../html.js';
import { loadableFormats } from '../../starter/reader-for.js';

const choices: Readonly<Record<string, readonly string[]>> = {
  explore_formats: loadableFormats,
};
const switches = new Set(['explore_datasets']);

export function settingFieldMarkup(
  name: string,
  label: string,
  hint: string,
  configured: unknown,
  t: { defaultValue: (value: string) => string; switchOn: string; switchOff: string },
): string {
  const id = `setting-${name}`;
  const shown = Array.isArray(configured)
    ? configured.join(', ')
    : typeof configured === 'boolean'
      ? configured
        ? t.switchOn
        : t.switchOff
      : String(configured);
  const hintHtml = `<p id="${id}-hint" class="hint">${escapeHtml(hint)} ${escapeHtml(t.defaultValue(shown))}</p>
  <p id="${id}-error" class="field-error" hidden></p>`;
  const options = choices[name];
  if (options)
    return `<fieldset class="field choices" data-field="${name}" data-kind="list" aria-describedby="${id}-hint ${id}-error">
  <legend>${escapeHtml(label)}</legend>
  ${options
    .map(
      (value) =>
        `<label class="choice"><input type="checkbox" name="${name}" value="${escapeHtml(value)}"> ${escapeHtml(value)}</label>`,
    )
    .join('\n  ')}
  ${hintHtml}
</fieldset>`;
  if (switches.has(name))
    return `<div class="field" data-field="${name}" data-kind="switch">
  <label class="choice"><input id="${id}" name="${name}" type="checkbox" aria-describedby="${id}-hint ${id}-error"> ${escapeHtml(label)}</label>
  ${hintHtml}
</div>`;
  const numeric = name !== 'memory_limit';
  return `<div class="field" data-field="${name}" data-kind="text">
  <label for="${id}">${escapeHtml(label)}</label>
  <input id="${id}" name="${name}" type="text"${numeric ? ' inputmode="numeric"' : ''} aria-describedby="${id}-hint ${id}-error">
  ${hintHtml}
</div>`;
}
