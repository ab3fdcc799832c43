// One version for AI-HTTP: the extension and the server are released together, from the root
// package.json (CHANGELOG.md). A server answers only the extensions whose version it speaks, and
// says so with CLIENT_UNSUPPORTED instead of half-understanding them.
import rootPackage from '../../package.json' with { type: 'json' };
import { AppError } from './errors.ts';

export const AIHTTP_VERSION: string = rootPackage.version;

/** The request header (REST) in which a client names itself, e.g. `extension/1.4.0`; the ws `hello` carries the same text as `client`. */
export const CLIENT_HEADER = 'X-AI-HTTP-Client';

export const clientId = (kind: 'extension', version: string = AIHTTP_VERSION): string => `${kind}/${version}`;

const CLIENT_ID = /^([a-z][a-z-]{0,31})\/(\d{1,6})\.(\d{1,6})\.(\d{1,6})(?:[-+][\w.+-]{0,40})?$/;

/**
 * The part of a version both sides must share: the major, or `0.minor` while the major is 0
 * (semver: before 1.0 a minor release may break anything).
 */
export function compatibilityLine(version: string): string {
  const [major = '', minor = ''] = version.split('.');
  return major === '0' ? `0.${minor}` : major;
}

/** Orders two compatibility lines ("0.3" < "0.4" < "1" < "2"). */
const lineValue = (line: string) => line.split('.').reduce((value, part, index) => value + Number(part) / 1000 ** index, 0);

/**
 * Why a server of `serverVersion` refuses this client, or null when it speaks it. A request with
 * no client named (the CLI, curl, other tools) is not refused: only a named, unspoken version is.
 */
export function clientVersionProblem(client: string | undefined, serverVersion: string = AIHTTP_VERSION): AppError | null {
  if (client === undefined || client === '') return null;
  const match = CLIENT_ID.exec(client);
  const serverLine = compatibilityLine(serverVersion);
  if (!match) return new AppError('CLIENT_UNSUPPORTED', `This AI-HTTP server cannot read the client name "${client.slice(0, 64)}": expected extension/<version>.`, { serverVersion, speaks: `${serverLine}.x` });
  const clientVersion = `${match[2]}.${match[3]}.${match[4]}`;
  const clientLine = compatibilityLine(clientVersion);
  if (serverLine === clientLine) return null;
  const [older, target] = lineValue(clientLine) < lineValue(serverLine) ? ['extension', serverLine] : ['server', clientLine];
  return new AppError(
    'CLIENT_UNSUPPORTED',
    `This AI-HTTP server is version ${serverVersion} and speaks extension ${serverLine}.x; this extension is ${clientVersion}. Update the ${older} to ${target}.x.`,
    { serverVersion, clientVersion, speaks: `${serverLine}.x` },
  );
}
