/**
 * Requests Node's HTTP parser refuses before Fastify sees them — oversized headers (431), a
 * request line or header that is not HTTP (400), a client too slow to send its headers (408) —
 * answered as RFC 9457 problem+json like every other 4xx, instead of Fastify's own JSON shape.
 * The socket is closed after the answer, and what the client is still sending is read and
 * dropped meanwhile: closing with unread bytes would reset the connection, and the client would
 * lose the answer.
 *
 * @example
 * Fastify({ clientErrorHandler: answerClientError })
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { buildProblem, PROBLEM_MEDIA_TYPE } from './problem.ts';

const LINGER_MS = 2_000;

function problemFor(code: string | undefined): { status: number; code: string; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'HEADERS_TOO_LARGE', detail: 'the request headers are larger than the server accepts (16 KiB in all)' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'REQUEST_TIMEOUT', detail: 'the request did not arrive in time' };
  return { status: 400, code: 'INVALID_INPUT', detail: `the request is not valid HTTP/1.1${code ? ` (${code})` : ''}` };
}

export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const p = problemFor(error.code);
  const body = JSON.stringify(buildProblem(p.status, { code: p.code, title: STATUS_CODES[p.status] ?? 'Bad Request', detail: p.detail }, '/'));
  // As Node does: only when nothing was written yet. After an answer (e.g. a 401 sent before the
  // request's body arrived), more bytes must not become a second answer the client cannot parse.
  if (socket.writable && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) {
    socket.end(
      `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  } else socket.end();
  socket.on('error', () => {});
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
