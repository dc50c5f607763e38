import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  port: number;
  /** Every mail accepted so far, parsed, in the order they came. */
  received: ParsedMail[];
  /** Resolves once `count` mails have been accepted. */
  waitFor(count: number): Promise<ParsedMail[]>;
  /** Refuses the next `count` mails (as a full mailbox or a server in trouble would: 451). */
  refuseNext(count: number): void;
  /** Mails refused so far. */
  refused(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) in this process on a free port, without TLS or
 * authentication, keeping every mail it accepts, parsed by `mailparser`.
 * @example const smtp = await startSmtp(); const [mail] = await smtp.waitFor(1);
 */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const waiters: Array<() => void> = [];
  let toRefuse = 0;
  let refusedCount = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      if (toRefuse > 0) {
        toRefuse -= 1;
        refusedCount += 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          for (const wake of waiters.splice(0)) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    async waitFor(count) {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received.slice(0, count);
    },
    refuseNext(count) {
      toRefuse = count;
    },
    refused: () => refusedCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
