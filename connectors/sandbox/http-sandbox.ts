import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';

import type { Sandbox, SandboxFaults, SandboxSettings } from '../contract.js';
import {
  FaultModel,
  sandboxFaultsPatch,
  type Fault,
  type ServerErrorStatus,
} from './fault-model.js';

/** Demo data sets are loaded over HTTP in one piece. */
const BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** How many admitted lookups a sandbox remembers. */
const ADMITTED_KEPT = 10_000;

/** What one HTTP department's sandbox adds to the shared toolkit. */
export interface HttpSandboxDefinition<Records, Index> {
  /** Department name, for log lines. */
  department: string;
  /** The department's records schema; every data set is checked against it. */
  records: z.ZodType<Records>;
  empty(): Records;
  /** Builds the lookup structures of a data set; runs once per load, not per lookup. */
  index(records: Records): Index;
  /** Registers the department's lookup routes; the fault model answers before each. */
  routes(desk: LookupDesk<Index>): void;
  /** How the department words an injected server error; a JSON error body by default. */
  serverError?(status: ServerErrorStatus): { status: number; body: unknown };
}

/** What a department's lookup routes are given to work with. */
export interface LookupDesk<Index> {
  /** A scope of the server in which every route goes through the fault model. */
  readonly app: FastifyInstance;
  /** The lookup structures of the data set loaded now. */
  index(): Index;
  /** Notes one lookup that was admitted and how many persons it asked about. */
  noteLookup(persons: number): void;
}

/** A sandbox that also tells what it was asked, for tests and operators. */
export interface HttpSandbox<Records> extends Sandbox<Records> {
  /** Persons asked about in each admitted lookup, oldest first; the latest 10,000 at most. */
  readonly lookups: readonly number[];
}

/**
 * A department stand-in on Fastify: the department's own lookup routes behind
 * the fault model of `SandboxFaults`, and operator routes under `/_sandbox`
 * that change faults and data while it runs.
 */
export function createHttpSandbox<Records, Index>(
  definition: HttpSandboxDefinition<Records, Index>,
  settings: SandboxSettings,
): HttpSandbox<Records> {
  return new HttpSandboxServer(definition, settings);
}

class HttpSandboxServer<Records, Index> implements HttpSandbox<Records> {
  private readonly faultModel = new FaultModel();
  private readonly admitted: number[] = [];
  private readonly logger: Logger;
  private indexed: Index;
  private app: FastifyInstance | null = null;
  private address: string | null = null;
  private stopping = new AbortController();

  constructor(
    private readonly definition: HttpSandboxDefinition<Records, Index>,
    private readonly settings: SandboxSettings,
  ) {
    this.logger = settings.logger.child({ department: definition.department, role: 'sandbox' });
    this.indexed = definition.index(definition.empty());
  }

  get url(): string {
    if (this.address === null) throw new Error(`${this.definition.department} sandbox not started`);
    return this.address;
  }

  get faults(): SandboxFaults {
    return this.faultModel.faults;
  }

  get lookups(): readonly number[] {
    return [...this.admitted];
  }

  async start(): Promise<void> {
    if (this.app !== null) return;
    this.stopping = new AbortController();
    // Every answer held back by the latency fault listens for the stop.
    setMaxListeners(0, this.stopping.signal);
    const app = await this.buildApp();

    try {
      this.address = await app.listen({ port: this.settings.port, host: this.settings.host });
    } catch (error) {
      await app.close();
      throw error;
    }
    this.app = app;
    this.logger.info({ url: this.address }, 'sandbox listening');
  }

  async stop(): Promise<void> {
    const app = this.app;
    if (app === null) return;
    this.app = null;

    // Answers held back by injected latency are released so closing never waits on them.
    this.stopping.abort();
    await app.close();
    this.logger.info({}, 'sandbox stopped');
  }

  load(records: Records): Promise<void> {
    this.replaceRecords(this.definition.records.parse(records));
    return Promise.resolve();
  }

  setFaults(faults: Partial<SandboxFaults>): void {
    const current = this.faultModel.update(faults);
    this.logger.info({ faults: current }, 'sandbox faults changed');
  }

  private replaceRecords(records: Records): void {
    this.indexed = this.definition.index(records);
    this.logger.info({}, 'sandbox records replaced');
  }

  private async buildApp(): Promise<FastifyInstance> {
    // No Fastify request log: URLs of some departments carry identity numbers.
    const app = Fastify({
      logger: false,
      bodyLimit: BODY_LIMIT_BYTES,
      forceCloseConnections: true,
    });
    app.setErrorHandler((error: FastifyError, _request, reply) => this.answerError(error, reply));
    this.registerOperatorRoutes(app);

    await app.register((scope, _options, done) => {
      scope.addHook('onRequest', async (_request, reply) => this.applyFaults(reply));
      this.definition.routes(this.deskFor(scope));
      done();
    });
    return app;
  }

  private deskFor(scope: FastifyInstance): LookupDesk<Index> {
    return {
      app: scope,
      index: () => this.indexed,
      noteLookup: (persons) => {
        this.admitted.push(persons);
        // A sandbox serving a long demo or a bench keeps only the latest.
        if (this.admitted.length > ADMITTED_KEPT) this.admitted.splice(0, ADMITTED_KEPT / 2);
        this.logger.debug({ batch: persons }, 'sandbox lookup admitted');
      },
    };
  }

  private registerOperatorRoutes(app: FastifyInstance): void {
    app.get('/_sandbox/faults', () => this.faults);

    app.put('/_sandbox/faults', (request, reply) => {
      const patch = sandboxFaultsPatch.safeParse(request.body);
      if (!patch.success) return reply.code(400).send({ error: z.prettifyError(patch.error) });
      this.setFaults(patch.data);
      return this.faults;
    });

    app.put('/_sandbox/records', (request, reply) => {
      const records = this.definition.records.safeParse(request.body);
      if (!records.success) return reply.code(400).send({ error: z.prettifyError(records.error) });
      this.replaceRecords(records.data);
      return reply.code(204).send();
    });
  }

  private async applyFaults(reply: FastifyReply): Promise<FastifyReply | undefined> {
    const { latencyMs } = this.faultModel.faults;
    if (latencyMs > 0) {
      await delay(latencyMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }

    const fault = this.faultModel.judge();
    if (fault === null) return undefined;
    return this.answerFault(fault, reply);
  }

  private answerFault(fault: Fault, reply: FastifyReply): FastifyReply {
    this.logger.debug({ fault: fault.kind }, 'sandbox fault shown');
    if (fault.kind === 'down') {
      return reply.code(503).send({ error: 'department under maintenance' });
    }
    if (fault.kind === 'rate-limited') {
      reply.header('retry-after', String(fault.retryAfterSeconds));
      return reply.code(429).send({ error: 'too many lookups' });
    }

    const answer = this.definition.serverError?.(fault.status) ?? {
      status: fault.status,
      body: { error: 'server error' },
    };
    return reply.code(answer.status).send(answer.body);
  }

  private answerError(error: FastifyError, reply: FastifyReply): FastifyReply {
    const given = error.statusCode ?? 500;
    const status = given >= 400 ? given : 500;
    if (status >= 500) {
      this.logger.error({ err: error }, 'sandbox failed to answer');
      return reply.code(status).send({ error: 'internal error' });
    }
    return reply.code(status).send({ error: error.message });
  }
}
