import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bridgeInterfaceName } from './docker-names.js';
import {
  applyNetworkGuard,
  blockedRanges,
  guardPlan,
  removeNetworkGuard,
} from './network-guard.js';
import { networkMismatch, networkSpec } from './network-spec.js';
import type { NetworkInspectInfo } from 'dockerode';

/** An in-memory iptables that understands the few commands the guard uses. */
function fakeIptables() {
  const chains = new Map<string, string[]>([
    ['INPUT', []],
    ['DOCKER-USER', ['-j RETURN']],
  ]);
  const calls: string[] = [];
  const run = async (args: string[]): Promise<string> => {
    calls.push(args.join(' '));
    const [op, chain, ...rest] = args;
    const rules = chains.get(chain!);
    if (op === '-N') {
      if (rules) throw new Error('Chain already exists');
      chains.set(chain!, []);
      return '';
    }
    if (!rules) throw new Error(`No chain ${chain}`);
    const rule = rest.join(' ');
    switch (op) {
      case '-S':
        return [`-N ${chain}`, ...rules.map((r) => `-A ${chain} ${r}`)].join('\n') + '\n';
      case '-F':
        rules.length = 0;
        return '';
      case '-A':
        rules.push(rule);
        return '';
      case '-I':
        rules.splice(Number(rest[0]) - 1, 0, rest.slice(1).join(' '));
        return '';
      case '-C':
        if (!rules.includes(rule)) throw new Error('Bad rule');
        return '';
      case '-D': {
        const at = rules.indexOf(rule);
        if (at < 0) throw new Error('Bad rule');
        rules.splice(at, 1);
        return '';
      }
      case '-X':
        chains.delete(chain!);
        return '';
    }
    throw new Error(`unexpected ${op}`);
  };
  return { chains, calls, run };
}

describe('network guard', () => {
  const iface = bridgeInterfaceName('ckan-notebook-hub-sessions');

  test('the bridge interface name fits Linux (15 bytes) and is stable', () => {
    assert.match(iface, /^cnh-[0-9a-f]{11}$/);
    assert.equal(bridgeInterfaceName('ckan-notebook-hub-sessions'), iface);
    assert.notEqual(bridgeInterfaceName('other'), iface);
  });

  test('the plan rejects new connections to the host and to every special-purpose range', () => {
    const plan = guardPlan(iface);
    const forward = plan.chains[`${iface.toUpperCase()}-FWD`]!;
    const input = plan.chains[`${iface.toUpperCase()}-IN`]!;
    assert.equal(forward[0], '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN');
    for (const range of [
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '169.254.0.0/16',
      '100.64.0.0/10',
      '127.0.0.0/8',
    ]) {
      assert.ok(blockedRanges.includes(range as (typeof blockedRanges)[number]), range);
      assert.ok(
        forward.includes(`-d ${range} -j REJECT --reject-with icmp-admin-prohibited`),
        range,
      );
    }
    assert.equal(forward.at(-1), '-j RETURN');
    assert.deepEqual(input, [
      '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-p tcp -j REJECT --reject-with tcp-reset',
      '-j REJECT --reject-with icmp-admin-prohibited',
    ]);
    assert.deepEqual(plan.jumps, [
      ['DOCKER-USER', `-i ${iface} -j ${iface.toUpperCase()}-FWD`],
      ['INPUT', `-i ${iface} -j ${iface.toUpperCase()}-IN`],
    ]);
    for (const chain of Object.keys(plan.chains)) assert.ok(chain.length <= 28, chain);
  });

  test('applying puts the jumps first, and applying again changes nothing', async () => {
    const fake = fakeIptables();
    fake.chains.get('INPUT')!.push('-j ACCEPT');
    await applyNetworkGuard(iface, fake.run);
    const plan = guardPlan(iface);
    assert.equal(fake.chains.get('DOCKER-USER')![0], plan.jumps[0]![1]);
    assert.equal(fake.chains.get('INPUT')![0], plan.jumps[1]![1]);
    const snapshot = JSON.stringify([...fake.chains]);
    fake.calls.length = 0;
    await applyNetworkGuard(iface, fake.run);
    assert.equal(JSON.stringify([...fake.chains]), snapshot);
    assert.ok(
      fake.calls.every((call) => /^-(S|C) /.test(call)),
      fake.calls.join('; '),
    );
  });

  test('a tampered chain is rewritten; removing leaves the other rules', async () => {
    const fake = fakeIptables();
    await applyNetworkGuard(iface, fake.run);
    const forward = `${iface.toUpperCase()}-FWD`;
    fake.chains.set(forward, ['-j RETURN']);
    await applyNetworkGuard(iface, fake.run);
    assert.deepEqual(fake.chains.get(forward), guardPlan(iface).chains[forward]);
    await removeNetworkGuard(iface, fake.run);
    await removeNetworkGuard(iface, fake.run);
    assert.deepEqual([...fake.chains.keys()], ['INPUT', 'DOCKER-USER']);
    assert.deepEqual(fake.chains.get('DOCKER-USER'), ['-j RETURN']);
  });
});

describe('network spec', () => {
  const options = { name: 'sessions', instanceId: 'hub1', egress: true };

  test('a bridge with ICC off, our interface name, no IPv6, labelled; internal without egress', () => {
    const spec = networkSpec(options);
    assert.equal(spec.Driver, 'bridge');
    assert.equal(spec.Internal, false);
    assert.equal(spec.EnableIPv6, false);
    assert.equal(spec.Options!['com.docker.network.bridge.enable_icc'], 'false');
    assert.equal(spec.Options!['com.docker.network.bridge.name'], bridgeInterfaceName('sessions'));
    assert.equal(spec.Labels!['org.ckan-notebook-hub.managed-by'], 'ckan-notebook-hub');
    assert.equal(networkSpec({ ...options, egress: false }).Internal, true);
  });

  test('an existing network is used only when it is ours and set up alike', () => {
    const spec = networkSpec(options);
    const existing = {
      Driver: 'bridge',
      Internal: false,
      EnableIPv6: false,
      Options: spec.Options,
      Labels: spec.Labels,
    };
    const asInfo = (value: object) => value as NetworkInspectInfo;
    assert.equal(networkMismatch(asInfo(existing), options), null);
    assert.equal(networkMismatch(asInfo({ ...existing, Labels: {} }), options)?.foreign, true);
    assert.equal(networkMismatch(asInfo({ ...existing, Internal: true }), options)?.foreign, false);
    const icc = {
      ...existing,
      Options: { ...spec.Options, 'com.docker.network.bridge.enable_icc': 'true' },
    };
    assert.equal(networkMismatch(asInfo(icc), options)?.foreign, false);
  });
});
