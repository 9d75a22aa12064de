import { FlowProducer, type FlowJob, Worker } from 'bullmq';

export interface BareFlowOptions {
  redisUrl: string;
  /** A prefix of the bench's own; its keys are deleted with the run's. */
  prefix: string;
  families: number;
  /** Children of each family, one per department queue. */
  departments: readonly string[];
  concurrency: number;
  timeoutMs: number;
}

export interface BareFlowFigures {
  families: number;
  seconds: number;
}

const PARENT_QUEUE = 'bare-family';
const FLOWS_PER_CALL = 500;

/**
 * What BullMQ alone does on this machine and this Redis: per family one
 * parent job and one child per department queue, every processor doing
 * nothing. The pipeline's rate is read against this.
 */
export async function measureBareFlow(options: BareFlowOptions): Promise<BareFlowFigures> {
  const connection = connectionOf(options.redisUrl);
  const base = { connection, prefix: options.prefix, concurrency: options.concurrency };
  const noop = () => Promise.resolve();
  const children = options.departments.map((d) => new Worker(childQueue(d), noop, base));
  const parent = new Worker(PARENT_QUEUE, noop, base);
  const producer = new FlowProducer({ connection, prefix: options.prefix });

  try {
    const done = parentsCompleted(parent, options.families, options.timeoutMs);
    // Awaited after the last flow is added; a timeout meanwhile is not unhandled.
    done.catch(() => undefined);
    const started = Date.now();
    for (let first = 0; first < options.families; first += FLOWS_PER_CALL) {
      const count = Math.min(FLOWS_PER_CALL, options.families - first);
      await producer.addBulk(flows(first, count, options.departments));
    }
    await done;
    return { families: options.families, seconds: (Date.now() - started) / 1000 };
  } finally {
    await Promise.all([...children, parent].map((w) => w.close()));
    await producer.close();
  }
}

function flows(first: number, count: number, departments: readonly string[]): FlowJob[] {
  const opts = { removeOnComplete: true, removeOnFail: true };
  return Array.from({ length: count }, (_, i) => ({
    name: 'family',
    queueName: PARENT_QUEUE,
    data: { family: first + i },
    opts,
    children: departments.map((department) => ({
      name: 'lookup',
      queueName: childQueue(department),
      data: { family: first + i },
      opts,
    })),
  }));
}

/** Resolves when `count` parents have completed; counted from the worker's own events. */
function parentsCompleted(worker: Worker, count: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let completed = 0;
    const timer = setTimeout(() => {
      reject(new Error(`bare flow: ${completed} of ${count} families in ${timeoutMs} ms`));
    }, timeoutMs);
    worker.on('completed', () => {
      completed += 1;
      if (completed < count) return;
      clearTimeout(timer);
      resolve();
    });
    worker.on('failed', (_job, err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function childQueue(department: string): string {
  return `bare-${department}`;
}

function connectionOf(redisUrl: string) {
  const url = new URL(redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
}
