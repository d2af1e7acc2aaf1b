/**
 * An inline confirmation under the bar (no blocking dialog): a question with "Yes" and
 * "Cancel" buttons. Focus moves to "Cancel" and returns to the button that asked.
 */
import { byId, setText, show } from '../common/dom.js';

export function confirmInline(
  question: string,
  yesLabel: string,
  from: HTMLElement,
): Promise<boolean> {
  const box = byId('confirm');
  const yes = byId<HTMLButtonElement>('confirm-yes');
  const no = byId<HTMLButtonElement>('confirm-no');
  setText(byId('confirm-text'), question);
  setText(yes, yesLabel);
  show(box);
  no.focus();
  return new Promise((resolve) => {
    const answer = (value: boolean) => {
      yes.onclick = null;
      no.onclick = null;
      box.onkeydown = null;
      show(box, false);
      if (!value) from.focus();
      resolve(value);
    };
    yes.onclick = () => answer(true);
    no.onclick = () => answer(false);
    box.onkeydown = (event) => {
      if (event.key === 'Escape') answer(false);
    };
  });
}
