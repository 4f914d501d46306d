// What an approval notification says and offers: the product, the session, the agent, and each tool use with the
// gist of its input (a command, a path); several tool uses are counted, and Allow and Deny then answer each. Pure
// (no `vscode`), unit-tested.
import type { BackendKind, PendingApproval } from '../backends/types';
import { shortId } from '../providers/presentation';
import { oneLine } from '../util/text';

export interface ApprovalSubject {
  kind: BackendKind;
  runId: string;
  title?: string;
  agentName?: string;
  pending: readonly PendingApproval[];
}

/** The buttons, in order: Allow and Deny answer every tool use that waits; Show opens the session's panel. */
export interface ApprovalActions {
  allow: string;
  deny: string;
  show: string;
}

const PRODUCT: Record<BackendKind, string> = { claude: 'Claude', agentos: 'AgentOS' };

/** The input fields that say what a tool use does, in the order they are looked for. */
const TELLING_FIELDS = ['command', 'cmd', 'file_path', 'path', 'url', 'query', 'pattern', 'title'];

/** How many characters of an input the notification shows. */
const GIST_MAX = 80;

export function approvalActions(count: number): ApprovalActions {
  return count > 1
    ? { allow: 'Allow All', deny: 'Deny All', show: 'Show' }
    : { allow: 'Allow', deny: 'Deny', show: 'Show' };
}

/** `session “Title”`, or `session 1a2b3c4d` when it has no title. */
export function sessionLabel(subject: Pick<ApprovalSubject, 'runId' | 'title'>): string {
  return subject.title ? `session “${oneLine(subject.title, 60)}”` : `session ${shortId(subject.runId)}`;
}

/** The text of the notification, one line. */
export function approvalText(subject: ApprovalSubject): string {
  const who = `${PRODUCT[subject.kind]} needs your approval`;
  const where = `${sessionLabel(subject)}${subject.agentName ? ` (${oneLine(subject.agentName, 60)})` : ''}`;
  const uses = subject.pending.map(toolLine);
  if (uses.length === 1) return `${who}: ${uses[0] as string} in ${where}.`;
  const { allow, deny } = approvalActions(uses.length);
  return `${who} for ${uses.length} tool uses in ${where}: ${uses.join('; ')}. ${allow} and ${deny} answer each.`;
}

/** `bash \`git push\``: the tool and the gist of its input. */
export function toolLine(approval: Pick<PendingApproval, 'tool' | 'input'>): string {
  const gist = inputGist(approval.input);
  return gist ? `${oneLine(approval.tool, 60)} \`${gist}\`` : oneLine(approval.tool, 60);
}

/**
 * What a tool's input comes down to: its command, path or query when it has one, the only text it has, or the
 * compact JSON; one line, at most GIST_MAX characters, backticks made plain quotes so the line reads right.
 */
export function inputGist(input: string): string {
  let gist = input;
  try {
    const value = JSON.parse(input) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const fields = value as Record<string, unknown>;
      const telling = TELLING_FIELDS.find((name) => typeof fields[name] === 'string');
      const strings = Object.values(fields).filter((v): v is string => typeof v === 'string');
      if (telling) gist = fields[telling] as string;
      else if (strings.length === 1 && Object.keys(fields).length === 1) gist = strings[0] as string;
      else if (Object.keys(fields).length === 0) gist = '';
    }
  } catch {
    // Not JSON (cut short, say): shown as it is.
  }
  return oneLine(gist.replace(/`/g, "'"), GIST_MAX);
}

/** What a failed answer says: which tool uses, in which session, and why. */
export function answerFailureText(
  allow: boolean,
  subject: Pick<ApprovalSubject, 'runId' | 'title'>,
  failures: readonly { approval: Pick<PendingApproval, 'tool' | 'input'>; error: string }[],
): string {
  const verb = allow ? 'allow' : 'deny';
  const tools = failures.map((f) => oneLine(f.approval.tool, 60)).join(', ');
  const reasons = [...new Set(failures.map((f) => oneLine(f.error, 200)))].join('; ');
  return `Could not ${verb} ${tools} in ${sessionLabel(subject)}: ${reasons}`;
}

/** The status bar's count of runs that wait: `$(bell-dot) 1 needs approval`, `$(bell-dot) 2 need approval`. */
export function needsApprovalText(runs: number): string {
  return `$(bell-dot) ${runs} ${runs === 1 ? 'needs' : 'need'} approval`;
}
