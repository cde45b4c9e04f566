/**
 * Charts as SVG rendered on the server (ECharts server-side rendering), so the HTML page and the PDF
 * show the same picture and need no script. A bar per published figure of the table, this period beside
 * the previous one; withheld figures are left out and said so under the chart.
 */
import * as echarts from 'echarts';
import type { ReportLang, ReportTable } from '../../../core/reports/model.ts';

const FONT = '"Noto Sans CJK JP", "Noto Sans JP", sans-serif';

/** The SVG of a table's bar chart, or null when no figure of it is published above zero. */
export function tableChartSvg(t: ReportTable, lang: ReportLang, opts: { width?: number } = {}): string | null {
  const rows = t.rows.filter((r) => r.status === 'published');
  // Nothing to draw: no published figure, or only zeros.
  if (rows.every((r) => !r.value)) return null;
  const width = opts.width ?? 640;
  const height = Math.max(120, 40 + rows.length * 34);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const labels = rows.map((r) => r.label).reverse();
    const hasPrev = rows.some((r) => r.previous?.status === 'published');
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 12 },
      grid: { left: 8, right: 72, top: hasPrev ? 28 : 8, bottom: 8, containLabel: true },
      legend: hasPrev ? { top: 0, data: [lang === 'ja' ? '当期' : 'This period', lang === 'ja' ? '前期' : 'Previous period'], textStyle: { fontFamily: FONT } } : undefined,
      xAxis: { type: 'value', axisLabel: { fontFamily: FONT } },
      yAxis: { type: 'category', data: labels, axisLabel: { fontFamily: FONT, width: 200, overflow: 'truncate' } },
      series: [
        { name: lang === 'ja' ? '当期' : 'This period', type: 'bar', data: rows.map((r) => r.value).reverse(), itemStyle: { color: '#1f5f8b' }, label: { show: true, position: 'right', fontFamily: FONT } },
        ...(hasPrev ? [{ name: lang === 'ja' ? '前期' : 'Previous period', type: 'bar', data: rows.map((r) => (r.previous?.status === 'published' ? r.previous.value : null)).reverse(), itemStyle: { color: '#b9c7d3' } }] : []),
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
