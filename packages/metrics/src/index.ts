export { createMetricsRegistry } from './registry.js'
export { registerQueueGauge, QUEUE_STATES, type CountableQueue } from './queue-gauge.js'
export { metricsPlugin, type MetricsPluginOptions } from './metrics-plugin.js'
