// @vitest-environment node
// The names that cross the IPC boundary, checked against the Rust side: every command
// the shell registers has a function in `api`, every `api` function calls a command
// that exists, and the arguments it sends are the ones the command takes. A renamed
// command or argument would otherwise fail only at run time, in one window, for one
// user.
import { describe, expect, it } from 'vitest';

const rustFiles = import.meta.glob('../../../src-tauri/src/**/*.rs', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const apiSource = Object.values(
  import.meta.glob('./api.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>,
)[0];

/** The text between an opening bracket at `start` and its partner. */
function bracketed(text: string, start: number): string {
  const open = text[start];
  const close = { '(': ')', '{': '}', '[': ']', '<': '>' }[open] as string;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    if (text[i] === close && --depth === 0) return text.slice(start + 1, i);
  }
  throw new Error(`unbalanced ${open} at ${start}`);
}

/** Splits at commas that are not inside brackets. */
function topLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of list) {
    if ('(<[{'.includes(c)) depth++;
    if (')>]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** What Tauri fills in itself; the UI sends the rest. */
const injected = /^(State|AppHandle|Window|WebviewWindow|Webview|tauri::(State|AppHandle|Window|WebviewWindow|Webview))\b/;

/** `#[tauri::command]` functions in the shell: name → the arguments the UI must send. */
function rustCommands(): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  for (const source of Object.values(rustFiles)) {
    const attribute = /#\[tauri::command[^\]]*\]\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)\s*/g;
    for (let m = attribute.exec(source); m; m = attribute.exec(source)) {
      let at = m.index + m[0].length;
      if (source[at] === '<') at += bracketed(source, at).length + 2;
      const params = topLevel(bracketed(source, at))
        .map((p) => p.split(':'))
        .filter(([, type]) => !injected.test(type.trim()))
        .map(([name]) => camel(name.trim().replace(/^mut\s+/, '')));
      commands.set(m[1], params.sort());
    }
  }
  return commands;
}

/** The handler list given to Tauri's builder. */
function registered(): string[] {
  const names: string[] = [];
  for (const source of Object.values(rustFiles)) {
    const at = source.indexOf('generate_handler![');
    if (at >= 0) names.push(...topLevel(bracketed(source, at + 'generate_handler!'.length)).map((n) => n.split('::').pop() as string));
  }
  return names;
}

/** `call<T>('name', { a, b: x })` in api.ts: command → argument names. */
function clientCalls(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const call = /\bcall<[^>]*(?:<[^>]*>[^>]*)*>\(\s*'(\w+)'\s*(,\s*\{)?/g;
  for (let m = call.exec(apiSource); m; m = call.exec(apiSource)) {
    const args = m[2] ? topLevel(bracketed(apiSource, m.index + m[0].length - 1)).map((a) => a.split(':')[0].trim()) : [];
    calls.set(m[1], args.sort());
  }
  return calls;
}

describe('the commands the UI calls', () => {
  const commands = rustCommands();
  const handler = registered();
  const client = clientCalls();

  it('finds the Rust side and the client', () => {
    expect(commands.size).toBeGreaterThan(100);
    expect(client.size).toBeGreaterThan(100);
  });

  it('registers every command once, and nothing that is not a command', () => {
    expect(new Set(handler).size).toBe(handler.length);
    expect([...handler].sort()).toEqual([...commands.keys()].sort());
  });

  it('has a client function for every command, and a command for every client function', () => {
    const missingClient = [...commands.keys()].filter((name) => !client.has(name));
    const missingCommand = [...client.keys()].filter((name) => !commands.has(name));
    expect({ missingClient, missingCommand }).toEqual({ missingClient: [], missingCommand: [] });
  });

  it('sends each command the arguments it takes', () => {
    const wrong = [...client].filter(([name, args]) => commands.has(name) && commands.get(name)!.join() !== args.join())
      .map(([name, args]) => `${name}: sends [${args}], takes [${commands.get(name)}]`);
    expect(wrong).toEqual([]);
  });
});
