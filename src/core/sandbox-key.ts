// `npm start` and the UI tests hand the local sandbox's key to the extension (development mode only), so a new user
// is signed in from the first screen. Once per start, not on every activation: a window reload after Sign Out must
// stay signed out. Each start names itself (AGENTOS_SANDBOX_START); the start that handed its key over is remembered.

export const HANDED_OVER_KEY = 'agentos.sandboxKeyHandedOverFor';

export interface SandboxKeyOffer {
  key: string;
  start: string;
  /** The Managed Agents sandbox's key and the named connection it belongs to (npm start sets up both). */
  claude?: { key: string; name: string };
}

/** The key to store now, or undefined: not development mode, nothing offered, or this start's key was handed over. */
export function sandboxKeyToStore(
  development: boolean,
  env: {
    AGENTOS_SANDBOX_KEY?: string;
    AGENTOS_SANDBOX_START?: string;
    AGENTOS_SANDBOX_CLAUDE_KEY?: string;
    AGENTOS_SANDBOX_CLAUDE_NAME?: string;
  },
  handedOverFor: string | undefined,
): SandboxKeyOffer | undefined {
  const key = env.AGENTOS_SANDBOX_KEY?.trim();
  const start = env.AGENTOS_SANDBOX_START?.trim();
  if (!development || !key || !start || start === handedOverFor) return undefined;
  const claudeKey = env.AGENTOS_SANDBOX_CLAUDE_KEY?.trim();
  const claudeName = env.AGENTOS_SANDBOX_CLAUDE_NAME?.trim();
  return claudeKey && claudeName
    ? { key, start, claude: { key: claudeKey, name: claudeName } }
    : { key, start };
}
