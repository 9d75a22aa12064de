import pino from 'pino';

/** A silent logger for tests that do not look at log output. */
export const silentLogger = pino({ level: 'silent' });
