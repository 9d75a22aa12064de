import type { Command } from 'commander';

import { batchReceipt } from '../../batches/batch.schemas.js';
import { type BatchProgress, checksLeft, followBatch } from '../../batches/follow-batch.js';
import { type ApiTarget, type UploadResult, uploadBatch } from '../../batches/upload-batch.js';
import { positiveInteger } from '../context.js';
import { print } from '../output.js';
import { ProgressLine, mebibytes } from '../progress-line.js';

interface SubmitFlags {
  api: string;
  token?: string;
  timeout: number;
}

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .argument('<file>', 'declared families, one JSON object per line')
    .description('send a file of families as one batch and follow its checks to the end')
    .option(
      '--api <url>',
      'base URL of the API',
      process.env.CROSSCHECK_API ?? 'http://127.0.0.1:3000',
    )
    .option('--token <token>', 'submitter token (default: CROSSCHECK_TOKEN)')
    .option('--timeout <s>', 'seconds to follow the checks', positiveInteger, 86_400)
    .action(async (file: string, options: SubmitFlags) => {
      const token = options.token ?? process.env.CROSSCHECK_TOKEN;
      if (!token) throw new Error('a submitter token is needed: --token or CROSSCHECK_TOKEN');
      const target: ApiTarget = { api: options.api, token };
      const started = Date.now();

      const receipt = await upload(target, file);
      const progress = new ProgressLine();
      const last = await followBatch(target, receipt.id, {
        everyMs: 1000,
        timeoutMs: options.timeout * 1000,
        onProgress: (p) => progress.update(describeChecks(p)),
      });
      progress.end(describeChecks(last));

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const { complete, partial } = last.checks;
      print(
        `batch ${last.id}: ${last.lines} lines, ${last.accepted} accepted, ` +
          `${last.rejected} rejected; ${complete} complete, ${partial} partial in ${seconds} s`,
      );
    });
}

/** Sends the file with a progress line, then prints the rejected lines of the answer. */
async function upload(target: ApiTarget, file: string) {
  const progress = new ProgressLine();
  const describe = (sent: number, size: number) =>
    `uploading ${mebibytes(sent)} of ${mebibytes(size)} (${percent(sent, size)})`;
  let last = '';
  const result = await uploadBatch(target, file, (sent, size) => {
    last = describe(sent, size);
    progress.update(last);
  });
  progress.end(last || 'uploaded');

  const receipt = receiptOf(result);
  for (const rejection of receipt.rejections) {
    const problems = rejection.problems.map((p) => `${p.path} ${p.message}`).join('; ');
    print(`line ${rejection.line} rejected: ${problems}`);
  }
  if (receipt.rejected > receipt.rejections.length) {
    const more = receipt.rejected - receipt.rejections.length;
    print(`${more} more rejected lines: GET /v1/batches/${receipt.id}/rejections`);
  }
  return receipt;
}

function receiptOf(result: UploadResult) {
  if (result.status === 202) return batchReceipt.parse(result.body);
  const error = (result.body as { error?: { message?: string } }).error;
  throw new Error(`the API answered ${result.status}: ${error?.message ?? 'no message'}`);
}

function describeChecks(progress: BatchProgress): string {
  const { queued, running, complete, partial } = progress.checks;
  const made = progress.accepted - progress.repeated;
  return `checks finished ${made - checksLeft(progress)} of ${made} ` +
    `(complete ${complete}, partial ${partial}, running ${running}, queued ${queued})`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '100%' : `${Math.floor((part / whole) * 100)}%`;
}
