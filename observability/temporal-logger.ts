import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import type { PinoLogger } from './logger';

/**
 * Routes the Temporal SDK's logs (worker, workflow `log` via sinks, activity `log`) into pino.
 * The SDK already attaches workflow and activity context (workflow id, run id, activity type) as
 * metadata, so every line says which case it is about.
 */
export class TemporalPinoLogger implements Logger {
  constructor(private readonly pino: PinoLogger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    this.pino[method](meta, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
