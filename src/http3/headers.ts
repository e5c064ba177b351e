// From decoded field lines to a request or a response, and back (RFC 9114 §4.1-4.3; quic-go:
// http3/headers.go). A malformed message, such as a missing, repeated or unknown pseudo-header, a
// pseudo-header after a regular field, an uppercase name or a connection-specific field, is
// H3_MESSAGE_ERROR (§4.1.2).
import { ErrCode, H3Error } from './errors.ts';
import type { HeaderField } from './qpack/field_lines.ts';

export interface Request {
  method: string;
  scheme: string;
  authority: string;
  /** as sent: "/index.html?x=1" */
  path: string;
  /** regular fields, lowercase names; repeated fields joined with ", " */
  header: Map<string, string>;
}

export interface ResponseHead {
  status: number;
  header: Map<string, string>;
}

/** Fields HTTP/3 forbids because they are about an HTTP/1.1 connection (§4.2). */
const connectionSpecific = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

function messageError(msg: string): H3Error {
  return new H3Error(ErrCode.MessageError, msg);
}

/** Splits fields into pseudo-headers (each once, all first) and regular fields, checking names (§4.2, §4.3). */
function splitFields(fields: readonly HeaderField[], allowed: ReadonlySet<string>) {
  const pseudo = new Map<string, string>();
  const header = new Map<string, string>();
  for (const { name, value } of fields) {
    if (name === '' || /[^!#$%&'*+\-.^_`|~0-9a-z:]/.test(name)) throw messageError(`invalid field name ${JSON.stringify(name)}`);
    if (/[\0\r\n]/.test(value)) throw messageError(`invalid value for ${name}`);
    if (name.startsWith(':')) {
      if (header.size > 0) throw messageError(`pseudo-header ${name} after a regular field`);
      if (!allowed.has(name)) throw messageError(`pseudo-header ${name} not allowed here`);
      if (pseudo.has(name)) throw messageError(`repeated pseudo-header ${name}`);
      pseudo.set(name, value);
      continue;
    }
    if (name.includes(':')) throw messageError(`invalid field name ${JSON.stringify(name)}`);
    if (connectionSpecific.has(name)) throw messageError(`connection-specific field ${name}`);
    if (name === 'te' && value !== 'trailers') throw messageError('TE other than "trailers"');
    const prev = header.get(name);
    header.set(name, prev === undefined ? value : `${prev}${name === 'cookie' ? '; ' : ', '}${value}`);
  }
  return { pseudo, header };
}

const requestPseudo = new Set([':method', ':scheme', ':authority', ':path', ':protocol']);

/** A request from its HEADERS (§4.3.1): :method, :scheme and a non-empty :path are required except for CONNECT. */
export function requestFromHeaders(fields: readonly HeaderField[]): Request {
  const { pseudo, header } = splitFields(fields, requestPseudo);
  const method = pseudo.get(':method');
  if (method === undefined || method === '') throw messageError('missing :method');
  const authority = pseudo.get(':authority') ?? header.get('host') ?? '';
  if (method === 'CONNECT' && !pseudo.has(':protocol')) {
    // §4.4: CONNECT carries :authority only.
    if (pseudo.has(':scheme') || pseudo.has(':path') || authority === '') throw messageError('malformed CONNECT request');
    return { method, scheme: '', authority, path: '', header };
  }
  const scheme = pseudo.get(':scheme');
  const path = pseudo.get(':path');
  if (scheme === undefined) throw messageError('missing :scheme');
  if (path === undefined || path === '') throw messageError('missing or empty :path');
  return { method, scheme, authority, path, header };
}

/** A response's status and fields from its HEADERS (§4.3.2). */
export function responseFromHeaders(fields: readonly HeaderField[]): ResponseHead {
  const { pseudo, header } = splitFields(fields, new Set([':status']));
  const s = pseudo.get(':status');
  if (s === undefined || !/^[1-9][0-9]{2}$/.test(s)) throw messageError(`invalid :status ${JSON.stringify(s)}`);
  return { status: Number(s), header };
}

/** The fields of a request's HEADERS, pseudo-headers first. */
export function requestFields(r: Omit<Request, 'header'> & { header?: Map<string, string> }): HeaderField[] {
  return [
    { name: ':method', value: r.method },
    { name: ':scheme', value: r.scheme },
    { name: ':authority', value: r.authority },
    { name: ':path', value: r.path },
    ...[...(r.header ?? [])].map(([name, value]) => ({ name, value })),
  ];
}

/** The fields of a response's HEADERS. */
export function responseFields(h: ResponseHead): HeaderField[] {
  return [{ name: ':status', value: String(h.status) }, ...[...h.header].map(([name, value]) => ({ name, value }))];
}
