import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedRanges } from '../../docker/network-guard.js';
import { guardRemovalScript, guardScript } from './guard-script.js';
import { guardServiceSpec } from './guard-service-spec.js';
import { sessionAddress, sessionEndpointSpec, sessionNetworkSpec } from './session-network-spec.js';
import { swarmGuardPlan, type SwarmGuardOptions } from './swarm-guard-plan.js';

const options: SwarmGuardOptions = {
  hubSources: ['10.0.0.5'],
  nodeAddresses: ['203.0.113.7', '198.51.100.0/24', '8.8.4.4'],
  egress: true,
  sessionPort: 8888,
};

test('the egress chain rejects node addresses (as /32) and every blocked range, then returns', () => {
  const rules = swarmGuardPlan(options).chains['CNH-SWARM-EGRESS']!;
  assert.match(rules[0]!, /ESTABLISHED -j RETURN$/);
  assert.ok(rules.includes('-d 8.8.4.4/32 -j REJECT --reject-with icmp-admin-prohibited'));
  assert.ok(rules.includes('-d 198.51.100.0/24 -j REJECT --reject-with icmp-admin-prohibited'));
  for (const range of blockedRanges) assert.ok(rules.some((r) => r.startsWith(`-d ${range} `)));
  assert.ok(rules.some((r) => r.startsWith('-d 169.254.0.0/16 ')));
  assert.equal(rules.at(-1), '-j RETURN');
  const off = swarmGuardPlan({ ...options, egress: false }).chains['CNH-SWARM-EGRESS']!;
  assert.equal(off.at(-1), '-j REJECT --reject-with icmp-admin-prohibited');
});

test('only the hub sources open new connections to the session port; jumps name the bridge', () => {
  const plan = swarmGuardPlan({ ...options, gatewayBridge: 'gw0' });
  assert.deepEqual(plan.chains['CNH-SWARM-INGRESS'], [
    '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
    '-s 10.0.0.5/32 -j RETURN',
    '-p tcp -j REJECT --reject-with tcp-reset',
  ]);
  assert.deepEqual(plan.jumps, [
    ['DOCKER-USER', '-i gw0 -j CNH-SWARM-EGRESS'],
    ['DOCKER-USER', '-o gw0 -p tcp -m tcp --dport 8888 -j CNH-SWARM-INGRESS'],
    ['INPUT', '-i gw0 -j CNH-SWARM-INPUT'],
  ]);
});

test('bad input is refused with a clear error', () => {
  assert.throws(() => swarmGuardPlan({ ...options, hubSources: [] }), /hubSources is empty/);
  assert.throws(() => swarmGuardPlan({ ...options, hubSources: ['x; rm -rf /'] }), /not an IPv4/);
  assert.throws(() => swarmGuardPlan({ ...options, sessionPort: 0 }), /bad port/);
  assert.throws(() => swarmGuardPlan({ ...options, gatewayBridge: 'a b' }), /interface name/);
});

test('the guard script checks before it writes, and its removal undoes every jump and chain', () => {
  const plan = swarmGuardPlan(options);
  const script = guardScript(plan, 5);
  assert.match(
    script,
    /iptables -w 5 -C DOCKER-USER -i docker_gwbridge -j CNH-SWARM-EGRESS 2>\/dev\/null \|\|/,
  );
  assert.match(script, /sleep 5 & wait \$!/);
  assert.throws(() => guardScript(plan, 0), /bad interval/);
  const removal = guardRemovalScript(plan);
  for (const chain of Object.keys(plan.chains)) assert.match(removal, new RegExp(`-X ${chain}`));
  assert.match(removal, /while iptables -w 5 -D INPUT -i docker_gwbridge -j CNH-SWARM-INPUT/);
});

test('the guard service is global, on the host network, NET_ADMIN only', () => {
  const spec = guardServiceSpec({
    name: 'g',
    image: 'hub:1',
    plan: swarmGuardPlan(options),
    labels: { a: 'b' },
    constraints: ['node.labels.notebooks==true'],
  });
  assert.deepEqual(spec.Mode, { Global: {} });
  assert.deepEqual(spec.TaskTemplate?.Placement?.Constraints, ['node.labels.notebooks==true']);
  assert.deepEqual(spec.TaskTemplate?.Networks, [{ Target: 'host' }]);
  const template = spec.TaskTemplate as { ContainerSpec?: Record<string, unknown> } | undefined;
  const container = template?.ContainerSpec;
  assert.deepEqual(container?.CapabilityAdd, ['CAP_NET_ADMIN', 'CAP_NET_RAW']);
  assert.deepEqual(container?.CapabilityDrop, ['ALL']);
});

test('session network, endpoint and address', () => {
  const net = sessionNetworkSpec({ name: 'n', labels: { a: 'b' } });
  assert.equal(net.Driver, 'overlay');
  assert.equal(net.Attachable, false);
  assert.deepEqual(sessionEndpointSpec(8888).Ports, [
    { Protocol: 'tcp', TargetPort: 8888, PublishMode: 'host' },
  ]);
  const task = { Status: { PortStatus: { Ports: [{ TargetPort: 8888, PublishedPort: 30001 }] } } };
  assert.deepEqual(sessionAddress(task, { Status: { Addr: '10.1.2.3' } }, 8888), {
    host: '10.1.2.3',
    port: 30001,
  });
  assert.equal(sessionAddress({}, { Status: { Addr: '10.1.2.3' } }, 8888), null);
  assert.equal(sessionAddress(task, { Status: { Addr: '0.0.0.0' } }, 8888), null);
});
