// The one place the UI talks to the Rust side: every command, typed with the
// bindings ts-rs generates from the Rust types.
import { invoke } from '@tauri-apps/api/core';
import type { StartState } from './bindings/StartState';
import type { SetupInput } from './bindings/SetupInput';
import type { SetupDone } from './bindings/SetupDone';
import type { SessionUser } from './bindings/SessionUser';
import type { SearchResults } from './bindings/SearchResults';
import type { ChildSummary } from './bindings/ChildSummary';
import type { ChildDetail } from './bindings/ChildDetail';
import type { ChildInput } from './bindings/ChildInput';
import type { NewChild } from './bindings/NewChild';
import type { NewGuardian } from './bindings/NewGuardian';
import type { GuardianInput } from './bindings/GuardianInput';
import type { GuardianLink } from './bindings/GuardianLink';
import type { Saved } from './bindings/Saved';
import type { ErrorReply } from './bindings/ErrorReply';

/** An error from a command: always `{ code, message, fields }`. */
export class CommandError extends Error {
  constructor(public reply: ErrorReply) {
    super(reply.message);
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
      throw new CommandError(error as ErrorReply);
    }
    throw new CommandError({ code: 'unknown', message: String(error), fields: [] });
  }
}

export const api = {
  start: () => call<StartState>('start'),
  setUp: (input: SetupInput) => call<SetupDone>('set_up', { input }),
  setUpDemo: () => call<SetupDone>('set_up_demo'),
  saveRecoverySheet: () => call<boolean>('save_recovery_sheet'),
  confirmRecoveryKeySaved: () => call<void>('confirm_recovery_key_saved'),
  unlockWithRecoveryKey: (recoveryKey: string) => call<StartState>('unlock_with_recovery_key', { recoveryKey }),
  logIn: (username: string, password: string) => call<SessionUser>('log_in', { username, password }),
  logOut: () => call<void>('log_out'),
  search: (query: string, includeArchived: boolean) => call<SearchResults>('search', { query, includeArchived }),
  listChildren: (includeArchived: boolean) => call<ChildSummary[]>('list_children', { includeArchived }),
  child: (id: number) => call<ChildDetail>('child', { id }),
  addChild: (input: NewChild) => call<Saved>('add_child', { input }),
  updateChild: (id: number, input: ChildInput) => call<Saved>('update_child', { id, input }),
  setChildArchived: (id: number, archived: boolean) => call<void>('set_child_archived', { id, archived }),
  addGuardian: (childId: number, input: NewGuardian) => call<Saved>('add_guardian', { childId, input }),
  updateGuardian: (guardianId: number, input: GuardianInput) => call<Saved>('update_guardian', { guardianId, input }),
  updateGuardianLink: (childId: number, guardianId: number, link: GuardianLink) =>
    call<void>('update_guardian_link', { childId, guardianId, link }),
};

/** Field errors of a failed save, keyed by field path (`child.cpr`, `guardians.0.phone`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof CommandError)) return {};
  return Object.fromEntries(error.reply.fields.map((f) => [f.field, f.message]));
}
