import assert from 'node:assert/strict';
import { SidebarClock } from '../../../src/providers/clock';

describe('sidebar clock (pure)', () => {
  function setup() {
    const ticks: [string, number][] = [];
    const timers = new Set<() => void>();
    let now = 1_000;
    const clock = new SidebarClock(
      [{ tick: (t) => ticks.push(['agents', t]) }, { tick: (t) => ticks.push(['runs', t]) }],
      {
        now: () => now,
        setInterval: (fn) => {
          timers.add(fn);
          return fn;
        },
        clearInterval: (fn) => timers.delete(fn as () => void),
      },
    );
    const fire = () => {
      now += 1_000;
      for (const fn of timers) fn();
    };
    return { clock, ticks, timers, fire };
  }

  it('ticks every view at one instant while the sidebar is visible, and not while hidden', () => {
    const { clock, ticks, timers, fire } = setup();
    assert.equal(timers.size, 0, 'hidden at first');
    clock.setVisible(true);
    clock.setVisible(true);
    assert.equal(timers.size, 1, 'one timer however often it is told');
    fire();
    fire();
    assert.deepEqual(ticks, [
      ['agents', 2_000],
      ['runs', 2_000],
      ['agents', 3_000],
      ['runs', 3_000],
    ]);
    clock.setVisible(false);
    assert.equal(timers.size, 0);
    assert.equal(clock.running, false);
  });
});
