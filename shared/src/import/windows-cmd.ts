/**
 * "Copy as cURL (cmd)" (Chrome and Firefox DevTools on Windows) quotes for two parsers at once:
 * cmd.exe (`^` escapes the next character; `^` at a line's end continues it, and `^` + two line
 * breaks is a literal line break) and then the C runtime's argument splitter (`"` quotes, `\"` is
 * a literal quote, backslashes double before a quote). This undoes both and gives the arguments.
 *
 * DevTools (`^"`-quoted arguments) doubles every backslash, also those the C runtime would keep
 * as they are (before anything but a quote): such a text is read back the way DevTools wrote it,
 * so a JSON body's `\n` arrives as `\n`, as the browser sent it.
 */
export function windowsCmdArguments(text: string): string[] {
  // A literal line break inside an argument, kept apart from the line breaks between them.
  const LINE_BREAK = String.fromCharCode(0);
  const devtools = /^\s*curl(\.exe)?\s+\^"/i.test(text);
  // cmd.exe's layer: between plain (unescaped) quotes, `^` is an ordinary character.
  let line = '';
  let cmdQuoted = false;
  const source = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '"') cmdQuoted = !cmdQuoted;
    if (char !== '^' || cmdQuoted) {
      line += char;
      continue;
    }
    const next = source[i + 1];
    if (next === '\n') {
      // `^` + line break continues the line; a second line break right after is a literal one.
      if (source[i + 2] === '\n') {
        line += LINE_BREAK;
        i += 2;
      } else i += 1;
      continue;
    }
    if (next !== undefined) line += next;
    i += 1;
  }
  // The C runtime's layer.
  const args: string[] = [];
  let current = '';
  let started = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\') {
      let slashes = 0;
      while (line[i] === '\\') {
        slashes++;
        i++;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2) current += '"';
        else quoted = !quoted;
      } else {
        current += '\\'.repeat(devtools ? Math.ceil(slashes / 2) : slashes);
        i--;
      }
      started = true;
      continue;
    }
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(char)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) args.push(current);
  return args.map((arg) => arg.split(LINE_BREAK).join('\n'));
}

/** True when the text reads like a cmd.exe cURL command rather than a POSIX shell one. */
export function looksLikeWindowsCmd(text: string): boolean {
  return /^\s*curl(\.exe)?\s+\^"/i.test(text) || /\s\^\r?\n/.test(text);
}

/** Arguments as one POSIX shell command (each single-quoted), for the cURL parser. */
export function toPosixCommand(args: readonly string[]): string {
  const [program, ...rest] = args;
  return [program === 'curl.exe' ? 'curl' : program, ...rest.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)].join(' ');
}
