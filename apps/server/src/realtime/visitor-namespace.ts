import {
  FormAnswerSendSchema,
  HistoryListSchema,
  IdentifySchema,
  MarkReadSchema,
  mergeAttributes,
  OfflineSubmitSchema,
  OpenSessionSchema,
  parsePayload,
  SessionRefSchema,
  SetAttributesSchema,
  SyncSchema,
  TranscriptEmailSchema,
  TypingSchema,
  VisitorAuthSchema,
  VisitorFeedbackSchema,
  VisitorSendSchema,
} from '@parley/protocol';
import type { ParleyConfig, SiteConfig } from '../config/config-schema.js';
import type { EmailService } from '../email/email-service.js';
import type { HistoryService } from '../history/history-service.js';
import type { TrustProxy } from '../http/client-address.js';
import type { FormAnswerService } from '../sessions/form-answer-service.js';
import { withoutLabels } from '../sessions/label-service.js';
import type { ReadService } from '../sessions/read-service.js';
import { retentionMs } from '../sessions/retention.js';
import type { SessionService } from '../sessions/session-service.js';
import { siteInfo } from '../sessions/site-info.js';
import { checkIdentity, labelled } from '../sessions/visitor-identity.js';
import type { VisitorRouting } from '../sessions/visitor-routing.js';
import type { SessionStore } from '../store/session-store.js';
import { connectError, failedHandshake } from './connect-error.js';
import { type HandlerContext, handleEvents, handler } from './handle.js';
import { limitConnections } from './limit-connections.js';
import type { VisitorNamespace, VisitorSocket } from './namespaces.js';
import { originAllowed } from './origin.js';
import { rooms } from './rooms.js';

export interface VisitorNamespaceDeps {
  config: ParleyConfig;
  store: SessionStore;
  service: SessionService;
  history: HistoryService;
  /** Transcripts by email (issue 13). */
  email: EmailService;
  routing: VisitorRouting;
  /** Read receipts (issue 14). */
  reads: ReadService;
  /** Answers to bots' inline forms (issue 14). */
  formAnswers: FormAnswerService;
  clock: () => number;
  /** Handshakes per client address. */
  connectionLimiter: HandlerContext['limiter'];
  trust: TrustProxy;
  /** Parley's own origin, where the widget's frame comes from (undefined until known). */
  publicOrigin: () => string | undefined;
  handlerContext: (socketId: string) => HandlerContext;
  /** Whether a person could answer a visitor of the site now (sessions/team-available.ts). */
  teamAvailable?(site: SiteConfig): boolean | undefined;
  /** Whether this server keeps files (issue 14): the widget offers to attach only then. */
  files: boolean;
  /**
   * A visitor signed in as a user of the site (a verified `identify`): for the
   * `visitor.identified` webhook (issue 13). Failing, it is logged; the identify still succeeds.
   */
  onIdentified?(event: {
    siteKey: string;
    visitorId: string;
    previousVisitorId: string;
    userId: string;
    name?: string | undefined;
    email?: string | undefined;
    at: number;
  }): Promise<void>;
}

/**
 * `/visitor`: the widget's namespace. The handshake names a site and carries the visitor token
 * the server issued (none on the very first connect: one is issued and sent in `identity`).
 */
