// Every playground scenario, by id: the Node runner, the tests and the pages take them from here.
import type { Scenario } from '../scenario.ts';
import { acceptOneByOne } from './accept_one_by_one.ts';
import { debugTimeoutsScenario, idleTimeout } from './breakpoint.ts';
import { connQueueFull } from './conn_queue_full.ts';
import { retry } from './retry.ts';
import { smallInitial } from './small_initial.ts';
import { versionNegotiation } from './version_negotiation.ts';
import { zeroRTTBeforeInitial } from './zero_rtt.ts';

/** In the order of the chapters. */
const all: Scenario[] = [acceptOneByOne, connQueueFull, retry, smallInitial, versionNegotiation, zeroRTTBeforeInitial, idleTimeout, debugTimeoutsScenario];

export const scenarios: Record<string, Scenario> = Object.fromEntries(all.map((s) => [s.id, s]));

export const scenarioIds: string[] = Object.keys(scenarios);
