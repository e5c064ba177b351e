// Every playground scenario, by id: the Node runner, the tests and the pages take them from here.
import type { Scenario } from '../scenario.ts';
import { connQueueFull } from './conn_queue_full.ts';

export const scenarios: Record<string, Scenario> = Object.fromEntries([connQueueFull].map((s) => [s.id, s]));

export const scenarioIds: string[] = Object.keys(scenarios);
