/**
 * What must be true after any chaos run, checked on the stand-ins' final state (the sheet as
 * stored, every Slack message ever sent) against what the run was told (every answer, every click).
 * Each violation names its invariant, the lead and the operations involved, so a failing seed
 * reads as a list of concrete losses.
 */
import type { StandinMessage } from '../../src/local/slack-standin/index.ts';
import type { ChaosWorld } from './chaos-world.ts';
import { MANAGER, STEADY_REPS } from './chaos-world.ts';
import { buttonValueFor, type ChaosLog, type SentLead } from './chaos-scenario.ts';
import { readTable, stageOf, type TabRow } from './chaos-sheet.ts';

export interface Violation {
  invariant: string;
  detail: string;
}

const LEAD_HEADERS = [
  'lead_id', 'name', 'phone', 'stage', 'assigned_sales', 'sales_slack_id', 'route_count', 'created_at', 'assigned_at',
  'last_routed_at', 'contacted_at', 'email', 'company', 'source', 'message', 'phone_valid', 'idempotency_key',
  'slack_channel', 'slack_ts', 'owner_history',
];
const STAGES = new Set(['NEW', 'CONTACTED', 'QUALIFIED', 'CLOSED LOST']);
const LEAD_ID = /^L-[0-9A-Z]+-[0-9A-Z]+$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const is2xx = (status: number) => status >= 200 && status < 300;

function ops(lead: SentLead): string {
  return lead.answers.map((a) => `#${a.op}:${a.status}${a.leadId ? `(${a.leadId})` : ''}`).join(' ');
}

/** Every version of every message, for searching. */
function allText(message: StandinMessage): string {
  return JSON.stringify([message.text, message.blocks, message.history]);
}

