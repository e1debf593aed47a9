// SLO arithmetic shared by the spec rules and the rule constructs: windows, burn-rate factors,
// error budgets.

export const SLI_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];
const WINDOW_HOURS: Record<SliWindow, number> = { "5m": 5 / 60, "30m": 0.5, "1h": 1, "2h": 2, "6h": 6, "1d": 24, "3d": 72 };

/**
 * Each alert fires when both windows burn faster than `factor` × the sustainable rate, where the
 * factor spends `budgetSpent` of the period's budget within the long window: 14.4, 6, 3 and 1 for
 * a 30-day period (2 % in 1 h, 5 % in 6 h, 10 % in 1 d, 10 % in 3 d).
 */
export const BURN_RATE_ALERTS = [
  { severity: "page", short: "5m", long: "1h", budgetSpent: 0.02 },
  { severity: "page", short: "30m", long: "6h", budgetSpent: 0.05 },
  { severity: "ticket", short: "2h", long: "1d", budgetSpent: 0.1 },
  { severity: "ticket", short: "6h", long: "3d", budgetSpent: 0.1 },
] as const;

export function burnRateFactor(budgetSpent: number, longWindow: SliWindow, period: string): number {
  const periodHours = Number.parseInt(period, 10) * 24;
  return round((budgetSpent * periodHours) / WINDOW_HOURS[longWindow]);
}

/** The highest factor any alert uses: the page alert on the 1-hour window. */
export function fastestBurnRateFactor(period: string): number {
  return Math.max(...BURN_RATE_ALERTS.map(({ budgetSpent, long }) => burnRateFactor(budgetSpent, long, period)));
}

/** Share of requests that may fail: 1 − objective, exact to the objective's decimals. */
export function errorBudget(objectivePercent: number): number {
  return round((100 - objectivePercent) / 100);
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}
