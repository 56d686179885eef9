import type { OfferScenarioResult } from './scenario-offer.js';
import type { TurnComparisonResult } from './turn-comparison.js';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const cpu = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

/** Left-aligned text columns, padded to the widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The human-readable summary of one turn comparison: medians per bot, ratios against the baseline, every run. */
export function formatTurnComparison(result: TurnComparisonResult): string {
  const { load } = result;
  const lines: string[] = [];
  lines.push(`Turns: ${result.title}`);
  lines.push(
    `(${load.concurrency} connections, ${load.warmupMs / 1000} s warm-up + ${load.durationMs / 1000} s per run, ` +
      `median of ${load.rounds} interleaved rounds; baseline: ${result.baseline})`,
  );
  lines.push(
    table([
      ['bot', 'runs', 'turns/s', 'p50 ms', 'p99 ms', 'cpu ms/turn', 'errors'],
      ...result.summaries.map((s) => [s.label, String(s.runs), s.turnsPerSecond.toFixed(0), ms(s.p50Ms), ms(s.p99Ms), cpu(s.cpuMsPerTurn), String(s.errors)]),
    ]),
  );
  lines.push('');
  lines.push(
    table([
      [`bot / ${result.baseline}`, 'throughput', 'target', 'p99', 'target', 'verdict', 'cpu/turn'],
      ...result.ratios.map((r) => [
        r.label,
        ratio(r.throughput),
        `>= ${result.target.throughput}x`,
        ratio(r.p99),
        `<= ${result.target.p99}x`,
        r.meetsTarget ? 'meets' : 'MISSES',
        ratio(r.cpuPerTurn),
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    table([
      ['run', 'round', 'turns/s', 'p50 ms', 'p99 ms', 'max ms', 'cpu ms/turn', 'errors', 'connector calls', 'state mismatches'],
      ...result.runs.map((r) => [
        r.label,
        String(r.round),
        r.turnsPerSecond.toFixed(0),
        ms(r.p50Ms),
        ms(r.p99Ms),
        ms(r.maxMs),
        cpu(r.cpuMsPerTurn),
        String(r.errors),
        String(r.connectorCalls),
        r.mismatches === undefined ? '-' : String(r.mismatches),
      ]),
    ]),
  );
  for (const run of result.runs.filter((r) => r.firstError)) lines.push(`${run.label} round ${run.round} first error: ${run.firstError}`);
  return lines.join('\n');
}

/** The human-readable summary of the offer-to-card scenario; `reference` is a baseline turn, for scale. */
export function formatOffer(offer: OfferScenarioResult, reference?: { label: string; p50Ms: number; p99Ms: number }): string {
  const { options } = offer;
  const lines = [`Offer to card (${options.agents} agents Available, ${options.ratePerSecond}/s for ${options.seconds} s, open loop)`];
  if (offer.setup) {
    lines.push(
      `setup: ${offer.setup.agents} agents installed + phone + Available in ${offer.setup.seconds.toFixed(1)} s (${offer.setup.turnsPerSecond.toFixed(0)} turns/s)`,
    );
  }
  if (!offer.available) {
    lines.push(`offer-to-card: not available yet (${offer.reason})`);
    return lines.join('\n');
  }
  const statuses = Object.entries(offer.httpStatuses)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
  lines.push(
    table([
      ['measure', 'p50 ms', 'p99 ms', 'notes'],
      [
        'offer-to-card',
        ms(offer.p50Ms),
        ms(offer.p99Ms),
        `${offer.cardsWithinLimit}/${offer.offered} cards within ${options.cardWithinMs / 1000} s, ${offer.cards} cards in all, max ${ms(offer.maxMs)} ms`,
      ],
      ['platform API answer', ms(offer.httpP50Ms), ms(offer.httpP99Ms), `HTTP ${statuses}; sender lag p99 ${ms(offer.sendLagP99Ms)} ms`],
      ...(reference ? [[`${reference.label} turn (reference)`, ms(reference.p50Ms), ms(reference.p99Ms), 'closed loop, for scale']] : []),
    ]),
  );
  if (offer.firstRefusal) lines.push(`first refusal: ${offer.firstRefusal}`);
  return lines.join('\n');
}
