// Text that mixes Arabic with n8n's own words (setting names, URLs, expressions): each Latin run
// is an isolated left-to-right island, so its punctuation stays at its own end.
import { Fragment } from 'react';

/** A run of Latin text: from a Latin letter, digit or code sign to the last one before Arabic text. */
const LATIN_RUN = /[A-Za-z0-9$/{["'][^\u0600-\u06FF]*/g;

/** The text's pieces: plain strings, and the Latin runs (trimmed of the sentence's own punctuation). */
export function latinRuns(text: string): { text: string; latin: boolean }[] {
  const pieces: { text: string; latin: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    let run = match[0];
    // The sentence's punctuation and spaces after the run belong to the Arabic sentence, as does
    // a closing bracket the run did not open.
    for (;;) {
      const trimmed = run.replace(/[\s.,:;،؛(]+$/, '');
      const unmatched = (trimmed.match(/\)/g)?.length ?? 0) > (trimmed.match(/\(/g)?.length ?? 0) && trimmed.endsWith(')');
      const next = unmatched ? trimmed.slice(0, -1) : trimmed;
      if (next === run) break;
      run = next;
    }
    if (!run) continue;
    if (match.index > at) pieces.push({ text: text.slice(at, match.index), latin: false });
    pieces.push({ text: run, latin: true });
    at = match.index + run.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), latin: false });
  return pieces;
}

/** Arabic text with its Latin runs as `<bdi dir="ltr">`; other text as it is. */
export function MixedText({ text }: { text: string }) {
  if (!/[\u0600-\u06FF]/.test(text)) return <>{text}</>;
  return (
    <>
      {latinRuns(text).map((piece, index) =>
        piece.latin ? (
          <bdi key={index} dir="ltr">
            {piece.text}
          </bdi>
        ) : (
          <Fragment key={index}>{piece.text}</Fragment>
        ),
      )}
    </>
  );
}
