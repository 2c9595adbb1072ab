import { Counter, Gauge, Histogram, register, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration, type Metric } from 'prom-client';

/**
 * Getters for the process's metrics in prom-client's default registry (`register`), the one `/metrics`
 * exposes. Each returns the metric already registered under that name (by this module or by any other
 * code that registered it) or registers it: a module built twice in one process (two test apps) never
 * fails on "already registered". The configuration of the first registration wins.
 */
export const Metrics = {
  counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
    return existing(config.name, Counter) ?? new Counter<L>(config);
  },
  histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
    return existing(config.name, Histogram) ?? new Histogram<L>(config);
  },
  gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
    return existing(config.name, Gauge) ?? new Gauge<L>(config);
  },
};

function existing<M extends Metric>(name: string, type: abstract new (...args: never[]) => M): M | undefined {
  const found = register.getSingleMetric(name);
  if (found === undefined) return undefined;
  if (!(found instanceof type)) throw new Error(`metric ${name} is already registered as another type`);
  return found as M;
}
