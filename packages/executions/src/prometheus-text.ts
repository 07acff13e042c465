/** One sample of a metric family. */
export interface PrometheusSample {
  /** Appended to the family name: `_bucket`, `_sum`, `_count` for histograms; empty otherwise. */
  suffix?: '' | '_bucket' | '_sum' | '_count';
  /** Label names and values. */
  labels: Readonly<Record<string, string>>;
  /** The value. */
  value: number;
}

/** A metric family: name, help, type and its samples. */
export interface PrometheusFamily {
  /** Metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
  name: string;
  /** `# HELP` text. */
  help: string;
  /** `# TYPE`. */
  type: 'counter' | 'gauge' | 'histogram';
  /** Samples; a family without samples is left out of the output. */
  samples: PrometheusSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as the text format spells it (`+Inf`, `NaN`, shortest round-trip decimal). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Renders families in the Prometheus text exposition format (version 0.0.4), the format of the
 * node_exporter textfile collector: no timestamps, one `# HELP` and `# TYPE` per family, label
 * values escaped. Throws `TypeError` on an invalid metric or label name, so a bad name is a
 * bug found in tests rather than a file Prometheus rejects.
 */
export function renderPrometheusText(families: readonly PrometheusFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new TypeError(`Expected a Prometheus metric name, got "${family.name}"`);
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels).map(([name, value]) => {
        if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new TypeError(`Expected a Prometheus label name, got "${name}"`);
        return `${name}="${escapeLabelValue(value)}"`;
      });
      const labelText = labels.length === 0 ? '' : `{${labels.join(',')}}`;
      lines.push(`${family.name}${sample.suffix ?? ''}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
