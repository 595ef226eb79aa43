// One way to list engine issues: where in words first (party and project names when known),
// the JSON pointer small beside it (for the file's author), then the message in the reader's language.
// Drawn at render time, so a panel follows the language switch.
import { html } from 'lit';
import type { ColumnInfo, Issue, PartyInfo } from '../protocol.js';
import { issueMessage, issuePlace, pick } from '../i18n.js';

/** Party ids to names, for pointers and messages that mention them. */
export function partyNames(parties: readonly PartyInfo[] | undefined): Map<string, string> {
  return new Map((parties ?? []).map((p) => [p.id, pick(p.name)]));
}

/** Party ids and sharing-rule keys (linkage categories) of a column, to their names. */
export function columnNames(info: ColumnInfo): Map<string, string> {
  const names = partyNames(info.parties);
  for (const l of info.levers) if (l.rule !== undefined && l.subject) names.set(l.rule, pick(l.subject));
  return names;
}

export function issueItems(issues: readonly Issue[], names?: ReadonlyMap<string, string>) {
  return issues.map(
    (x) => html`<li data-testid="issue"><strong>${issuePlace(x.path, names)}</strong> <code class="pointer">${x.path || '/'}</code>：${issueMessage(x.message)}</li>`,
  );
}
