/** ECharts (tree-shaken, SVG renderer) wrapped for React; the chart carries a text label for screen readers. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export function Chart({ option, label, height = 260 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, null, { renderer: 'svg', height });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, [height]);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div className="chart" ref={ref} role="img" aria-label={label} style={{ height }} />;
}

/** A horizontal bar chart of counts, largest first (top `max`). */
export function barOption(counts: Record<string, number>, max = 15): EChartsCoreOption {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, max).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: entries.map((e) => e[0]) },
    series: [{ type: 'bar', data: entries.map((e) => e[1]), itemStyle: { color: '#1d5fa8' } }],
  };
}

/** A line over time (latency by default); null points (failed checks) are gaps. */
export function latencyOption(points: { at: string; ms: number | null }[], unit = 'ms'): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p.at) },
    yAxis: { type: 'value', name: unit },
    series: [{ type: 'line', data: points.map((p) => p.ms), connectNulls: false, itemStyle: { color: '#1d5fa8' } }],
  };
}
