import type { OfferComparison, OfferReference, OfferScenarioResult } from './scenario-offer.js';
import type { TurnComparisonResult, TurnGoal } from './turn-comparison.js';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const cpu = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');
const atLeast = (goal: TurnGoal) => (goal.throughput === undefined ? '-' : `>= ${goal.throughput}x`);
const atMost = (goal: TurnGoal) => (goal.p99 === undefined ? '-' : `<= ${goal.p99}x`);
const verdict = (meets: boolean | undefined) => (meets === undefined ? '-' : meets ? 'meets' : 'MISSES');

/** A fact about a bot, readable: sizes in MB, counts as they are. */
function fact(name: string, value: number): string {
  return /bytes$/i.test(name) ? `${name.replace(/Bytes$/, '')} ${(value / 1e6).toFixed(1)} MB (${value} bytes)` : `${name} ${value}`;
}

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
  if (result.skipped !== undefined) {
    lines.push(`skipped: ${result.skipped}`);
    return lines.join('\n');
  }
  lines.push(
    `(${load.concurrency} connections, ${load.warmupMs / 1000} s warm-up + ${load.durationMs / 1000} s per run, ` +
      `median of ${load.rounds} interleaved rounds; baseline: ${result.baseline}, unless a bot names its own)`,
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
      ['bot / baseline', 'throughput', 'target', 'p99', 'target', 'verdict', 'cpu/turn', 'throughput by round'],
      ...result.ratios.map((r) => [
        `${r.label} / ${r.against}`,
        ratio(r.throughput),
        atLeast(r.target),
        ratio(r.p99),
        atMost(r.target),
        verdict(r.meetsTarget),
        ratio(r.cpuPerTurn),
        `${ratio(r.roundSpread.min)} to ${ratio(r.roundSpread.max)}`,
      ]),
    ]),
  );
  for (const summary of result.summaries.filter((s) => s.facts)) {
    lines.push(
      `${summary.label}: ${Object.entries(summary.facts!)
        .map(([name, value]) => fact(name, value))
        .join(', ')}`,
    );
  }
  for (const note of result.notes) lines.push(`note: ${note}`);
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

/** The human-readable summary of offer to card: each store's figures, and its p99 against the reference turn's. */
export function formatOffer(comparison: OfferComparison): string {
  const lines: string[] = [];
  for (const result of comparison.results) lines.push(formatOfferOn(result, comparison.reference));
  const { reference } = comparison;
  if (reference) {
    lines.push('');
    lines.push(
      table([
        [`offer-to-card p99 / ${reference.label} turn p99`, 'ratio', 'target', 'verdict'],
        ...comparison.ratios.map((r) => [r.store, ratio(r.p99), `<= ${comparison.target.p99}x`, verdict(r.meetsTarget)]),
      ]),
    );
    lines.push(`(${reference.label} turn: p50 ${ms(reference.p50Ms)} ms, p99 ${ms(reference.p99Ms)} ms, from ${reference.source})`);
  }
  for (const note of comparison.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function formatOfferOn(offer: OfferScenarioResult, reference?: OfferReference): string {
  const { options } = offer;
  const lines = [
    `Offer to card on ${offer.store} (${options.agents} agents Available, ${options.ratePerSecond}/s for ${options.seconds} s, open loop, tenant send budget ${options.perTenantPerSecond}/s)`,
  ];
  if (offer.setup) {
    lines.push(
      `setup: ${offer.setup.agents} agents installed + phone + Available in ${offer.setup.seconds.toFixed(1)} s (${offer.setup.turnsPerSecond.toFixed(0)} turns/s)`,
    );
  }
  if (!offer.available) {
    lines.push(`offer-to-card: not measured (${offer.reason})`);
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
        `${offer.cardsWithinLimit}/${offer.offered} cards within ${options.cardWithinMs / 1000} s, ${offer.cards} cards in all, max ${ms(offer.maxMs)} ms, ${offer.sendsPerOffer.toFixed(2)} connector calls per offer`,
      ],
      ['platform API answer', ms(offer.httpP50Ms), ms(offer.httpP99Ms), `HTTP ${statuses}; sender lag p99 ${ms(offer.sendLagP99Ms)} ms`],
      ...(reference ? [[`${reference.label} turn (reference)`, ms(reference.p50Ms), ms(reference.p99Ms), 'closed loop, for scale']] : []),
    ]),
  );
  if (offer.handled) {
    lines.push(
      `whole contacts: ${offer.handled.contacts} taken from offer to wrap-up (accept, ended by the customer, wrap-up code): ${(offer.sendsPerOffer + offer.handled.sendsPerContact).toFixed(2)} connector calls per contact (issue 10: at most 4), the popover's ${offer.sendsPerOffer.toFixed(2)} and ${offer.handled.sendsPerContact.toFixed(2)} after it`,
    );
  }
  if (offer.firstRefusal) lines.push(`first refusal: ${offer.firstRefusal}`);
  return lines.join('\n');
}
