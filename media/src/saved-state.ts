// What the webview keeps across a reload (VS Code's webview state): who it follows, the search, the type chips,
// and — when they are few — its rows, which then come back at once (otherwise the host replays them). The number of
// the last row kept is what it tells the host on `ready`: the one place the follow resumes after.
import type { PanelView, RowDto } from '../../src/panel/protocol';
import type { TypeChoice } from './type-filter';

export interface SavedState {
  target?: { connectionId: string; runId: string; attemptId: string };
  rows?: RowDto[];
  search?: string;
  /** Types shown alone (several at once). */
  types?: string[];
  /** Types hidden. */
  hiddenTypes?: string[];
  /** Events or Trace, as the person left it. */
  view?: PanelView;
}

const CACHE_MAX_ROWS = 5_000;
const CACHE_MAX_CHARS = 4_000_000;

/** Whether this many rows may be saved with the state (a reload then takes them back, trace facts and all). */
export function mayKeepRows(count: number): boolean {
  return count <= CACHE_MAX_ROWS;
}

/** The state to save; rows only when there are few and no preview stands in for them. */
export function stateToSave(
  target: SavedState['target'],
  search: string,
  types: TypeChoice,
  rows: readonly RowDto[],
  previewShown: boolean,
  view?: PanelView,
): SavedState {
  const state: SavedState = { target, search, types: types.only, hiddenTypes: types.hidden };
  if (view) state.view = view;
  if (!previewShown && mayKeepRows(rows.length)) {
    let chars = 0;
    for (const r of rows) chars += r.json.length + r.summary.length + r.cursor.length + 80;
    if (chars <= CACHE_MAX_CHARS) state.rows = rows as RowDto[];
  }
  return state;
}

/** The saved state, or an empty one when there is none or it is not an object. */
export function readState(raw: unknown): SavedState {
  return raw && typeof raw === 'object' ? (raw as SavedState) : {};
}
