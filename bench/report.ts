import type { OfferScenarioResult } from './scenario-offer.js';
import type { StatusScenarioResult } from './scenario-status.js';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
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

/** The human-readable summary of both scenarios. */
export function formatReport(status: StatusScenarioResult, offer: OfferScenarioResult): string {
  const { options } = status;
  const lines: string[] = [];
  lines.push(
    `Scenario A: status change turn (${options.agents} agents, ${options.concurrency} in flight, ` +
      `${options.warmupMs / 1000} s warm-up + ${options.durationMs / 1000} s, median of ${options.rounds} interleaved rounds)`,
  );
  lines.push(
    table([
      ['bot', 'runs', 'turns/s', 'p50 ms', 'p99 ms', 'errors'],
      ...status.summaries.map((s) => [s.bot, String(s.runs), s.turnsPerSecond.toFixed(0), ms(s.p50Ms), ms(s.p99Ms), String(s.errors)]),
    ]),
  );
  lines.push('');
  lines.push(
    table([
      ['ours / echo', 'throughput', 'target', 'p99', 'target', 'verdict'],
      ...status.ratios.map((r) => [
        r.bot,
        ratio(r.throughput),
        `>= ${r.throughputTarget}x`,
        ratio(r.p99),
        `<= ${r.p99Target}x`,
        r.meetsTarget ? 'meets' : 'MISSES',
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    table([
      ['run', 'round', 'turns/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'check'],
      ...status.runs.map((r) => [
        r.bot,
        String(r.round),
        r.turnsPerSecond.toFixed(0),
        ms(r.p50Ms),
        ms(r.p99Ms),
        ms(r.maxMs),
        String(r.errors),
        r.check.connectorReplies !== undefined
          ? `${r.check.connectorReplies} replies at connector (with warm-up)`
          : `${r.check.stateMismatches} state mismatches`,
      ]),
    ]),
  );
  for (const run of status.runs.filter((r) => r.check.firstError)) lines.push(`${run.bot} round ${run.round} first error: ${run.check.firstError}`);
  lines.push('');
  lines.push(...formatOffer(status, offer));
  return lines.join('\n');
}

function formatOffer(status: StatusScenarioResult, offer: OfferScenarioResult): string[] {
  const { options } = offer;
  const echo = status.summaries.find((s) => s.bot === 'echo')!;
  const lines = [`Scenario B: offer to card (${options.agents} agents Available, ${options.ratePerSecond}/s for ${options.seconds} s, open loop)`];
  if (offer.setup) {
    lines.push(
      `setup: ${offer.setup.agents} agents installed + phone + Available in ${offer.setup.seconds.toFixed(1)} s (${offer.setup.turnsPerSecond.toFixed(0)} turns/s)`,
    );
  }
  if (!offer.available) {
    lines.push(`offer-to-card: not available yet (${offer.reason})`);
    return lines;
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
      ['echo turn (A, reference)', ms(echo.p50Ms), ms(echo.p99Ms), 'closed loop, for scale'],
    ]),
  );
  if (offer.firstRefusal) lines.push(`first refusal: ${offer.firstRefusal}`);
  return lines;
}
