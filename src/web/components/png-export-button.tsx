/**
 * "Download as PNG" for a statistics chart: the image carries its title, the UTC time range and the
 * contributing sensor count. The canvas code (`export/chart-png.ts`) loads on first use.
 */
import { useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../i18n/i18n.tsx';
import { saveBlob } from '../lib/export.ts';

export interface PngExportProps {
  option: EChartsCoreOption;
  title: string;
  /** ISO times of the range the figures cover. */
  from: string;
  to: string;
  sensors: number;
  /** File name parts after `renkei-`, e.g. `['stats', 'port']`. */
  name: string[];
}

export function PngExportButton({ option, title, from, to, sensors, name }: PngExportProps) {
  const { t, formatNumber } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const png = await import('../export/chart-png.ts');
      const caption = {
        title,
        lines: [t('stats.pngRange', { from: png.utcMinute(from), to: png.utcMinute(to) }), t('stats.pngSensors', { sensors: formatNumber(sensors) })],
        attribution: t('stats.pngSource'),
      };
      saveBlob(png.pngFileName(name, from, to), await png.chartPng(option, caption));
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
        {t('stats.exportPng')}
      </button>
      {failed !== null && (
        <span role="alert" className="error-text">
          {t('stats.exportPngFailed', { detail: failed })}
        </span>
      )}
    </>
  );
}
