/** Who is asking: a guest known only by the random id in their signed cookie, or a CKAN user vouched for by a launch ticket. */
export interface Visitor {
  /** ≥128-bit random id from the visitor cookie. */
  readonly id: string;
  /** CKAN user name when a valid launch ticket came with the request, else null (a guest). */
  readonly ckanUser: string | null;
  /** Client address (socket, or X-Forwarded-For from a trusted proxy). */
  readonly address: string;
}
