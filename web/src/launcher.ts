/**
 * The minimal launcher: asks the hub for a session, follows its progress over
 * server-sent events (queue position, stages), and moves into the notebook when ready.
 */
interface SessionView {
  id: string;
  state: string;
  stage: string;
  url: string | null;
  queue_position: number | null;
  ended_reason: string | null;
  error: string | null;
}

const root = document.getElementById('launcher');
const statusLine = document.getElementById('status');

function say(text: string): void {
  if (statusLine) statusLine.textContent = text;
}

function describe(view: SessionView): string {
  switch (view.stage) {
    case 'queued':
      return `All sessions are in use. You are number ${view.queue_position ?? '?'} in the queue; this page starts your session by itself.`;
    case 'fetching':
      return 'Fetching the notebook…';
    case 'starting':
      return 'Starting your Jupyter server…';
    case 'connecting':
      return 'Connecting…';
    case 'ready':
      return 'Ready. Opening the notebook…';
    default:
      return view.state === 'ended'
        ? `The session ended (${view.ended_reason ?? 'unknown'}). ${view.error ?? ''}`
        : view.state;
  }
}

async function launch(): Promise<void> {
  if (!root) return;
  const base = root.dataset.base ?? '/';
  const body = root.dataset.launch ?? '{}';
  const response = await fetch(`${base}api/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  const first = (await response.json()) as SessionView & { message?: string };
  if (!response.ok) {
    say(first.message ?? `The hub answered ${response.status}.`);
    return;
  }
  const events = new EventSource(`${base}api/sessions/${first.id}/events`);
  events.addEventListener('session', (event) => {
    const view = JSON.parse((event as MessageEvent<string>).data) as SessionView;
    say(describe(view));
    if (view.state === 'ready' && view.url) {
      events.close();
      location.assign(view.url);
    } else if (view.state === 'ended') events.close();
  });
}

void launch();
