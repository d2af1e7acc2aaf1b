import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentTask, taskPhase, type SwarmNode, type SwarmTask } from './task-phase.js';

const node = (state: string): SwarmNode => ({
  ID: 'n1',
  Description: { Hostname: 'cnh-sw2' },
  Status: { State: state, Addr: '10.231.0.12' },
});

const task = (state: string, extra: Partial<SwarmTask> = {}): SwarmTask => ({
  ID: 't1',
  NodeID: 'n1',
  DesiredState: 'running',
  Status: { State: state, Message: state },
  ...extra,
});

describe('taskPhase', () => {
  test('no task yet, or one not on a node: scheduling, with what Swarm says', () => {
    assert.deepEqual(taskPhase(null, null, 8888), { phase: 'scheduling' });
    const pending = taskPhase(
      {
        Status: {
          State: 'pending',
          Message: 'pending task scheduling',
          Err: 'no suitable node (insufficient resources on 3 nodes)',
        },
      },
      null,
      8888,
    );
    assert.deepEqual(pending, {
      phase: 'scheduling',
      detail: 'no suitable node (insufficient resources on 3 nodes)',
    });
  });

  test('image pull and container start are preparing and starting, on a named node', () => {
    assert.deepEqual(taskPhase(task('preparing'), node('ready'), 8888), {
      phase: 'preparing',
      node: 'cnh-sw2',
    });
    for (const state of ['ready', 'starting'])
      assert.deepEqual(taskPhase(task(state), node('ready'), 8888), {
        phase: 'starting',
        node: 'cnh-sw2',
      });
  });

  test('running: the URL is the node address and the published host port', () => {
    const ports = { Ports: [{ TargetPort: 8888, PublishedPort: 30001 }] };
    const running = task('running', {
      Status: { State: 'running', PortStatus: ports },
    });
    assert.deepEqual(taskPhase(running, node('ready'), 8888), {
      phase: 'running',
      node: 'cnh-sw2',
      url: 'http://10.231.0.12:30001',
    });
    assert.deepEqual(taskPhase(task('running'), node('ready'), 8888), {
      phase: 'running',
      node: 'cnh-sw2',
      url: null,
    });
    const v6 = { ...node('ready'), Status: { State: 'ready', Addr: 'fd00::12' } };
    assert.equal((taskPhase(running, v6, 8888) as { url: string }).url, 'http://[fd00::12]:30001');
  });

  test('a task that ended: exited, with its exit code and error', () => {
    const failed = task('failed', {
      Status: {
        State: 'failed',
        Err: 'task: non-zero exit (137)',
        ContainerStatus: { ExitCode: 137 },
      },
    });
    assert.deepEqual(taskPhase(failed, node('ready'), 8888), {
      phase: 'ended',
      reason: 'exited',
      exitCode: 137,
      detail: 'task failed: task: non-zero exit (137)',
    });
    for (const state of ['complete', 'shutdown', 'rejected', 'orphaned', 'remove'])
      assert.equal(taskPhase(task(state), node('ready'), 8888).phase, 'ended', state);
    const stopping = task('running', { DesiredState: 'shutdown' });
    assert.equal(taskPhase(stopping, node('ready'), 8888).phase, 'ended');
  });

  test('a task on a node that is down or gone: node-lost, whatever it last said', () => {
    for (const state of ['down', 'disconnected'])
      assert.deepEqual(taskPhase(task('running'), node(state), 8888), {
        phase: 'ended',
        reason: 'node-lost',
        detail: `node cnh-sw2 is ${state}`,
      });
    assert.deepEqual(taskPhase(task('starting'), null, 8888), {
      phase: 'ended',
      reason: 'node-lost',
      detail: 'node n1 left the swarm',
    });
    // Its exit was reported before the node went: that stays the reason.
    const exited = task('failed', {
      Status: { State: 'failed', ContainerStatus: { ExitCode: 1 } },
    });
    assert.equal((taskPhase(exited, node('down'), 8888) as { reason: string }).reason, 'exited');
    assert.equal(taskPhase(task('running'), node('unknown'), 8888).phase, 'running');
  });
});

describe('currentTask', () => {
  test('the newest task counts', () => {
    const tasks = [
      { ID: 'a', CreatedAt: '2026-12-02T07:00:00Z' },
      { ID: 'b', CreatedAt: '2026-12-02T07:05:00Z' },
      { ID: 'c', CreatedAt: '2026-12-02T07:01:00Z' },
    ];
    assert.equal(currentTask(tasks)?.ID, 'b');
    assert.equal(currentTask([]), null);
  });
});