export function attachVisitorNamespace(nsp: VisitorNamespace, deps: VisitorNamespaceDeps): void {
  const { config, store, service, routing, clock } = deps;

  nsp.use(limitConnections(deps.connectionLimiter, deps.trust));
  nsp.use(async (socket, next) => {
    const auth = parsePayload(VisitorAuthSchema, socket.handshake.auth);
    if (!auth.ok) return next(connectError('unauthorized', `Bad handshake: ${auth.error.message}`));
    const site = config.sites.find((s) => s.key === auth.value.siteKey);
    if (!site) return next(connectError('unauthorized', 'Unknown site key'));
    if (!originAllowed(site, socket.handshake.headers.origin, auth.value.hostOrigin, deps.publicOrigin())) {
      return next(connectError('origin_not_allowed', 'This page is not allowed to use this site key'));
    }
    try {
      if (auth.value.token) {
        const found = await store.findVisitor(site.key, auth.value.token);
        if (!found) return next(connectError('unauthorized', 'Unknown visitor token'));
        socket.data = { site, ...found, info: {} };
      } else {
        // Signed, not stored: a visitor who only connects costs nothing (issue 11).
        const issued = await store.createVisitor(site.key);
        socket.data = { site, visitorId: issued.visitorId, issuedToken: issued.token, info: {} };
      }
      // The latest answer, known without asking the store (a handshake must not wait on Redis):
      // `identity` carries it, so the header says it at once.
      const available = deps.teamAvailable?.(site);
      if (available !== undefined) socket.data.available = available;
    } catch (error) {
      return next(failedHandshake(error, deps.handlerContext(socket.id).logger));
    }
    next();
  });

  /** The visitor a socket speaks for: fixed at its handshake. */
  const visitorOf = (socket: VisitorSocket) => ({ site: socket.data.site, visitorId: socket.data.visitorId });
  /** Whether the pre-chat form is skipped: the page said who the visitor is (as the widget does). */
  const identified = (socket: VisitorSocket) => Boolean(socket.data.userId || socket.data.identified);

  // One table for every socket of the namespace, each handler given its socket: a connection
  // holds no closures of its own (issue 16, the heap of an idle visitor). A write names its socket
  // (`socket.id`) as the sender: the event comes back in the ack, and not as `session.event`.
  const handlers = {
    'session.open': handler(OpenSessionSchema, async ({ info, ...input }, socket: VisitorSocket) => {
      // Pre-chat answers count only once checked (`routing.open`), never as sent in `info`.
      if (info) {
        const { prechat: _, ...told } = info;
        socket.data.info = { ...socket.data.info, ...told };
      }
      const opened = await routing.open(visitorOf(socket), socket.data.info, input, identified(socket));
      if (!opened.ok) return opened;
      // A message that opens the next session carries the same answers.
      if (opened.value.visitor.prechat) socket.data.info = opened.value.visitor;
      return { ok: true, value: { session: withoutLabels(opened.value) } };
    }),
    'visitor.identify': handler(IdentifySchema, async (input, socket: VisitorSocket) => {
      const checked = checkIdentity(socket.data.site, input);
      if (!checked.ok) return checked;
      socket.data.info = labelled(socket.data.info, input);
      socket.data.identified = true;
      if (!checked.value.verified) return { ok: true, value: { verified: false } };
      if (socket.data.userId === input.userId) return { ok: true, value: { verified: true } };
      const user = await store.identifyVisitor({
        siteKey: socket.data.site.key,
        userId: input.userId,
        retentionMs: retentionMs(socket.data.site),
        now: clock(),
      });
      // A visitor who signs in mid-chat keeps the chat: an anonymous visitor's open session
      // becomes the user's, unless they have one open. A signed-in visitor's stays theirs.
      const moved = socket.data.userId
        ? null
        : await store.moveOpenSession(socket.data.visitorId, user.visitorId, clock());
      if (moved) {
        const signedIn = await service.relabel(moved, (info) => labelled(info, input));
        if (!signedIn.ok) return signedIn;
      }
      await deps
        .onIdentified?.({
          siteKey: socket.data.site.key,
          visitorId: user.visitorId,
          previousVisitorId: socket.data.visitorId,
          userId: input.userId,
          name: input.name,
          email: input.email,
          at: clock(),
        })
        .catch((err: unknown) =>
          deps
            .handlerContext(socket.id)
            .logger.error({ err }, 'cannot enqueue the visitor.identified webhook'),
        );
      return { ok: true, value: { verified: true, token: user.token } };
    }),
    'visitor.attributes': handler(SetAttributesSchema, async ({ attributes }, socket: VisitorSocket) => {
      const info = socket.data.info;
      socket.data.info = { ...info, attributes: mergeAttributes(info.attributes, attributes) };
      const updated = await service.updateVisitorInfo(visitorOf(socket), (known) => ({
        ...known,
        attributes: mergeAttributes(known.attributes, attributes),
      }));
      if (!updated.ok) return updated;
      return { ok: true, value: updated.value ? { sessionId: updated.value.id } : {} };
    }),
    'message.send': handler(VisitorSendSchema, (input, socket: VisitorSocket) =>
      service.visitorSend(visitorOf(socket), socket.data.info, input, identified(socket), socket.id),
    ),
    'read.mark': handler(MarkReadSchema, ({ sessionId, seq }, socket: VisitorSocket) =>
      deps.reads.visitorRead(visitorOf(socket), sessionId, seq),
    ),
    'form.answer': handler(FormAnswerSendSchema, (input, socket: VisitorSocket) =>
      deps.formAnswers.answer(visitorOf(socket), socket.data.info, input, socket.id),
    ),
    'session.close': handler(SessionRefSchema, ({ sessionId }, socket: VisitorSocket) =>
      service.visitorClose(visitorOf(socket), sessionId, socket.id),
    ),
    'session.feedback': handler(VisitorFeedbackSchema, (input, socket: VisitorSocket) =>
      service.visitorFeedback(visitorOf(socket), input, socket.id),
    ),
    'session.handoff': handler(SessionRefSchema, ({ sessionId }, socket: VisitorSocket) =>
      routing.handoff(visitorOf(socket), sessionId, socket.id),
    ),
    'offline.submit': handler(OfflineSubmitSchema, (input, socket: VisitorSocket) =>
      routing.submitOffline(visitorOf(socket), input, socket.id),
    ),
    'history.list': handler(HistoryListSchema, (input, socket: VisitorSocket) =>
      deps.history.visitorHistory(visitorOf(socket), input),
    ),
    'transcript.email': handler(TranscriptEmailSchema, (input, socket: VisitorSocket) =>
      deps.email.transcript(visitorOf(socket), input),
    ),
    'history.get': handler(SessionRefSchema, ({ sessionId }, socket: VisitorSocket) =>
      deps.history.visitorTranscript(visitorOf(socket), sessionId),
    ),
    sync: handler(SyncSchema, async ({ cursors }, socket: VisitorSocket) => {
      const sessions = await service.visitorSync(visitorOf(socket), cursors);
      routing.resynced(sessions.map((s) => s.session));
      const visible = sessions.map((sync) => ({ ...sync, session: withoutLabels(sync.session) }));
      return { ok: true, value: { sessions: visible } };
    }),
    typing: handler(TypingSchema, async ({ sessionId, on }, socket: VisitorSocket) => {
      await service.visitorTyping(visitorOf(socket), sessionId, on);
      return undefined;
    }),
  };

  nsp.on('connection', (socket) => {
    const { site, visitorId, issuedToken, userId } = socket.data;
    void socket.join([rooms.visitor(visitorId), rooms.site(site.key)]);
    socket.emit('identity', {
      visitorId,
      ...(issuedToken ? { token: issuedToken } : {}),
      site: siteInfo(site, { available: socket.data.available, files: deps.files }),
      ...(userId ? { user: { id: userId } } : {}),
    });
    handleEvents(socket, deps.handlerContext(socket.id), handlers);
  });
}
