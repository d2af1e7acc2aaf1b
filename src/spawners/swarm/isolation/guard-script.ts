/**
 * The node guard's program (pure): a POSIX shell script that makes the node's iptables
 * rules exactly those of a `GuardPlan`, then re-checks them every `intervalSeconds` (an
 * engine restart re-creates DOCKER-USER and may move Docker's jumps ahead). Applying is
 * idempotent: a chain is rewritten only when it differs, a jump is inserted only when
 * missing. When the guard stops, the rules stay: isolation fails closed, not open.
 * `guardRemovalScript` takes them away (decommissioning, tests).
 *
 * Runs in the hub image (its `iptables` picks the backend that holds DOCKER-USER) as root
 * with NET_ADMIN and NET_RAW, in the node's network namespace (host network).
 */
import type { GuardPlan } from '../../docker/network-guard.js';

const safe = /^[\w ./:,-]+$/;

function checked(text: string): string {
  if (!safe.test(text)) throw new Error(`unsafe text in a guard rule: ${text}`);
  return text;
}

function applyLines(plan: GuardPlan): string[] {
  const lines: string[] = [];
  for (const [chain, rules] of Object.entries(plan.chains)) {
    const wanted = rules.map((rule) => `-A ${checked(chain)} ${checked(rule)}`).join('\\n');
    lines.push(
      `iptables -w 5 -S ${chain} >/dev/null 2>&1 || iptables -w 5 -N ${chain}`,
      `if [ "$(iptables -w 5 -S ${chain} | grep -e '^-A ')" != "$(printf '%b' '${wanted}')" ]; then`,
      `  iptables -w 5 -F ${chain}`,
      ...rules.map((rule) => `  iptables -w 5 -A ${chain} ${rule}`),
      `  echo "guard: wrote ${chain}"`,
      'fi',
    );
  }
  for (const [chain, rule] of plan.jumps) {
    lines.push(
      `iptables -w 5 -C ${checked(chain)} ${checked(rule)} 2>/dev/null || ` +
        `{ iptables -w 5 -I ${chain} 1 ${rule} && echo "guard: jump ${chain} ${rule}"; }`,
    );
  }
  return lines;
}

/** The guard's long-running script: apply, then re-apply every `intervalSeconds`. */
export function guardScript(plan: GuardPlan, intervalSeconds = 10): string {
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1) {
    throw new Error(`bad interval: ${intervalSeconds}`);
  }
  return [
    'set -u',
    "trap 'exit 0' TERM INT",
    'apply() {',
    ...applyLines(plan).map((line) => `  ${line}`),
    '}',
    'while :; do',
    '  apply || echo "guard: apply failed" >&2',
    '  echo ready > /tmp/guard-ready',
    `  sleep ${intervalSeconds} & wait $!`,
    'done',
  ].join('\n');
}

/** A one-shot script that removes the plan's jumps and chains; idempotent. */
export function guardRemovalScript(plan: GuardPlan): string {
  const lines: string[] = [];
  for (const [chain, rule] of plan.jumps) {
    lines.push(`while iptables -w 5 -D ${checked(chain)} ${checked(rule)} 2>/dev/null; do :; done`);
  }
  for (const chain of Object.keys(plan.chains)) {
    lines.push(
      `iptables -w 5 -F ${checked(chain)} 2>/dev/null; iptables -w 5 -X ${chain} 2>/dev/null`,
    );
  }
  lines.push('true');
  return lines.join('\n');
}
