/**
 * Who a request comes from: the visitor id from the signed cookie (a new one is issued
 * when it is missing or forged) and the client address.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Visitor } from '../identity/visitor.js';
import type { HubContext } from './hub-context.js';

export function clientAddress(ctx: HubContext, request: FastifyRequest): string {
  return ctx.addresses.resolve(
    request.raw.socket.remoteAddress,
    request.headers['x-forwarded-for'],
  );
}

/** The proven visitor id, or null (no cookie, or one this hub did not sign). */
export function visitorId(ctx: HubContext, request: FastifyRequest): string | null {
  return ctx.cookies.fromRequest(request.raw);
}

/** The visitor, issuing a fresh cookie when the request has no valid one. */
export function visitorFor(
  ctx: HubContext,
  request: FastifyRequest,
  reply: FastifyReply,
  ckanUser: string | null = null,
): Visitor {
  let id = visitorId(ctx, request);
  if (!id) {
    id = ctx.cookies.newVisitorId();
    reply.header('Set-Cookie', ctx.cookies.header(id));
  }
  return { id, ckanUser, address: clientAddress(ctx, request) };
}
