/** One line of the benchmark table. `ok` is set when a target applies. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  note?: string;
}

/** A benchmark module: `bench/<area>.ts` exports `run`. */
export type BenchModule = { run: () => Promise<BenchRow[]> };