export function checkInvariants(world: ChaosWorld, log: ChaosLog): Violation[] {
  const out: Violation[] = [];
  const fail = (invariant: string, detail: string) => out.push({ invariant, detail });
  const tab = readTable(world.sheets, 'lead_sheet');
  const messages = world.slack.messages().filter((m) => !m.ephemeral);

  // -- the sheet's shape: every Baton header exactly once, so "its own header" means one column.
  for (const header of LEAD_HEADERS) if (tab.column(header) < 0) fail('headers', `lead_sheet has no column "${header}" (row 1: ${JSON.stringify(tab.headers)})`);
  for (const header of tab.repeatedHeaders) fail('headers', `lead_sheet has "${header}" ${tab.headers.filter((h) => h === header).length} times in row 1`);

  const byId = new Map<string, TabRow[]>();
  for (const row of tab.rows) {
    const id = row.get('lead_id');
    if (id !== '') byId.set(id, [...(byId.get(id) ?? []), row]);
  }

  // -- every acknowledged lead is in the sheet exactly once, every value under its own header.
  const ackedIds = new Set<string>();
  for (const lead of log.leads) {
    const acks = lead.answers.filter((a) => is2xx(a.status));
    if (acks.length === 0) {
      fail('lead-accepted', `${lead.key} was never accepted (answers ${ops(lead)})`);
      continue;
    }
    const ids = [...new Set(acks.map((a) => a.leadId ?? '(no id)'))];
    if (ids.length > 1) fail('lead-once', `${lead.key} was answered with different ids: ${ops(lead)}`);
    const firstAck = acks.find((a) => a.status === 201 || a.status === 202);
    let id = ids[0] as string;
    const byEmail = tab.rows.filter((row) => row.cells.some((cell) => String(cell) === lead.body.email));
    // A 202's id is provisional: when the same submission (Idempotency-Key) had been written just
    // before a crash, unseen by the process that journaled the retry, the lead keeps its first id.
    const firstWrite = byEmail.length === 1 && !byId.has(id) && acks.every((a) => a.status === 202) ? byEmail[0] : undefined;
    if (firstWrite && firstWrite.get('idempotency_key') === lead.key) id = firstWrite.get('lead_id');
    ackedIds.add(id);
    const rows = byId.get(id) ?? [];
    if (rows.length !== 1 || byEmail.length !== 1) {
      fail('lead-once', `${id} (${lead.key}, acked ${firstAck ? `${firstAck.status} at #${firstAck.op}` : 'only as a duplicate'}): ${rows.length} row(s) with its id, ${byEmail.length} row(s) with its email [${byEmail.map((r) => `row ${r.index + 1} id=${JSON.stringify(r.get('lead_id'))}`).join(', ')}] (answers ${ops(lead)})`);
    }
    const row = rows[0];
    if (!row) continue;
    const expected: Record<string, string> = { name: lead.body.name ?? '', phone: lead.phone, email: lead.body.email ?? '', source: lead.body.source ?? '' };
    if (lead.body.company) expected.company = lead.body.company;
    if (lead.body.message) expected.message = lead.body.message;
    const wrong = Object.entries(expected).filter(([header, value]) => row.get(header) !== value);
    if (wrong.length > 0) {
      fail('lead-values', `${id} row ${row.index + 1}: ${wrong.map(([h, v]) => `${h}=${JSON.stringify(row.get(h))} (sent ${JSON.stringify(v)})`).join(', ')}`);
    }
    for (const header of ['created_at', 'assigned_at']) {
      if (!ISO.test(row.get(header))) fail('lead-values', `${id} row ${row.index + 1}: ${header}=${JSON.stringify(row.get(header))} is not an ISO time`);
    }
  }

  // -- no row Baton wrote holds anything but a lead: no stray ids, no values under other headers.
  const notes = new Set(log.notes);
  const handNames = new Set(log.handTyped.map((h) => h.name));
  for (const row of tab.rows) {
    const id = row.get('lead_id');
    const noteText = row.cells.map(String).find((cell) => notes.has(cell));
    if (noteText !== undefined) {
      if (id !== '' || row.get('sales_slack_id') !== '' || row.get('stage') !== '') {
        fail('notes-stay-notes', `the admin's note ${JSON.stringify(noteText)} (row ${row.index + 1}) became a lead: lead_id=${JSON.stringify(id)} stage=${JSON.stringify(row.get('stage'))} owner=${JSON.stringify(row.get('sales_slack_id'))}`);
      }
      continue;
    }
    if (id === '') continue;
    if (!LEAD_ID.test(id)) fail('lead-values', `row ${row.index + 1} has lead_id ${JSON.stringify(id)} (not a Baton id): ${JSON.stringify(row.cells)}`);
    else if (!ackedIds.has(id) && !handNames.has(row.get('name'))) fail('lead-once', `row ${row.index + 1} holds lead ${id}, which no intake was answered with: ${JSON.stringify(row.cells)}`);
    if (!STAGES.has(stageOf(row))) fail('lead-values', `${id} row ${row.index + 1}: stage ${JSON.stringify(row.get('stage'))}`);
  }

  const dmsFor = (leadId: string, rep: string) => messages.filter((m) => m.recipient === rep && buttonValueFor(m, leadId) !== undefined);

  // -- every acknowledged click is applied; nobody else's click ever is.
  const handEdited = (leadId: string, after: number) => log.stageEdits.some((e) => e.leadId === leadId && e.op >= after);
  const reported = new Set<string>();
  for (const click of log.clicks) {
    if (click.status !== 200 || click.expect !== 'apply') continue;
    // A double click is one story: report it once.
    const story = `${click.op} ${click.user} ${click.leadId}`;
    if (reported.has(story)) continue;
    const row = byId.get(click.leadId)?.[0];
    if (!row) continue; // reported above
    const contacted = row.get('contacted_at') !== '';
    // An admin who moved the stage by hand after the click (while it waited in the click journal)
    // has the last word: the saved click then finds the lead no longer NEW and the rep is told so.
    if (handEdited(click.leadId, click.op)) continue;
    if (!contacted || stageOf(row) !== 'CONTACTED') {
      reported.add(story);
      // Private replies to this click, not to a later one by the same person.
      const next = Math.min(...log.clicks.filter((c) => c.user === click.user && c.op > click.op).map((c) => c.sentAt), Number.MAX_SAFE_INTEGER);
      const replies = world.slack.inbox(click.user).filter((m) => m.ephemeral && m.postedAt >= click.sentAt && m.postedAt < next).slice(0, 2).map((m) => JSON.stringify(m.text.slice(0, 140)));
      const dms = dmsFor(click.leadId, click.user).map((m) => m.ts);
      fail('click-applied', `${click.kind} click #${click.op} by ${click.user} on ${click.leadId} (DM ${click.ts}; their DMs for it: ${dms.join(', ')})${click.underFault ? ' (Sheets faulty then)' : ''}${click.renamedHeaders.length ? ` (the admin had renamed ${click.renamedHeaders.join(', ')} then)` : ''} was acked but stage=${JSON.stringify(row.get('stage'))} contacted_at=${JSON.stringify(row.get('contacted_at'))}; private replies since: ${replies.join(' | ') || 'none'}; the row before the click: ${click.seen}`);
    }
  }
  for (const [id, rows] of byId) {
    const row = rows[0] as TabRow;
    if (row.get('contacted_at') === '') continue;
    const byOwner = log.clicks.some((c) => c.leadId === id && c.expect === 'apply');
    if (!byOwner) {
      const who = log.clicks.filter((c) => c.leadId === id).map((c) => `#${c.op} ${c.kind} ${c.user}`);
      fail('click-owner-only', `${id} has contacted_at ${row.get('contacted_at')} but its owner never clicked (clicks: ${who.join(', ') || 'none'})`);
    }
  }

  // -- no lead escalated twice: one escalated_<id> key, one manager DM.
  const state = readTable(world.sheets, 'routing_state_sheet');
  const keys = new Map<string, number>();
  for (const row of state.rows) {
    const key = row.get('key');
    if (key.startsWith('escalated_')) keys.set(key.slice('escalated_'.length), (keys.get(key.slice('escalated_'.length)) ?? 0) + 1);
  }
  const escalationDms = new Map<string, number>();
  for (const message of messages) {
    if (message.recipient !== MANAGER || !/Escalation/.test(message.text)) continue;
    const text = allText(message);
    for (const id of byId.keys()) if (text.includes(id)) escalationDms.set(id, (escalationDms.get(id) ?? 0) + 1);
  }
  for (const id of new Set([...keys.keys(), ...escalationDms.keys()])) {
    const k = keys.get(id) ?? 0;
    const dms = escalationDms.get(id) ?? 0;
    if (k > 1 || dms > 1 || k !== dms) fail('escalated-once', `${id}: ${k} escalated_ key(s), ${dms} escalation DM(s) to the manager`);
  }

  // -- each decision is audited once; an undone and re-decided commit must not leave its first row.
  const audit = readTable(world.sheets, 'audit_log').rows;
  const decisions = new Map<string, TabRow[]>();
  for (const row of audit) {
    const event = row.get('event');
    if (event !== 'lead.assigned' && event !== 'lead.rerouted' && event !== 'lead.contacted' && event !== 'lead.escalated') continue;
    const step = event === 'lead.rerouted' ? (/route_count → (\d+)/.exec(row.get('detail'))?.[1] ?? row.get('at')) : '';
    const key = `${event} ${row.get('lead_id')} ${step}`;
    decisions.set(key, [...(decisions.get(key) ?? []), row]);
  }
  const reopened = new Set(log.stageEdits.map((e) => e.leadId));
  for (const [key, rows] of decisions) {
    // A lead the admin re-opened by hand (stage typed back to New) may rightly be contacted again.
    if (key.startsWith('lead.contacted') && reopened.has(rows[0]?.get('lead_id') ?? '')) continue;
    if (rows.length > 1) fail('audit-once', `${key.trim()} is in audit_log ${rows.length} times: ${rows.map((r) => `${r.get('at')} by ${r.get('actor')}: ${r.get('detail').slice(0, 90)}`).join(' | ')}`);
  }

  // -- round-robin among continuously active reps within ±1 (a rep passed over because the lead
  //    was already theirs has had their turn). Counted on the decisions that stand: the last audit
  //    row of each assignment (an undone commit's row is reported above, not counted twice).
  const standing = new Set([...decisions.values()].map((rows) => rows[rows.length - 1] as TabRow));
  const turns: Record<string, number> = Object.fromEntries(STEADY_REPS.map((rep) => [rep, 0]));
  // Where the rotation did not resume after the rep assigned last: the cause of any imbalance.
  const breaks: string[] = [];
  const sequence: string[] = [];
  let previous: string | undefined;
  for (const row of audit) {
    const event = row.get('event');
    if ((event !== 'lead.assigned' && event !== 'lead.rerouted') || !standing.has(row)) continue;
    const detail = row.get('detail');
    const chosen = [...detail.matchAll(/→ \d+ \((\w+)\)/g)].pop()?.[1];
    const skipped = /skipped current owner (\w+)/.exec(detail)?.[1];
    const anchor = /round-robin: \d+ active, (.*?) → \d+ \(/.exec(detail)?.[1];
    if (previous !== undefined && anchor !== undefined && anchor !== `after ${previous}`) {
      breaks.push(`${row.get('at')} ${event} ${row.get('lead_id')} by ${row.get('actor')} went from "${anchor}", but ${previous} was assigned last`);
    }
    if (chosen) previous = chosen;
    sequence.push(`${(chosen ?? '?').slice(1, 2)}${skipped ? `(skip ${skipped.slice(1, 2)})` : ''}${/round-robin: (\d+) active/.exec(detail)?.[1] ?? ''}`);
    for (const rep of [chosen, skipped]) if (rep && rep in turns) turns[rep] = (turns[rep] ?? 0) + 1;
  }
  const counts = Object.values(turns);
  if (Math.max(...counts) - Math.min(...counts) > 1) {
    fail('round-robin', `turns among ${STEADY_REPS.join(', ')}: ${JSON.stringify(turns)}; the rotation restarted from a stale cursor ${breaks.length} time(s): ${breaks.slice(0, 4).join(' | ')}; rotation (rep initial + active count): ${sequence.join(' ')}`);
  }

  // -- every lead's owner was DMed, and the recorded DM is the one sent to that owner for that lead.
  // Except a lead an admin moved out of NEW by hand before Baton could DM it (Baton was killed in
  // between): the admin has taken it over, and Baton acts on NEW leads only.
  const takenOver = (row: TabRow) => stageOf(row) !== 'NEW' && row.get('slack_ts') === '' && log.stageEdits.some((e) => e.leadId === row.get('lead_id'));
  for (const [id, rows] of byId) {
    const row = rows[0] as TabRow;
    if (!LEAD_ID.test(id) || takenOver(row)) continue;
    const owner = row.get('sales_slack_id');
    if (owner === '') {
      fail('owner-dmed', `${id} has no owner (stage ${JSON.stringify(row.get('stage'))})`);
      continue;
    }
    const toOwner = dmsFor(id, owner);
    if (toOwner.length === 0) fail('owner-dmed', `${id}: its owner ${owner} never got a DM for it (stage ${JSON.stringify(row.get('stage'))}${log.stageEdits.some((e) => e.leadId === id) ? ', hand-edited' : ''})`);
    const channel = row.get('slack_channel');
    const ts = row.get('slack_ts');
    const recorded = messages.find((m) => m.channel === channel && m.ts === ts);
    if (channel === '' || ts === '') fail('dm-recorded', `${id}: no DM recorded (slack_channel=${JSON.stringify(channel)} slack_ts=${JSON.stringify(ts)}); owner ${owner} got ${toOwner.length} DM(s) for it`);
    else if (!recorded) fail('dm-recorded', `${id}: recorded DM ${channel}/${ts} was never sent`);
    else if (recorded.recipient !== owner || buttonValueFor(recorded, id) === undefined) {
      const about = /"lead_id":"([^"]+)"/.exec(allText(recorded))?.[1] ?? '?';
      fail('dm-recorded', `${id}: recorded DM ${channel}/${ts} went to ${recorded.recipient} about ${about}, not to its owner ${owner} about it`);
    }
    const history = row.get('owner_history').split(/[\s,>→]+/).filter(Boolean);
    for (const rep of new Set([...history, owner])) {
      const sent = dmsFor(id, rep).length;
      const assigned = Math.max(1, history.filter((h) => h === rep).length);
      if (sent > assigned + 1) fail('dm-count', `${id}: ${rep} got ${sent} DMs for it, assigned ${assigned} time(s)`);
    }
  }

  // -- a lead typed in by hand (a name and a phone, no lead_id) is adopted: an id, an owner, a DM.
  for (const hand of log.handTyped) {
    const rows = tab.rows.filter((row) => row.get('name') === hand.name);
    const row = rows[0];
    if (rows.length !== 1 || !row) {
      fail('hand-typed-lead', `${JSON.stringify(hand.name)} typed at #${hand.op} is in ${rows.length} row(s)`);
      continue;
    }
    const id = row.get('lead_id');
    if (!LEAD_ID.test(id) || row.get('sales_slack_id') === '') {
      fail('hand-typed-lead', `${JSON.stringify(hand.name)} (${hand.phone}) typed at #${hand.op} was never adopted: lead_id=${JSON.stringify(id)} owner=${JSON.stringify(row.get('sales_slack_id'))} stage=${JSON.stringify(row.get('stage'))}`);
    }
  }

  // -- a row without a lead_id (a note, or a hand-typed lead not yet adopted) is reported at most
  //    once, not on every sweep.
  const noLeadId = audit.filter((row) => row.get('event') === 'sweep.skipped_row' && /no lead_id/.test(row.get('detail'))).length;
  const typedRows = log.notes.length + log.handTyped.length;
  if (noLeadId > typedRows) fail('notes-reported-once', `${noLeadId} "no lead_id" audit rows for ${typedRows} row(s) the admin typed without a lead_id (${log.notes.length} note(s), ${log.handTyped.length} hand-typed lead(s))`);

  // -- a stage the admin typed stands: Baton neither overwrites it nor re-routes the lead afterwards.
  const lastEdit = new Map(log.stageEdits.map((e) => [e.leadId, e]));
  for (const [id, edit] of lastEdit) {
    const typed = edit.value.trim().toUpperCase();
    const row = byId.get(id)?.[0];
    if (!row || typed === 'NEW') continue;
    if (stageOf(row) !== typed) fail('hand-stage-respected', `${id}: the admin typed stage ${JSON.stringify(edit.value)} at #${edit.op}, the sheet now says ${JSON.stringify(row.get('stage'))}`);
    const later = audit.filter((a) => a.get('lead_id') === id && /lead\.(rerouted|escalated|reminded)/.test(a.get('event')) && Date.parse(a.get('at')) > edit.at + 2_000);
    for (const a of later) fail('hand-stage-respected', `${id}: ${a.get('event')} at ${a.get('at')} after the admin typed stage ${JSON.stringify(edit.value)} at #${edit.op}`);
  }

  // -- sweeps run whenever Sheets is healthy.
  for (const sweep of log.sweeps) {
    if (sweep.run.code !== 0 && !sweep.underFault && !sweep.headerRenamed) {
      fail('sweep-runs', `npm run sweep at #${sweep.op} exited ${sweep.run.code}: ${sweep.run.stderr.split('\n').filter((l) => /sweep: could not run|error/i.test(l)).slice(-1)[0] ?? sweep.run.stderr.slice(-300)}`);
    }
  }
  if (log.finalStop && (log.finalStop.code !== 0 || log.finalStop.ms > 10_000)) {
    fail('graceful-stop', `the final SIGTERM ended with ${JSON.stringify(log.finalStop)}`);
  }
  return out;
}
