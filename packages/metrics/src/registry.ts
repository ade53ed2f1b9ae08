import { Registry, collectDefaultMetrics } from 'prom-client'

/**
 * One registry per app, never prom-client's global one: tests build many apps in one process,
 * and each must report only its own numbers. Node's default metrics (event-loop lag, heap, GC,
 * CPU) are included; every series carries the service name.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 })
  return registry
}
