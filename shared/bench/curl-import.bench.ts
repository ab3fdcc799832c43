// cURL import rate over curlconverter's 108 fixture commands. Baseline in the same run:
// curlconverter's own toJsonObject (its parse plus its JSON generator) on the same commands, so
// the ratio shows what importCurl adds on top of the parser it is built on.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toJsonObject } from 'curlconverter';
import { importCurl } from '../src/curl/import.ts';
import { toHttpRequestNode } from '../src/n8n/http-request-node.ts';

const dir = resolve(import.meta.dirname, '../../../shared/fixtures/curl/curl_commands');
const commands = readdirSync(dir).filter((f) => f.endsWith('.sh')).map((f) => readFileSync(join(dir, f), 'utf8'));

function rate(label: string, convert: (text: string) => unknown, rounds = 20) {
  for (const c of commands) try { convert(c); } catch { /* warm-up; refusals count below */ }
  let ok = 0;
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const c of commands) {
      try {
        convert(c);
        ok++;
      } catch {
        // a typed refusal is a result too; it is timed like the rest
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = (rounds * commands.length) / seconds;
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(6)} commands/s  (${(1000 / perSecond).toFixed(3)} ms each, ${ok / rounds} of ${commands.length} converted)`);
  return perSecond;
}

const baseline = rate('curlconverter toJsonObject (baseline)', (c) => toJsonObject(c));
const ours = rate('importCurl', (c) => importCurl(c));
const full = rate('importCurl + toHttpRequestNode', (c) => toHttpRequestNode(importCurl(c).request));
console.log(`ratio importCurl / baseline: ${(ours / baseline).toFixed(2)}; with the node: ${(full / baseline).toFixed(2)} (1.0 = as fast as the parser alone)`);
