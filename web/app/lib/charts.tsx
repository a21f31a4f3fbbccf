/**
 * Charts for report pages (recharts). The page is server-rendered with its
 * figures in tables; the charts draw on the client after hydration (recharts
 * measures the container), with a placeholder of the same height before that,
 * so nothing jumps and a page without JavaScript still has every number.
 */
import { useEffect, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface ChartSeries {
  key: string;
  label: string;
  color?: string;
}

export interface ChartProps {
  data: Record<string, string | number | null>[];
  /** the category (x) field */
  xKey: string;
  series: ChartSeries[];
  height?: number;
  /** accessible name of the chart */
  title: string;
}

const PALETTE = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

function Frame({ title, height, children }: { title: string; height: number; children?: React.ReactNode }) {
  return (
    <figure className="chart" role="img" aria-label={title} style={{ height, margin: 0 }}>
      {children}
    </figure>
  );
}

export function BarChartView({ data, xKey, series, height = 260, title, stacked }: ChartProps & { stacked?: boolean }) {
  const mounted = useMounted();
  if (!mounted) return <Frame title={title} height={height} />;
  return (
    <Frame title={title} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color ?? PALETTE[i % PALETTE.length]}
              stackId={stacked ? "stack" : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Frame>
  );
}

export function LineChartView({ data, xKey, series, height = 260, title }: ChartProps) {
  const mounted = useMounted();
  if (!mounted) return <Frame title={title} height={height} />;
  return (
    <Frame title={title} height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color ?? PALETTE[i % PALETTE.length]}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Frame>
  );
}
