export { createMetricsRegistry } from './registry.js'
export { registerOldestWaitingGauge, registerQueueGauge, QUEUE_STATES, type CountableQueue, type InspectableQueue } from './queue-gauge.js'
export { registerDependencyGauges, type DependencyGaugeSources } from './dependency-gauges.js'
export { metricsPlugin, type MetricsPluginOptions } from './metrics-plugin.js'
